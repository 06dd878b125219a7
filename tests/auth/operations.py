"""GraphQL documents and small helpers shared by the auth tests."""

from __future__ import annotations

from typing import Any

from tests.conftest import GraphQL

PASSWORD = "correct horse battery"  # what the `make_user` fixture registers with

ME = "{ me { email } }"
REGISTER = """
mutation Register($email: String!, $password: String!) {
  register(email: $email, password: $password) { accessToken refreshToken tokenType expiresIn user { email } }
}
"""
LOGIN = """
mutation Login($email: String!, $password: String!) {
  login(email: $email, password: $password) { accessToken refreshToken deviceToken user { email } }
}
"""
REFRESH = """
mutation Refresh($token: String!) {
  refreshToken(refreshToken: $token) { accessToken refreshToken tokenType expiresIn user { email } }
}
"""
REMEMBERED_LOGIN = """
mutation Login($email: String!, $password: String!) {
  login(email: $email, password: $password, remember: true) { accessToken refreshToken deviceToken }
}
"""
RESUME = """
mutation Resume($token: String!) {
  resumeSession(deviceToken: $token) { accessToken refreshToken deviceToken user { email } }
}
"""
LOGOUT = "mutation Logout($token: String) { logout(refreshToken: $token) }"
CHANGE_PASSWORD = """
mutation ChangePassword($current: String!, $new: String!) {
  changePassword(currentPassword: $current, newPassword: $new)
}
"""


def error_code(graphql: GraphQL, query: str, variables: dict[str, Any] | None = None) -> str:
    """The code of the first error of an operation that must fail."""
    return graphql.error(query, variables)["extensions"]["code"]
