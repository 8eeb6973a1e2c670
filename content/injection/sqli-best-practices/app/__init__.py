"""Spokes & Sprockets — the bike shop's online catalogue."""
