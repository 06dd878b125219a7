"""The duplicate lookups' IN lists come in a few lengths, so SQLite's driver keeps a few statements."""

from __future__ import annotations

from api.imports.duplicates import _padded


def test_lists_are_padded_to_a_power_of_two_with_the_same_values():
    for length in (1, 2, 3, 37, 1999, 2000, 2048):
        values = [f"fingerprint {index}" for index in range(length)]
        padded = _padded(values)
        assert len(padded) & (len(padded) - 1) == 0 and len(padded) >= length
        assert padded[:length] == values and set(padded) == set(values)


def test_a_batch_of_any_size_up_to_two_thousand_uses_one_of_twelve_lengths():
    assert len({len(_padded(list(range(length)))) for length in range(1, 2049)}) == 12
