"""Reads the bot's settings file, instance/settings.ini.

The file holds the chat workspace's API token, so it is readable by the bot's service
account only. It is read on every use, so an edited file takes effect at once.
"""

import configparser
from pathlib import Path

SETTINGS_FILE = Path(__file__).resolve().parent.parent / "instance" / "settings.ini"


def load():
    parser = configparser.ConfigParser()
    with open(SETTINGS_FILE, encoding="utf-8") as f:
        parser.read_file(f)
    return parser


def bot_name():
    return load().get("bot", "name", fallback="Abacus")
