"""Boolean step: the sign-up form only ever answers "taken" or "free". Did the exploit turn
that answer into questions about the door code, and print this run's code?"""

import space
from pysec_judge import attack, setup


@setup
def seed(run):
    space.seed(run)


@attack("reads-code", "Make the name check run a query that reads the door code")
def reads_code(run):
    space.check_reads_code(run, "name check")


@attack("door-code", "Print this run's door code, learned from taken/free answers")
def door_code(run):
    space.check_door_code(run, yes_no=True)
