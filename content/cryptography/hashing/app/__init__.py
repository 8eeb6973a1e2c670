"""Ledgerly: a small invoicing portal that e-mails signed download links."""
