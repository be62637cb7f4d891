"""Benchmarks of dihub: imports and page/API latencies on SQLite and PostgreSQL.

Run `python -m benchmarks --help`. Each figure is printed with its ratio to a
baseline measured in the same run, because machines are noisy.
"""
