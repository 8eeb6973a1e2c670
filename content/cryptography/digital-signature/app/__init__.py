"""Tallyline: point-of-sale software for small shops, and the updater that keeps it current."""
