"""Inkpot Studio's file share: housekeeping jobs for the client upload folder."""
