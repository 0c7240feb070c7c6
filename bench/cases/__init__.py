"""Bench cases: every module here is imported by ``bench/run.py``, core first."""
