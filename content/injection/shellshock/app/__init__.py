"""Harbourview's intranet portal: a small Python server that still runs old CGI scripts."""
