"""Try the portal by hand with demo data.

    python -m app.main             # make a demo link for dana and download with it
    python -m app.main '<link>'    # download with a link of your own

On first use it creates data/signing.key and a few demo files. `pysec check` never uses
them: each check installs a new key, new files and a new link for you.
"""

import secrets
import sys

from app import portal, signing


def create_demo_data():
    portal.FILES.mkdir(parents=True, exist_ok=True)
    signing.KEY_PATH.write_bytes(secrets.token_bytes(24))
    (portal.FILES / "invoices").mkdir(exist_ok=True)
    (portal.FILES / "payroll").mkdir(exist_ok=True)
    (portal.FILES / "invoices" / "INV-2025-0042.pdf").write_text("Invoice INV-2025-0042\nDana Whitfield: 3 x harbour tours\n")
    (portal.FILES / "payroll" / "salaries-2025.csv").write_text("name,salary\n(demo data: the real file is not here)\n")
    print("Created a demo key and demo files under data/.\n")


def main():
    if not signing.KEY_PATH.exists():
        create_demo_data()
    link = sys.argv[1] if len(sys.argv) > 1 else portal.make_link("dana", "invoices/INV-2025-0042.pdf")
    print("link:", link)
    print(portal.download(link))


if __name__ == "__main__":
    main()
