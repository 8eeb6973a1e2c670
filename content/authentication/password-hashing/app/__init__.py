"""Inkwell: a small self-hosted notes service. This lab looks at how it stores passwords."""
