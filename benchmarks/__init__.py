"""Benchmark scripts (`make bench`): figures and ratios measured in the same run, never timed tests."""
