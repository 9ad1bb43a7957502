#!/usr/bin/env python3
"""Compare two newsfold stores table by table (proof that an optimisation changed no output).

Usage: bench/cmpdb.py A.db B.db [--ignore TABLE.COLUMN ...]

For every table of A (SQLite internals and FTS shadow tables skipped) it hashes the rows of both stores,
sorted, with the volatile columns left out (by default `articles.ingested_at`, `meta.*`), and prints one
line a table: `same` or `DIFFERENT` with both row counts. Exit status 1 when any table differs.
"""
import argparse
import hashlib
import sqlite3
import sys

VOLATILE = {"articles.ingested_at"}


def tables(con):
    rows = con.execute("select name, sql from sqlite_master where type = 'table' order by name").fetchall()
    fts = {n for n, sql in rows if sql and "virtual table" in sql.lower()}
    out = []
    for name, sql in rows:
        if name.startswith("sqlite_") or any(name.startswith(f + "_") for f in fts) or name in fts:
            continue
        out.append(name)
    return out


def digest(con, table, ignore):
    cols = [r[1] for r in con.execute(f"pragma table_info('{table}')")]
    keep = [c for c in cols if f"{table}.{c}" not in ignore]
    if not keep:
        return 0, "-"
    q = "select " + ", ".join(f'"{c}"' for c in keep) + f' from "{table}"'
    rows = sorted(repr(r) for r in con.execute(q))
    h = hashlib.sha256()
    for r in rows:
        h.update(r.encode())
        h.update(b"\n")
    return len(rows), h.hexdigest()[:16]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("a")
    ap.add_argument("b")
    ap.add_argument("--ignore", nargs="*", default=[])
    args = ap.parse_args()
    ignore = VOLATILE | set(args.ignore)
    ca, cb = sqlite3.connect(args.a), sqlite3.connect(args.b)
    bad = 0
    for t in tables(ca):
        if t == "meta":
            continue
        na, da = digest(ca, t, ignore)
        try:
            nb, db = digest(cb, t, ignore)
        except sqlite3.Error as e:
            nb, db = 0, f"error: {e}"
        same = da == db
        bad += not same
        print(f"{t:<24} {'same' if same else 'DIFFERENT':<10} rows {na} / {nb}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
