"""Kestrel AX3 — the admin pages of a home router (network diagnostics)."""
