"""Ironbridge Makerspace — the members' site: sign-up, accounts and the workshop door code."""
