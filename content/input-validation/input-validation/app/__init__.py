"""Lantern Hall Pottery — the studio's desktop tools for course bookings."""
