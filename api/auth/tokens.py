"""JWT access tokens, and the opaque refresh and device tokens (stored only as hashes)."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from jose import JWTError, jwt

from api.errors import Unauthenticated

ALGORITHM = "HS256"
ACCESS_CLAIM_TYPE = "access"
REQUIRED_CLAIMS = {f"require_{claim}": True for claim in ("aud", "iss", "sub", "iat", "exp")}


@dataclass(frozen=True)
class AccessClaims:
    """What an access token says: who, and in which sign-in session."""

    user_id: int
    session_id: str


class TokenCodec:
    """Signs and checks access tokens with an explicit algorithm, issuer and audience."""

    def __init__(self, secret_key: str, issuer: str, audience: str, lifetime: timedelta) -> None:
        self._secret_key = secret_key
        self._issuer = issuer
        self._audience = audience
        self.lifetime = lifetime

    def issue(self, user_id: int, session_id: str, now: datetime | None = None) -> str:
        """A signed access token for the user's session."""
        issued_at = now or datetime.now(timezone.utc)
        claims = {
            "sub": str(user_id),
            "sid": session_id,
            "typ": ACCESS_CLAIM_TYPE,
            "iss": self._issuer,
            "aud": self._audience,
            "iat": int(issued_at.timestamp()),
            "exp": int((issued_at + self.lifetime).timestamp()),
        }
        return jwt.encode(claims, self._secret_key, algorithm=ALGORITHM)

    def decode(self, token: str) -> AccessClaims:
        """Check signature, algorithm, issuer, audience and times; raise Unauthenticated otherwise."""
        try:
            claims = jwt.decode(
                token,
                self._secret_key,
                algorithms=[ALGORITHM],
                audience=self._audience,
                issuer=self._issuer,
                # python-jose skips the audience and issuer checks when the claim is absent.
                options={**REQUIRED_CLAIMS, "leeway": 0},
            )
        except JWTError:
            raise Unauthenticated("The access token is invalid or has expired") from None
        issued_at = claims.get("iat")
        if not isinstance(issued_at, int) or issued_at > datetime.now(timezone.utc).timestamp() + 5:
            raise Unauthenticated("The access token is invalid or has expired")
        if claims.get("typ") != ACCESS_CLAIM_TYPE or not isinstance(claims.get("sid"), str):
            raise Unauthenticated("The access token is invalid or has expired")
        try:
            user_id = int(claims["sub"])
        except (TypeError, ValueError):
            raise Unauthenticated("The access token is invalid or has expired") from None
        return AccessClaims(user_id=user_id, session_id=claims["sid"])


def new_opaque_token() -> str:
    """A random, URL-safe refresh or device token (only its hash is stored)."""
    return secrets.token_urlsafe(32)


def hash_opaque_token(token: str) -> str:
    """SHA-256 of a refresh or device token: enough for a 256-bit random secret, and indexable."""
    # surrogatepass: a malformed token from JSON must hash (and match nothing), not raise.
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()
