#!/usr/bin/env python3
"""Summaries for bench/run.sh.

record N CORPUS DB RUN_JSON TIME_TXT  -> one JSON line (stdout)
table RESULTS.jsonl                   -> markdown tables (stdout); the last
                                         record of each size wins
"""
import json
import os
import re
import sys


def parse_time(path):
    out = {}
    for line in open(path, encoding="utf8", errors="replace"):
        line = line.strip()
        m = re.match(r"Maximum resident set size \(kbytes\): (\d+)", line)
        if m:
            out["peak_rss_mb"] = int(m.group(1)) / 1024
        m = re.match(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (.+)", line)
        if m:
            secs = 0.0
            for part in m.group(1).split(":"):
                secs = secs * 60 + float(part)
            out["wall_s"] = secs
        m = re.match(r"User time \(seconds\): ([\d.]+)", line)
        if m:
            out["user_s"] = float(m.group(1))
        m = re.match(r"System time \(seconds\): ([\d.]+)", line)
        if m:
            out["sys_s"] = float(m.group(1))
    return out


def record(n, corpus, db, run_json, time_txt):
    run = json.load(open(run_json, encoding="utf8"))
    t = parse_time(time_txt)
    size = sum(os.path.getsize(p) for p in (db, db + "-wal") if os.path.exists(p))
    an = run["analysis"]
    rec = {
        "n": int(n),
        "corpus_mb": os.path.getsize(corpus) / 2**20,
        "articles": an["articles"],
        "wall_s": t.get("wall_s"),
        "cpu_s": t.get("user_s", 0) + t.get("sys_s", 0),
        "articles_per_s": an["articles"] / t["wall_s"] if t.get("wall_s") else None,
        "peak_rss_mb": t.get("peak_rss_mb"),
        "store_bytes_per_article": size / max(an["articles"], 1),
        "ingest_s": run["ingest"]["seconds"],
        "analysis_s": an["seconds"],
        "stage_seconds": an.get("stage_seconds", {}),
        "stories": an["stories"],
        "duplicate_clusters": an["duplicate_clusters"],
        "relations": an["relations"],
        "quotes": an["quotes"],
        "disagreements": an["disagreements"],
        "label": os.environ.get("BENCH_LABEL", ""),
    }
    print(json.dumps(rec))


def table(path):
    recs = {}
    for line in open(path, encoding="utf8"):
        if line.strip():
            r = json.loads(line)
            recs[(r.get("label", ""), r["n"])] = r
    rows = sorted(recs.values(), key=lambda r: (r.get("label", ""), r["n"]))
    print("| label | articles | wall s | articles/s | CPU s | peak RSS MB | store B/article | ingest s | analysis s |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r.get('label', '')} | {r['articles']} | {r['wall_s']:.1f} | {r['articles_per_s']:.0f} | {r['cpu_s']:.1f} "
              f"| {r['peak_rss_mb']:.0f} | {r['store_bytes_per_article']:.0f} | {r['ingest_s']:.1f} | {r['analysis_s']:.1f} |")
    stages = []
    for r in rows:
        for k in r["stage_seconds"]:
            if k not in stages:
                stages.append(k)
    print()
    print("| label | articles | " + " | ".join(stages) + " |")
    print("|---|---:|" + "---:|" * len(stages))
    for r in rows:
        cells = [f"{r['stage_seconds'].get(k, 0):.2f}" for k in stages]
        print(f"| {r.get('label', '')} | {r['articles']} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    if sys.argv[1] == "record":
        record(*sys.argv[2:7])
    else:
        table(sys.argv[2])
