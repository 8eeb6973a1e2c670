"""Tidepool: sign-up and subscriber import for a community radio station's newsletter."""
