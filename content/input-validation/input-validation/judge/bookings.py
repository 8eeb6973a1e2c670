"""Test data for the input-validation judge: honest participants and how to write an export.

Every honest name is made of what task.md allows: letters of any script (category L),
combining accents (category M), spaces, ' ’ - and full stops.
"""

import csv
import io

PLAIN = ["Ada King", "Bram Visser", "Chidi Okeke", "Dagny Berg", "Farah Haddad", "Goran Petrovic",
         "Hana Sato", "Ines Costa", "Jonas Weber", "Mateo Rossi", "Nadia Karim", "Priya Nair",
         "Quinn Murphy", "Sven Olsen", "Viktor Novak"]
APOSTROPHE = ["Siobhán O'Brien", "Dara O'Neill", "D’Arcy Fitzgerald", "Jean-Luc d'Aubigné",
              "Anne-Marie St. John", "Mary-Kate Ó Súilleabháin", "N'Golo Diarra", "Dr. Ama Owusu-Ansah",
              "Robert O’Connor Jr.", "Kāne ʻŌhiʻa", "Ifeoma Nwachukwu-O'Hara", "L'Oréal D'Souza"]
UNICODE = ["Zoë Ørsted", "Łukasz Wróblewski", "Nguyễn Thị Minh Khai", "李小龍", "Ольга Смирнова",
           "Αλέξανδρος Παπαδόπουλος", "محمد الأحمد", "राहुल शर्मा", "Björk Guðmundsdóttir",
           "Þórunn Æsa Jónsdóttir", "Çağla Yıldız", "김민지", "Søren Kierkegård", "José María de la Cruz"]
# Decomposed: the accent is a separate combining character (category Mn), as macOS file
# dialogs and some keyboards produce it. str.isalpha() is False for it.
DECOMPOSED = ["Zoe\u0308 Mu\u0308ller", "Jose\u0301 Nu\u0301n\u0303ez", "Ame\u0301lie Le\u0301vesque"]

DOMAINS = ["mail.example", "kiln-mail.example", "post.co.example", "Inbox.Example", "uni-galway.example",
           "xn--bcher-kva.example", "studio42.example"]
PHOTOS = ["IMG_{n}.JPG", "teapot sketch {t}.jpg", "bowl (2) {t}.png", "Skizze Übung {t}.jpeg",
          "茶碗 {t}.png", "vase-idea_{t}.PNG", "2024-05-03 {t}.jpg", "Ваза {t}.jpg"]

COLUMNS = ["name", "age", "email", "quantity", "photo"]


def email_for(run):
    local = run.rand.choice([
        "{w}.{t}", "{w}+pottery.{t}", "{w}_{t}", "o'{w}.{t}", "{W}.{t}", "{w}-{t}+clay", "{t}.{w}"])
    local = local.format(w=run.word(), W=run.word().capitalize(), t=run.token(2))
    return f"{local}@{run.rand.choice(DOMAINS)}"


def photo_for(run):
    return run.rand.choice(PHOTOS).format(n=run.rand.randint(1000, 9999), t=run.token(2))


def honest(run, name=None, **fields):
    """One honest booking: a dict of column -> cell text (what the export holds)."""
    row = {
        "name": name or run.rand.choice(PLAIN + APOSTROPHE + UNICODE),
        "age": str(run.rand.choice([run.rand.randint(18, 75), run.rand.randint(16, 90)])),
        "email": email_for(run),
        "quantity": str(run.rand.choice([1, 1, 2, 2, 3, 4, run.rand.randint(1, 20)])),
        "photo": run.rand.choice(["", photo_for(run)]),
    }
    row.update(fields)
    return row


def to_csv(rows):
    """rows: dicts of column -> text, or lists of cells (short lists make missing cells)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([row[c] for c in COLUMNS] if isinstance(row, dict) else row)
    return out.getvalue()


def unit_cents(age):
    return 2400 if age < 18 else 4800
