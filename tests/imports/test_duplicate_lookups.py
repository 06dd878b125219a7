"""The duplicate lookups: IN lists come in a few lengths, so SQLite's driver keeps a few statements;
an import's stored fingerprints are remembered in a filter whose "not stored" is certain."""

from __future__ import annotations

from datetime import date, timedelta

from api.imports.duplicates import StoredFingerprints, _padded, content_fingerprint


def test_lists_are_padded_to_a_power_of_two_with_the_same_values():
    for length in (1, 2, 3, 37, 1999, 2000, 2048):
        values = [f"fingerprint {index}" for index in range(length)]
        padded = _padded(values)
        assert len(padded) & (len(padded) - 1) == 0 and len(padded) >= length
        assert padded[:length] == values and set(padded) == set(values)


def test_a_batch_of_any_size_up_to_two_thousand_uses_one_of_twelve_lengths():
    assert len({len(_padded(list(range(length)))) for length in range(1, 2049)}) == 12


def _fingerprints(count: int, payee: str) -> list[str]:
    return [content_fingerprint(date(2026, 1, 1) + timedelta(days=index % 365), -index, payee, f"ref {index}")
            for index in range(count)]


def test_stored_fingerprints_never_forget_one_and_rarely_hold_another():
    stored = StoredFingerprints()
    added = _fingerprints(20_000, "Coffee Corner")
    assert not any(stored.may_hold(fingerprint) for fingerprint in added)
    stored.add(added)
    assert all(stored.may_hold(fingerprint) for fingerprint in added)
    others = _fingerprints(20_000, "Grocer")
    assert sum(stored.may_hold(fingerprint) for fingerprint in others) < 20  # about 0.0002 of them
