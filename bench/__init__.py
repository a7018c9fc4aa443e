"""Benchmarks: `bench/run --json GROUP` prints one JSON object of figures for GROUP (docs/benchmarks.md).

Each group is a module here (`bench/<group>.py`) with a `run() -> dict` of numbers; modules whose names start
with an underscore are helpers, not groups.
"""
