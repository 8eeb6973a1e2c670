"""Gridwise smart meters: the encrypted link between a meter and the utility's head-end."""
