"""Addresses for the redos judge: honest ones, invalid ones, and inputs built to make a
backtracking pattern explode. Everything is drawn from run.rand, so every check run sees
different characters and no fix can recognise a fixed payload.

The spec (task.md), after surrounding whitespace is removed:
  local part  1-64 chars, atoms of [A-Za-z0-9_%+'-] joined by single dots
  domain      labels of letters/digits (hyphens inside only) joined by dots, at least two,
              the last one letters only and at least two of them
  the whole   at most 254 chars, exactly one @, ASCII only, no whitespace inside
"""

import string

ATOM_CHARS = string.ascii_letters + string.digits + "_%+-'"
ALNUM = string.ascii_letters + string.digits
LOWER_ALNUM = string.ascii_lowercase + string.digits

# Whitespace as both Python's str.isspace() and the re module's \s see it.
SPACES = (" ", "\t", "\n", "\r", "\x0b", "\x0c", "\xa0", "\u2003", "\u3000", "\u2028")
# What a spreadsheet or a paste really brings: mostly spaces and tabs, some line breaks.
PADDING = (" ", " ", " ", "\t", "\n", "\r\n", "\xa0")

TLDS = ("org", "com", "net", "de", "fr", "uk", "nl", "radio", "museum", "coop", "io", "ie", "nz")


def _chars(rand, n, alphabet):
    return "".join(rand.choice(alphabet) for _ in range(n))


def _label(rand, n):
    """A domain label of n characters: letters and digits, maybe a hyphen run inside."""
    if n >= 5 and rand.random() < 0.4:
        cut = rand.randint(1, n - 3)
        hyphens = rand.choice((1, 1, 2))
        rest = n - cut - hyphens
        return _chars(rand, cut, LOWER_ALNUM) + "-" * hyphens + _chars(rand, rest, LOWER_ALNUM)
    return _chars(rand, n, LOWER_ALNUM)


def _atoms(rand, n):
    """A local part of exactly n characters: atoms joined by single dots."""
    parts, left = [], n
    while left > 0:
        size = min(left, rand.randint(1, 12))
        if left - size == 1:  # a lone trailing dot would need an empty atom
            size = left
        parts.append(_chars(rand, size, ATOM_CHARS))
        left -= size + 1
    return ".".join(parts)


def _domain_of(rand, n):
    """A domain of exactly n characters (n >= 8): labels of up to 63 characters and a TLD."""
    tld = rand.choice(TLDS)
    left = n - len(tld) - 1  # characters for the labels and the dots between them
    labels = []
    while left > 63:
        size = rand.randint(20, min(63, left - 2))  # leave room for a dot and one more label
        labels.append(_label(rand, size))
        left -= size + 1
    labels.append(_label(rand, left))
    return ".".join(labels + [tld])


def valid_addresses(run):
    """(address, what it shows) pairs, all valid."""
    rand = run.rand
    first, last = run.name().lower(), run.word()
    host = run.word()
    return [
        (f"{first}@{host}.{rand.choice(TLDS)}", "a plain address"),
        (f"{first}.{last}@{host}.org", "a dot in the local part"),
        (f"{first}.{last[0]}.{run.word()}@mail.{host}.co.uk", "several dots and subdomains"),
        (f"{first}_{last}@{host}-{run.word()}.net", "an underscore, and a hyphen in the domain"),
        (f"{first}+{run.word()}@{host}.org", "plus-addressing"),
        (f"{first}-{last}{rand.randint(1, 99)}@{host}{rand.randint(2, 9)}.de", "hyphens and digits"),
        (f"o'{last}@{host}.ie", "an apostrophe"),
        (f"{first}%{run.word()}@{host}.org", "a percent sign"),
        (f"{rand.randint(1000, 99999)}@{host}.com", "a local part of digits only"),
        (f"{first[0]}@{host[0]}{rand.choice(LOWER_ALNUM)}.io", "one-letter local part, two-letter domain"),
        (f"{first.title()}.{last.upper()}@{host.upper()}.ORG", "upper case"),
        (f"{first}@xn--{last}-{_chars(rand, 3, string.ascii_lowercase)}.{rand.choice(TLDS)}",
         "a punycode label (xn--, two hyphens in a row)"),
        (f"{first}@{host}---{run.word()}.radio", "three hyphens inside a label"),
        (f"{first}@{rand.randint(1, 9)}{host}.museum", "a label starting with a digit, a long TLD"),
        (f"{_atoms(rand, rand.randint(8, 20))}@{_label(rand, rand.randint(6, 14))}.{_label(rand, 4)}"
         f".{rand.choice(TLDS)}", "random characters"),
    ]


