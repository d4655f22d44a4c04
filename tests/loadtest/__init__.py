"""Tests of the load test's own plan (the run itself is a benchmark: make loadtest)."""
