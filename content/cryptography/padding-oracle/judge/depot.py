"""Per-run depot data shared by both judges: a fresh key, fresh badges, a fresh PIN."""

import json
import os

ZONES = ("cold store", "dock 3", "yard", "hazmat cage", "returns", "Kühlhaus", "quai B — réception")
HOLDERS = ("Ines Duarte", "Bram Okafor", "Søren Kjærgård", "Nadia Haddad", "José Núñez", "Siobhan O'Brien",
           "Łukasz Żółkiewski", "Hana Tanaka")


def setup(run):
    """Writes a new site key and an empty badge registry into the target; returns the plan."""
    run.target.write_file("data/pass.key", os.urandom(32))
    run.target.write_file("data/badges.json", json.dumps({}))
    number = run.rand.randrange(1000, 9998, 2)  # even, so number and number + 1 differ in one bit
    holders = run.rand.sample(HOLDERS, 4)
    return {
        "manager": {"badge": f"M-{number}", "holder": holders[0], "zone": "all zones", "pin": run.flag()},
        "neighbour": {"badge": f"M-{number + 1}", "holder": holders[1], "zone": run.rand.choice(ZONES),
                      "pin": f"{run.rand.randrange(10**7, 10**8)}"},
        "visitor": {"badge": f"V-{run.rand.randrange(100, 999)}", "holder": holders[2],
                    "zone": run.rand.choice(ZONES), "pin": f"{run.rand.randrange(1000, 9999)}"},
        "unicode": {"badge": f"S-{run.rand.randrange(10, 99)}", "holder": holders[3], "zone": "Kühlhaus — quai B",
                    "pin": "ünïcødé-" + run.token(3)},
    }


def register(run, person):
    return run.target.call("app.gate:register", person["badge"], person["holder"], person["zone"],
                           person["pin"]).value