def padded_addresses(run):
    """Valid addresses with whitespace around them, the way pastes and exports bring them."""
    rand = run.rand

    def pad(lo, hi):
        return "".join(rand.choice(PADDING) for _ in range(rand.randint(lo, hi)))

    plain = [a for a, _ in valid_addresses(run)]
    rand.shuffle(plain)
    column = plain[0].ljust(320)  # the CRM export pads cells to the column width
    return [
        (" " + plain[1], "a leading space"),
        (plain[2] + "\n", "a trailing line break"),
        (f"\t{plain[3]}\r\n", "a tab and a Windows line ending"),
        (pad(1, 6) + plain[4] + pad(1, 6), "spaces, tabs and line breaks around it"),
        ("\xa0" + plain[5] + "\u3000\u2003", "no-break, ideographic and em spaces"),
        (column, "a cell padded to 320 characters by the CRM export"),
        (pad(30, 80) + plain[6] + pad(120, 200), "a lot of padding on both sides"),
    ]


def long_valid_addresses(run):
    """Valid addresses right up to the limits (64-character local part, 254 in all)."""
    rand = run.rand
    host = run.word()
    local64 = _atoms(rand, 64)
    return [
        (f"{local64}@{host}.org", "a local part of exactly 64 characters"),
        (f"{run.name().lower()}@{_domain_of(rand, 180)}", "a 180-character domain"),
        (f"{local64}@{_domain_of(rand, 254 - 65)}", "exactly 254 characters"),
        (f"{_atoms(rand, 40)}@{_domain_of(rand, 120)}", "about 160 characters"),
        (f"{run.name().lower()}@{_label(rand, 63)}.{rand.choice(TLDS)}", "a 63-character label"),
    ]


