"""Fix step: every honest sort, search, basket and report still gives exactly the right rows,
and no sort option, search text, SKU or year can change what the SQL means.

Outcomes decide: honest calls are compared with answers computed from this run's data, and
attack inputs must either be refused with ValueError (names and keywords: sort column,
direction, year) or be treated as plain data (values: search text, SKUs). Two checks also
look at the SQL the catalogue handed to sqlite3 (recorded inside the target, text and
parameters apart): a search text or SKU that shows up in the SQL text was pasted in.
"""

import shop as shopdata
from pysec_judge import TargetRaised, attack, fail, functional, setup

MODULE = "app.catalogue"
REFUSED = ("builtins.ValueError", "builtins.LookupError")


@setup
def seed(run):
    shop, data = shopdata.build(run)
    run.data["shop"] = shop
    run.target.write_file("data/shop.db", data)


def _case(run, word):
    """SQL keywords in random letter case: matching 'SELECT' literally is not a defence."""
    return "".join(c.upper() if run.rand.random() < 0.5 else c.lower() for c in word)


def _raised(run, err, shown, hidden=False):
    # SQLite's message and the traceback may quote part of a hidden input: hidden checks show
    # only the kind of error until the lab is passed.
    if not hidden:
        run.details["traceback"] = err.traceback
    message = f"{shown} raised {err.type_name}" + ("." if hidden else f": {err.message}.")
    if err.is_a("sqlite3.Error"):
        message += (" SQLite could not make sense of the query: part of the input was read as SQL. Values belong "
                    "in ? parameters; names and keywords must come from an allowlist.")
    fail(message)


def _call(run, fn, *args, shown=None):
    """Calls a catalogue function; an exception becomes a failed check that names the call.
    `shown` replaces the call in the message, so a hidden input stays hidden."""
    try:
        return run.target.call(f"{MODULE}:{fn}", *args).value
    except TargetRaised as err:
        _raised(run, err, shown or f"{fn}({', '.join(repr(a)[:80] for a in args)})", hidden=run.payload is not None)


def _expect(run, fn, args, expected, what):
    got = _call(run, fn, *args)
    if got != expected:
        call = f"{fn}({', '.join(repr(a)[:80] for a in args)})"
        got_rows = got if isinstance(got, list) else None
        if got_rows is not None and expected and sorted(map(repr, got_rows)) == sorted(map(repr, expected)):
            fail(f"{what}: {call} returned the right rows in the wrong order.", expected=expected[:10], got=got_rows[:10])
        summary = f"{len(got_rows)} rows" if got_rows is not None else repr(got)[:200]
        fail(f"{what}: {call} returned {summary}, expected {len(expected)} rows.",
             expected=expected[:10], got=(got_rows or [])[:10] if got_rows is not None else repr(got)[:500])


def _refused(run, fn, args, shown, accepted, kind):
    """Names and keywords outside the allowlist must be refused with ValueError, before SQL."""
    try:
        value = run.target.call(f"{MODULE}:{fn}", *args).value
    except TargetRaised as err:
        if any(err.is_a(name) for name in REFUSED):
            return
        hidden = run.payload is not None
        if not hidden:
            run.details["traceback"] = err.traceback
        said = err.type_name if hidden else f"{err.type_name}: {err.message}"
        if err.is_a("sqlite3.Error"):
            fail(f"{shown} reached SQLite, which failed with {said}. The {kind} went "
                 "into the SQL text unchecked. Look it up in an allowlist of the values you support and raise "
                 "ValueError for anything else, before any SQL is built.")
        fail(f"{shown} raised {said}. Refuse {kind}s you don't support with ValueError.")
    leaks = shopdata.secrets_in(run.data["shop"], value)
    fail(f"{shown} was accepted{' and returned ' + ', '.join(leaks) if leaks else ''}. {accepted} Only the "
         f"{kind}s in the task are allowed: pick the SQL for them from an allowlist and raise ValueError for "
         "anything else. Quoting, filtering words or matching a pattern still lets text you never planned for "
         "into the query.")


# ---------------------------------------------------------------- honest use


@functional("sort-every-column", "The product list sorts by every allowed column, both directions")
def sort_every_column(run):
    shop = run.data["shop"]
    _expect(run, "list_products", (), shopdata.sorted_by(shop, "name", "asc"), "The default order (name, asc)")
    for column in shopdata.SORTS:
        for direction in ("asc", "desc"):
            spelled = direction if run.rand.random() < 0.6 else _case(run, direction)
            _expect(run, "list_products", (column, spelled), shopdata.sorted_by(shop, column, direction),
                    f"Sorting by {column} {spelled}")


