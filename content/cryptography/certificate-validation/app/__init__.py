"""Fernhill Garden Centres — the price sync that runs on every store's till PC."""