def honest_growing(run, n):
    """A valid address of about n characters (16 <= n <= 254), for the timing of honest use."""
    rand = run.rand
    local = _atoms(rand, max(1, min(64, n // 3)))
    return f"{local}@{_domain_of(rand, max(10, n - len(local) - 1))}"


def invalid_addresses(run):
    """(input, why it must be rejected) pairs."""
    rand = run.rand
    name, word, host = run.name().lower(), run.word(), run.word()
    tld = rand.choice(TLDS)
    ok = f"{name}@{host}.{tld}"
    return [
        ("", "it is empty"),
        (rand.choice(PADDING) * 3, "it is only whitespace"),
        (f"{name}{host}.{tld}", "it has no @"),
        (f"{name}@{word}@{host}.{tld}", "it has two @ signs"),
        (f"@{host}.{tld}", "the local part is empty"),
        (f"{name}@", "the domain is empty"),
        (f".{name}@{host}.{tld}", "the local part starts with a dot"),
        (f"{name}.@{host}.{tld}", "the local part ends with a dot"),
        (f"{name}..{word}@{host}.{tld}", "the local part has two dots in a row"),
        (f"{name}@{host}", "the domain has a single label"),
        (f"{name}@{host}..{tld}", "the domain has an empty label"),
        (f"{name}@.{host}.{tld}", "the domain starts with a dot"),
        (f"{name}@{host}.{tld}.", "the domain ends with a dot"),
        (f"{name}@-{host}.{tld}", "a domain label starts with a hyphen"),
        (f"{name}@{host}-.{tld}", "a domain label ends with a hyphen"),
        (f"{name}@{host}.{rand.randint(10, 999)}", "the top-level domain is a number"),
        (f"{name}@{host}.{tld[0]}", "the top-level domain is a single letter"),
        (f"{name}@{host}.c-m", "the top-level domain has a hyphen"),
        (f"{name}@{host}.{tld}{rand.randint(1, 9)}", "the top-level domain ends with a digit"),
        (f"{name}@{host}_{word}.{tld}", "the domain has an underscore"),
        (f"{name} {word}@{host}.{tld}", "there is a space inside"),
        (f"{name}@{host}.\t{tld}", "there is a tab inside"),
        (f"{name}\n@{host}.{tld}", "there is a line break inside"),
        (f"{ok}\nbcc@{word}.{tld}", "it is two lines"),
        (f"{ok}, {word}@{host}.{tld}", "it is two addresses"),
        (f"{name.title()} <{ok}>", "it has a display name around it"),
        (f'"{name}"@{host}.{tld}', "it has quotes"),
        (f"{name}(x)@{host}.{tld}", "it has brackets"),
        (f"{name}!@{host}.{tld}", "it has a !"),
        (f"zo\u00eb.{word}@{host}.{tld}", "it has a non-ASCII letter"),
        (f"{name}@{host}\u00e4.{tld}", "the domain has a non-ASCII letter"),
        (f"{name}\uff20{host}.{tld}", "it uses a full-width @"),
        (f"{name}@{host}.{tld}\u200b", "it ends with a zero-width space (not whitespace)"),
        (f"{_atoms(rand, 65)}@{host}.{tld}", "the local part is 65 characters long"),
        (f"{name}@{_domain_of(rand, 254 - len(name))}", "it is 255 characters long"),
        (f"{_atoms(rand, 60)}@{_domain_of(rand, 400)}", "it is far too long"),
    ]


# ---------------------------------------------------------------- inputs that make patterns explode
#
# Each family builds an invalid input of (about) n characters around one kind of run. `make`
# is called afresh for every measurement, so a cache or a blocklist cannot learn the input.


def local_run(run, n):
    """Letters and digits (and _ % + - ') with no valid ending: the pattern for the local part
    has to give up on every way of cutting the run into pieces."""
    return _chars(run.rand, n, ATOM_CHARS) + run.rand.choice(("", "!", "@", "@!", " ", "#", ",", "@-"))


def local_after_dot(run, n):
    """first.<run><bad ending>: the run is the second atom of a dotted local part."""
    return f"{run.name().lower()}." + _chars(run.rand, n, ALNUM) + run.rand.choice(("!", "@", "", ";"))


def label_run(run, n):
    """name@<run><bad ending>: one long domain label that never becomes a valid domain."""
    return f"{run.name().lower()}@" + _chars(run.rand, n, ALNUM) + run.rand.choice(
        ("", "!", ".", "-", "_", ".c", ".1", "..", " "))


def subdomain_run(run, n):
    """name@mail.<run><bad ending>: the long label comes after a valid one."""
    return f"{run.name().lower()}@{run.word()}." + _chars(run.rand, n, LOWER_ALNUM) + run.rand.choice(
        ("!", ".x", "-", ".9"))


def _spaces(rand, n):
    return "".join(rand.choice(SPACES) for _ in range(n))


def space_tail(run, n):
    """An address, a long whitespace run, then a stray character: inner whitespace, invalid."""
    return f"{run.name().lower()}@{run.word()}.org" + _spaces(run.rand, n) + run.rand.choice("x.;>1")


def space_middle(run, n):
    """A long whitespace run in the middle of an address."""
    return f"{run.name().lower()}" + _spaces(run.rand, n) + f"@{run.word()}.org"


def dotted_local(run, n):
    """A local part of many short atoms (ab.c.def...) with no valid ending."""
    rand = run.rand
    parts, size = [], 0
    while size < n:
        atom = _chars(rand, rand.randint(1, 3), ALNUM)
        parts.append(atom)
        size += len(atom) + 1
    return ".".join(parts) + rand.choice(("@", ".@x.org", "!", "@x"))


def many_labels(run, n):
    """A domain of many short labels that ends in something that is not a TLD."""
    rand = run.rand
    parts, size = [], 0
    while size < n:
        label = _label(rand, rand.randint(1, 5))
        parts.append(label)
        size += len(label) + 1
    return f"{run.name().lower()}@" + ".".join(parts) + rand.choice((".1", ".a", "-", ".", "!", ".x1"))


def hyphen_run(run, n):
    """A domain label with a long run of hyphens that never reaches a letter or digit."""
    rand = run.rand
    return f"{run.name().lower()}@{rand.choice(ALNUM)}" + "-" * n + rand.choice(("", "!", ".org", ".", "_x.org"))


def at_run(run, n):
    """Many short pieces joined by @ signs."""
    rand = run.rand
    pieces = [_chars(rand, rand.randint(1, 4), ALNUM) for _ in range(max(3, n // 3))]
    return "@".join(pieces) + rand.choice(("", ".org", "!"))