@functional("sort-refuses-unknown", "Unknown sort columns and directions are refused with ValueError")
def sort_refuses_unknown(run):
    word = run.word()
    # A piece of the column list ("sku, name, price, stock, added"): `sort in COLUMNS` on a string
    # is a substring test, not an allowlist.
    piece = run.rand.choice(("sku", "ice", "name, price", "tock", "e"))
    for sort, direction in ((f"{word}s", "asc"), ("price", "sideways"), ("name", ""), ("stock", "descending"),
                            (piece, run.rand.choice(("asc", "desc")))):
        _refused(run, "list_products", (sort, direction), f"list_products({sort!r}, {direction!r})",
                 "The task asks for ValueError when the sort or direction is not one of the listed ones.",
                 "sort option")


@functional("search-plain", "Search finds products in any letter case, with quotes, accents and long input")
def search_plain(run):
    shop = run.data["shop"]
    special = shop["special"]
    brand = special["cafe"]["name"].rsplit("(", 1)[1].rstrip(")")
    searches = [
        brand.upper(),                                     # ASCII letters in any case
        shopdata.PARTS[run.rand.randrange(len(shopdata.PARTS))],
        "rider's",                                         # an apostrophe
        f'"{shop["w"].capitalize()}"',                     # double quotes
        "café", "für",                                     # non-ASCII letters
        "",                                                # an empty search lists everything
        run.text(300),                                     # long, matches nothing
    ]
    for text in searches:
        _expect(run, "search_products", (text,), shopdata.searched(shop, text), "A customer's search")


@functional("search-literal-wildcards", "A search for %, _ or \\ finds exactly the names that contain them")
def search_literal_wildcards(run):
    shop = run.data["shop"]
    n, a, b, p, q = (shop[k] for k in "nabpq")
    for text in (f"{n}%", f"{a}_{b}", f"{p}\\{q}", "%", "_", "\\", "loud!", "!", f"{n}%_\\"):
        expected = shopdata.searched(shop, text)
        got = _call(run, "search_products", text)
        if got != expected:
            extra = [x["name"] for x in got or [] if x not in expected][:3]
            missing = [x["name"] for x in expected if x not in (got or [])][:3]
            detail = []
            if extra:
                detail.append(f"it also found {extra}, which do not contain {text!r}")
            if missing:
                detail.append(f"it missed {missing}")
            fail(f"Searching for {text!r} went wrong: {' and '.join(detail) or 'wrong order'}. In LIKE, % and _ are "
                 "wildcards: escape them (and the escape character itself) and say which escape character you "
                 "use with ESCAPE, so every character of the search means only itself.")


@functional("basket", "The basket finds products by SKU, for empty, short and long lists")
def basket(run):
    shop = run.data["shop"]
    listed = [x["sku"] for x in shop["listed"]]
    unknown = [f"ZZ-{i:04d}" for i in run.rand.sample(range(10000), 350)]
    picks = run.rand.sample(listed, 3)
    cases = [
        (picks, "three SKUs"),
        ([picks[0]], "one SKU"),
        ([picks[0], picks[1], picks[0]], "a SKU twice"),
        ([picks[2], "ZZ-0000", shop["hidden"][0]["sku"]], "an unknown and an unlisted SKU"),
        ([], "an empty basket"),
        (run.rand.sample(listed + unknown, len(listed) + len(unknown)), f"{len(listed) + len(unknown)} SKUs"),
    ]
    for skus, what in cases:
        _expect(run, "products_by_sku", (skus,), shopdata.by_sku(shop, skus), f"A basket with {what}")


@functional("sales-report", "The sales report works for every year, given as a number or as text")
def sales_report(run):
    shop = run.data["shop"]
    for year in shopdata.YEARS:
        _expect(run, "sales_report", (year,), shopdata.report(shop, year), f"The report for {year}")
    year = run.rand.choice(shopdata.YEARS)
    _expect(run, "sales_report", (str(year),), shopdata.report(shop, year), f'The report for "{year}"')
    for year in (2021, "2026", run.word()):
        _refused(run, "sales_report", (year,), f"sales_report({year!r})",
                 "The task asks for ValueError for a year without sales figures.", "year")


# ---------------------------------------------------------------- attacks: names and keywords


ORACLE = ("(CASE WHEN (SELECT substr(password_hash, 1, 1) FROM staff WHERE username = 'owner') > '7' "
          "THEN price ELSE stock END)")


