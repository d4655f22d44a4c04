"""A bounded load test of the production server; see run.py and the README."""
