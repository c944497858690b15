"""Benchmarks of the worker and the orchestrator: `python -m bench [--quick] [--only NAME]`.

Every benchmark measures a baseline in the same run and prints it beside our number: the
machines these run on are shared and noisy, so ratios mean more than absolute times.
"""