@attack("sort-subquery-oracle", "A sort 'column' that is a question about the staff table is refused")
def sort_subquery_oracle(run):
    _refused(run, "list_products", (ORACLE, "asc"), f"list_products({ORACLE!r}, 'asc')",
             "The order of the list then answers a yes/no question about the owner's password hash; asked "
             "a few hundred times, it gives away the whole hash.", "sort column")


@attack("sort-hidden-columns", "Sorting by columns customers may not use is refused", hidden=True)
def sort_hidden_columns(run):
    forms = ["supplier_cost", "listed", "rowid", _case(run, "supplier_cost"), "price * 1", "1",
             f"{_case(run, 'length')}(supplier_cost)", "name COLLATE NOCASE", f'"supplier_cost"',
             f"(SELECT password_hash FROM staff WHERE id = {run.rand.randint(1, 3)})"]
    for sort in run.rand.sample(forms[:3], 2) + run.rand.sample(forms[3:], 3):
        run.payload = sort
        _refused(run, "list_products", (sort, run.rand.choice(("asc", "desc"))),
                 "list_products(<a sort column customers may not use>)",
                 "Sorting by what the shop pays its supplier, or by whether a product is for sale yet, tells "
                 "customers what they should not know; an expression there can ask any question about any table.", "sort column")


@attack("direction-injection", "Only asc and desc are accepted as a direction", hidden=True)
def direction_injection(run):
    # Words and commas only (what a keyword blocklist lets through), then SQL with keywords.
    plain = [f"{_case(run, 'desc')}, supplier_cost", f"desc {_case(run, 'limit')} {run.rand.randint(1, 3)}",
             f"asc, listed {_case(run, 'desc')}", f"{_case(run, 'asc')}, price * -1"]
    keywords = [f"asc, (SELECT password_hash FROM staff WHERE id = 1)", f"{_case(run, 'asc')} --",
                f"asc, {ORACLE}", f"{_case(run, 'desc')} /* {run.word()} */"]
    for direction in run.rand.sample(plain, 2) + run.rand.sample(keywords, 1):
        run.payload = direction
        _refused(run, "list_products", (run.rand.choice(shopdata.SORTS), direction),
                 "list_products(<an allowed column>, <a direction that is more than asc or desc>)",
                 "The direction was pasted into the SQL after ORDER BY, so anything after asc or desc became "
                 "part of the query.", "direction")


@attack("table-injection", "A year cannot change which tables the report reads", hidden=True)
def table_injection(run):
    year = run.rand.choice(shopdata.YEARS)
    union, select = _case(run, "union"), _case(run, "select")
    # SQL without a single suspicious keyword, then UNIONs behind every kind of quote.
    plain = [f"{year} AS s JOIN products USING (sku) {_case(run, 'where')} listed = 0 AND 1",
             f"{year} AS s, staff {_case(run, 'where')} length(password_hash) > {run.rand.randint(1, 9)} AND 1"]
    quoted = [f"{year} {union} {select} username, length(password_hash) FROM staff",
              f'{year}" {union} {select} username, password_hash FROM staff --',
              f"{year}] {union} {select} username, 1 FROM staff --",
              f"{year}` {union} {select} sku, listed FROM products --"]
    for payload in run.rand.sample(plain, 1) + run.rand.sample(quoted, 2):
        run.payload = payload
        _refused(run, "sales_report", (payload,), "sales_report(<a year with SQL after it>)",
                 "The year became part of the table name in the SQL text, so SQL after it read other tables.",
                 "year")


# ---------------------------------------------------------------- attacks: values


def _expect_data(run, fn, arg, expected, shown, message):
    got = _call(run, fn, arg, shown=shown)
    if got != expected:
        leaks = shopdata.secrets_in(run.data["shop"], got)
        fail(message + (f" It returned {', '.join(leaks)}." if leaks else f" It returned {len(got or [])} rows "
                        f"instead of {len(expected)}."))


@attack("search-injection", "A quote in the search cannot show unlisted products")
def search_injection(run):
    text = "' OR listed = 0 --"
    _expect_data(run, "search_products", text, [], f"search_products({text!r})",
                 "A search for ' OR listed = 0 -- changed the query: the quote ended the LIKE pattern and the "
                 "rest became SQL. Pass the search text as a ? parameter.")


