"""Dockside Hall box office: tickets, customer accounts and the door scanner."""
