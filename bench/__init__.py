"""Benchmarks of issue 11: a dataset written through the product's own bulk path, figures measured
against a real server process, and the ratios to their targets written to `bench/RESULTS.md`.

Run `python -m bench run --help`; see `bench/README.md`.
"""
