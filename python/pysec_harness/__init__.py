"""pysec target harness (see __main__.py)."""
