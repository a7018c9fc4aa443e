"""Benchmarks: `bench/run --json GROUP` prints one JSON object of figures for GROUP (DESIGN.md §6).

Each group is a module here (`bench/<group>.py`) with a `run() -> dict` of numbers; modules whose names start
with an underscore are helpers, not groups.
"""
