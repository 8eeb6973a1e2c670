"""This run's portal: a new signing key (of a new length), new files, a new secret."""

import os

PAYROLL = "payroll/salaries-2025.csv"
CLIENTS = ["dana", "oskar", "farah", "mateo", "ines", "kemal"]


def install(run):
    key = os.urandom(run.rand.randint(16, 40))
    run.target.write_file("data/signing.key", key)
    me = run.rand.choice(CLIENTS)
    invoice = f"invoices/INV-2025-{run.rand.randint(1000, 9999)}.pdf"
    secret = run.flag()
    run.target.write_file(f"data/files/{invoice}", f"Invoice {invoice[9:-4]}\nClient: {me}\nTotal: 412.50 EUR\n")
    run.target.write_file(f"data/files/{PAYROLL}",
                          "name,role,salary\n" + "\n".join(f"{n},staff,{run.rand.randint(38, 96)}000" for n in CLIENTS)
                          + f"\n# export token: {secret}\n")
    run.target.write_file("data/files/reports/q3-summary.txt", "Q3 revenue up 4%.\n")
    run.target.write_file("data/access.log", "")
    return {"key": key, "me": me, "invoice": invoice, "secret": secret}
