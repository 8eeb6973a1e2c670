"""Lumen Thermostats: the build server's release signer and the thermostat's updater."""
