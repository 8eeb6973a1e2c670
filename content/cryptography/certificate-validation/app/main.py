"""python -m app.main — sync every category in config/tillsync.json and print the prices."""

import sys

from app import settings
from app.pricefeed import PriceFeedError, fetch_prices


def main():
    config = settings.load()
    print(f"{config['store']}: syncing prices from {config['service']['host']}")
    failed = 0
    for category in config["categories"]:
        try:
            price_list = fetch_prices(config["service"], category)
        except (PriceFeedError, OSError) as exc:
            print(f"  {category}: kept yesterday's prices ({exc})")
            failed += 1
            continue
        print(f"  {category} ({price_list['currency']}, ref {price_list['ref']}):")
        for sku, price in sorted(price_list["prices"].items()):
            print(f"    {sku:<14} {price:>9}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
