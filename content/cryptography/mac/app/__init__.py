"""Kiosko: prepaid wallets for a chain of market-hall food stalls, topped up through TidePay."""
