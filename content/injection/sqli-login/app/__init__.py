"""Harbour Lane Rowing Club — the members' app that runs on the clubhouse PC."""
