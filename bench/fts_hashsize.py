#!/usr/bin/env python3
"""Time a bulk fill of the full-text index at several FTS5 `hashsize` values.

Usage: bench/fts_hashsize.py STORE.db [HASHSIZE ...]   (default: 0 67108864; 0 = SQLite's 1 MiB default)

Copies the `articles` table (seq, title, text) of a newsfold store into a
scratch database next to it per value, creates the same external-content FTS5
table as the store's schema, and times the one INSERT ... SELECT that
`Store::index_search` runs. Uses Python's own SQLite (the ratio, not the
seconds, carries over to the bundled SQLite of the binary; the binary logs its
own fill time as `search index updated ... seconds=`).
"""
import os
import sqlite3
import sys
import time


def fill(src: str, hashsize: int) -> None:
    dst = f"{src}.fts_{hashsize}.db"
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(dst + suffix):
            os.remove(dst + suffix)
    c = sqlite3.connect(dst)
    c.execute("PRAGMA journal_mode=WAL")
    c.execute("PRAGMA synchronous=NORMAL")
    c.execute("ATTACH ? AS s", (src,))
    c.execute("CREATE TABLE articles (seq INTEGER PRIMARY KEY, title TEXT, text TEXT)")
    c.execute("INSERT INTO articles SELECT seq, title, text FROM s.articles")
    c.commit()
    c.execute("CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', content_rowid='seq')")
    if hashsize:
        c.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES ('hashsize', ?)", (hashsize,))
    c.commit()
    t = time.time()
    c.execute("INSERT INTO articles_fts (rowid, title, text) SELECT seq, title, text FROM articles")
    c.commit()
    secs = time.time() - t
    segs = c.execute("SELECT count(*) FROM articles_fts_data").fetchone()[0]
    c.close()
    print(f"hashsize {hashsize or 'default'}: {secs:.1f} s, {segs} data rows, {os.path.getsize(dst) / 1e6:.0f} MB")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(dst + suffix):
            os.remove(dst + suffix)


def main() -> None:
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    sizes = [int(x) for x in sys.argv[2:]] or [0, 64 << 20]
    for h in sizes:
        fill(sys.argv[1], h)


if __name__ == "__main__":
    main()
