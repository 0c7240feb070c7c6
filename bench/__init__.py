"""Benchmarks that print ratios against baselines measured in the same run.

Run ``.venv/bin/python bench/run.py [--quick]``; see ``bench/README.md``.
"""
