"""Timing step: the reset form gives the same answer whatever happens, and hides its errors.
Only the time it takes can carry information. Did the exploit use it to read this run's
door code?"""

import space
from pysec_judge import attack, setup


@setup
def seed(run):
    space.seed(run)


@attack("reads-code", "Make the reset form run a query that reads the door code")
def reads_code(run):
    space.check_reads_code(run, "reset form")


@attack("door-code", "Print this run's door code, learned only from how long the reset form takes")
def door_code(run):
    space.check_door_code(run)