@attack("search-union", "A search cannot pull rows from other tables", hidden=True)
def search_union(run):
    union, select = _case(run, "union"), _case(run, "select")
    forms = [f"' {union} {select} username, password_hash, 0, 0, '' FROM staff --",
             f"{run.word()}%' {union} {select} sku, name, price, stock, added FROM products WHERE listed = 0 --",
             f"' {_case(run, 'or')} 1 = 1 /*",
             f"%' {_case(run, 'and')} 0 {union} {select} sku, name, supplier_cost, stock, added FROM products --"]
    for text in run.rand.sample(forms, 3):
        run.payload = text
        _expect_data(run, "search_products", text, shopdata.searched(run.data["shop"], text),
                     "search_products(<a search with SQL in it>)",
                     "A search text with a quote and SQL after it changed the query. Pass the search text as a "
                     "parameter; escape only the LIKE wildcards inside it.")


@attack("basket-injection", "A SKU cannot change what the basket query reads", hidden=True)
def basket_injection(run):
    shop = run.data["shop"]
    real = run.rand.choice(shop["listed"])["sku"]
    union, select = _case(run, "union"), _case(run, "select")
    # Both kinds of quote in one SKU: repr() then falls back to '...' with a backslash, which
    # SQL does not read as an escape.
    both = [f"\"') {_case(run, 'or')} listed = 0 --",
            f"x\"') {union} {select} sku, name, supplier_cost, stock, added FROM products --"]
    single = [f"') {_case(run, 'or')} listed = 0 --",
              f"x') {union} {select} username, password_hash, 0, 0, '' FROM staff --"]
    for payload in run.rand.sample(both, 1) + run.rand.sample(single + both, 2):
        run.payload = payload
        skus = [real, payload]
        _expect_data(run, "products_by_sku", skus, shopdata.by_sku(shop, skus),
                     "products_by_sku([<a real SKU>, <a SKU with SQL in it>])",
                     "A SKU with quotes and SQL in it changed the basket query. Write one ? per SKU "
                     "(\", \".join(\"?\" * len(skus))) and pass the list as the parameters; quoting each SKU "
                     "yourself, with repr() or by hand, is escaping by another name.")


RECORDED = ("sqlite3.execute", "sqlite3.executemany", "sqlite3.executescript")


def _pasted(run, markers, what, example):
    events = run.target.evidence()
    statements = [(e.get("sql", ""), e.get("params")) for e in events if e.get("event") in RECORDED]
    for sql, params in statements:
        for marker in markers:
            if marker in sql:
                fail(f"The {what} reached the SQL text of your query:\n    {sql.strip()[:400]}\n"
                     "Escaping, quoting or filtering it first cannot make that safe in every case. Keep the SQL "
                     f"text fixed and pass the values separately: {example}",
                     evidence=[{"sql": sql[:1000], "params": params}])
    # SQLite itself reports every statement it runs (with the values filled in). A statement that
    # carried the value but never went through conn.execute / cursor.execute / executemany as
    # written can't be checked: the value may well have been pasted into its text.
    executed = [e.get("sql", "") for e in events if e.get("event") == "sqlite3.trace"]
    passed_as_value = any(e.get("event") == "sqlite3.executemany" or any(m in repr(e.get("params")) for m in markers)
                          for e in events if e.get("event") in RECORDED)
    if (executed and not statements) or (any(m in sql for sql in executed for m in markers) and not passed_as_value):
        fail(f"SQLite ran a statement containing the {what}, but not through conn.execute(), cursor.execute() or "
             "executemany() with the value as a parameter, so the check can't see how the SQL was built. Call "
             f"execute() on the connection or a cursor as usual and pass the values separately: {example}")


@attack("search-parameters", "Search text never becomes part of the SQL text")
def search_parameters(run):
    probe = f"{run.word()}{run.text(8, 'abcdefghjkmnpqrstuvwxyz')}"
    run.target.evidence()  # forget everything recorded so far
    _expect(run, "search_products", (probe,), [], "A search that matches nothing")
    _pasted(run, [probe], "search text",
            "conn.execute(\"... WHERE name LIKE ? ESCAPE '\\\\'\", (pattern,)).")


@attack("basket-parameters", "SKUs never become part of the SQL text")
def basket_parameters(run):
    shop = run.data["shop"]
    real = run.rand.choice(shop["listed"])["sku"]
    probe = f"QX-{run.text(6, '0123456789')}"
    run.target.evidence()
    _expect(run, "products_by_sku", ([real, probe],), shopdata.by_sku(shop, [real]), "A basket")
    _pasted(run, [real, probe], "SKU",
            "marks = \", \".join(\"?\" * len(skus)); conn.execute(f\"... IN ({marks})\", skus).")
