#!/usr/bin/env python3
"""Interleaved A/B of two `newsfold` binaries on one corpus, end to end.

Usage: bench/ab.py BIN_A BIN_B CORPUS.jsonl [--rounds 3] [--workdir /tmp/nf_ab] [--keep]

This machine's speed drifts by 10-20 % from one hour to the next (see BENCHMARKS.md), so two runs an hour apart
compare badly. This runs A, B, B, A, A, B, ... (`--rounds` runs of each, alternating which goes first) under
`/usr/bin/time -v`, each `newsfold --quiet --db STORE run CORPUS --format json --top 0` on a fresh store, then prints:
* per binary: median and min wall seconds, median CPU seconds (user + sys), median peak RSS;
* per analysis stage (`analysis.stage_seconds`): the median of each binary and B/A;
* whether the last stores of A and B hold the same rows (bench/cmpdb.py), so a speed-up that changed an output
  shows at once.
Exit status 1 when the stores differ.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from summarize import parse_time  # noqa: E402


def run_once(binary, corpus, store):
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(store + suffix):
            os.remove(store + suffix)
    out = subprocess.run(["/usr/bin/time", "-v", binary, "--quiet", "--db", store, "run", corpus,
                          "--format", "json", "--top", "0"], capture_output=True, text=True)
    if out.returncode != 0:
        sys.stderr.write(out.stderr[-4000:])
        raise SystemExit(f"{binary} failed with status {out.returncode}")
    tpath = store + ".time.txt"
    with open(tpath, "w", encoding="utf8") as f:
        f.write(out.stderr)
    t = parse_time(tpath)
    an = json.loads(out.stdout)["analysis"]
    return {"wall": t.get("wall_s"), "cpu": t.get("user_s", 0) + t.get("sys_s", 0),
            "rss_mb": t.get("peak_rss_mb"), "stages": an.get("stage_seconds", {})}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("a")
    ap.add_argument("b")
    ap.add_argument("corpus")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--workdir", default="/tmp/nf_ab")
    ap.add_argument("--keep", action="store_true", help="keep the last stores")
    args = ap.parse_args()
    os.makedirs(args.workdir, exist_ok=True)
    runs = {"A": [], "B": []}
    bins = {"A": args.a, "B": args.b}
    for r in range(args.rounds):
        for k in (("A", "B") if r % 2 == 0 else ("B", "A")):
            res = run_once(bins[k], args.corpus, os.path.join(args.workdir, f"store_{k}.db"))
            runs[k].append(res)
            print(f"round {r + 1} {k}: wall {res['wall']:.1f} s, cpu {res['cpu']:.1f} s, rss {res['rss_mb']:.0f} MB",
                  flush=True)
    med = statistics.median
    print()
    print(f"{'':<6}{'wall med':>10}{'wall min':>10}{'cpu med':>10}{'rss med MB':>12}")
    for k in ("A", "B"):
        rs = runs[k]
        print(f"{k:<6}{med(r['wall'] for r in rs):>10.1f}{min(r['wall'] for r in rs):>10.1f}"
              f"{med(r['cpu'] for r in rs):>10.1f}{med(r['rss_mb'] for r in rs):>12.0f}")
    wa, wb = med(r["wall"] for r in runs["A"]), med(r["wall"] for r in runs["B"])
    print(f"B/A wall {wb / wa:.3f}, cpu {med(r['cpu'] for r in runs['B']) / med(r['cpu'] for r in runs['A']):.3f}")
    print()
    stages = sorted({s for k in runs for r in runs[k] for s in r["stages"]})
    print(f"{'stage':<18}{'A med s':>10}{'B med s':>10}{'B/A':>8}")
    for s in stages:
        a = med(r["stages"].get(s, 0.0) for r in runs["A"])
        b = med(r["stages"].get(s, 0.0) for r in runs["B"])
        print(f"{s:<18}{a:>10.2f}{b:>10.2f}{(b / a if a else float('nan')):>8.3f}")
    print()
    sa, sb = (os.path.join(args.workdir, f"store_{k}.db") for k in ("A", "B"))
    same = subprocess.run([sys.executable, os.path.join(HERE, "cmpdb.py"), sa, sb], capture_output=True, text=True)
    print(same.stdout, end="")
    print("stores: " + ("identical" if same.returncode == 0 else "DIFFERENT"))
    if not args.keep:
        for p in (sa, sb):
            for suffix in ("", "-wal", "-shm", ".time.txt"):
                if os.path.exists(p + suffix):
                    os.remove(p + suffix)
    return same.returncode


if __name__ == "__main__":
    sys.exit(main())
