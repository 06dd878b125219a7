"""parse_file answers every input with a ParsedFile: damaged sample files and random bytes never raise."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from api.imports.formats import parse_file
from api.imports.parsed import ParsedFile

DATA = Path(__file__).resolve().parent.parent / "data" / "imports"
SAMPLES = sorted(DATA.iterdir())


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(SAMPLES), st.integers(min_value=0), st.binary(max_size=8), st.integers(0, 40))
def test_damaged_samples_never_raise(sample, position, replacement, cut):
    content = sample.read_bytes()
    position %= len(content)
    damaged = content[:position] + replacement + content[position + cut:]
    parsed = parse_file(damaged, sample.name)
    assert isinstance(parsed, ParsedFile)
    assert parsed.transactions or parsed.problems or parsed.notes


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000),
       st.sampled_from(["x.csv", "x.ofx", "x.qfx", "x.qif", "x.sta", "x.xls", "x.xml", "x"]))
def test_random_bytes_never_raise(content, name):
    assert isinstance(parse_file(content, name), ParsedFile)
