"""Oakfield Makerspace — the members' intranet that runs on the workshop server."""
