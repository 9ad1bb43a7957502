#!/usr/bin/env python3
"""Side-by-side dedup throughput: Python datasketch, Python rensa, newsfold.

Usage: compare.py CORPUS.jsonl NEWSFOLD_BENCH_BIN [--datasketch-limit N] [--threads 2]

Same articles, same parameters for every engine: 128 permutations, word
5-shingles (lowercased ``\\w+`` tokens, as bbc-dups defines them), LSH for
Jaccard threshold 0.8. Each engine inserts every document and queries it
against the ones before it (the incremental dedup workload). Times cover
shingling + MinHash + LSH insert/query; JSON loading is excluded for all.
Recall is measured on the planted copies (``dup_of``): a planted pair counts
as found when the engine reports it (LSH candidates for the Python engines,
which is generous to them: no verification; verified pairs/clusters for
newsfold). datasketch is slow, so it runs on the first N documents only and
its docs/s is extrapolated from that prefix.

What each timer covers (JSON parsing excluded everywhere):
* newsfold (``bench_dedup``, one ``find_duplicates`` call on THREADS rayon
  threads): boilerplate learning, NFKC normalisation, tokenising, shingling,
  OPH MinHash, bulk index build (LSH bands + containment anchors), querying
  every article against the ones before it, exact verification of every
  candidate, clustering.
* datasketch / rensa (one Python thread): regex word tokens + 5-shingle
  strings, MinHash update, LSH query, LSH insert.
Two ratios are printed: wall docs/s (newsfold on THREADS threads against the
single-threaded Python engines; the issue allows "on 2 cores") and docs per
CPU-second (user + system CPU of each engine's timed section: the
like-for-like efficiency comparison).
"""
import argparse
import json
import re
import subprocess
import sys
import time

WORD = re.compile(r"\w+")
NUM_PERM = 128
K = 5
THRESHOLD = 0.8


def shingles(text):
    toks = WORD.findall(text.lower())
    if len(toks) < K:
        return {" ".join(toks)} if toks else set()
    return {" ".join(toks[i:i + K]) for i in range(len(toks) - K + 1)}


def recall(pairs, planted, ids):
    want = [(a, b) for a, b in planted if a in ids and b in ids]
    if not want:
        return None
    got = sum(1 for a, b in want if (a, b) in pairs or (b, a) in pairs)
    return got / len(want)


def run_datasketch(docs, planted):
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    pairs = set()
    t = time.perf_counter()
    c = time.process_time()
    for d in docs:
        m = MinHash(num_perm=NUM_PERM)
        m.update_batch([s.encode("utf8") for s in shingles(d["text"])])
        for o in lsh.query(m):
            pairs.add((o, d["id"]))
        lsh.insert(d["id"], m)
    secs = time.perf_counter() - t
    cpu = time.process_time() - c
    ids = {d["id"] for d in docs}
    return {"engine": "datasketch", "docs": len(docs), "seconds": secs, "docs_per_s": len(docs) / secs,
            "cpu_seconds": cpu, "docs_per_cpu_s": len(docs) / cpu,
            "pairs": len(pairs), "planted_recall": recall(pairs, planted, ids), "bands_rows": [lsh.b, lsh.r]}


def run_rensa(docs, planted, bands):
    from rensa import RMinHash, RMinHashLSH

    lsh = RMinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM, num_bands=bands)
    pairs = set()
    ids = [d["id"] for d in docs]
    t = time.perf_counter()
    c = time.process_time()
    for i, d in enumerate(docs):
        m = RMinHash(num_perm=NUM_PERM, seed=42)
        m.update(list(shingles(d["text"])))
        for o in lsh.query(m):
            pairs.add((ids[o], d["id"]))
        lsh.insert(i, m)
    secs = time.perf_counter() - t
    cpu = time.process_time() - c
    return {"engine": "rensa", "docs": len(docs), "seconds": secs, "docs_per_s": len(docs) / secs,
            "cpu_seconds": cpu, "docs_per_cpu_s": len(docs) / cpu,
            "pairs": len(pairs), "planted_recall": recall(pairs, planted, set(ids)),
            "bands_rows": [bands, NUM_PERM // bands]}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("newsfold_bin")
    ap.add_argument("--datasketch-limit", type=int, default=5000)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--skip-python", action="store_true")
    a = ap.parse_args()
    docs = [json.loads(l) for l in open(a.corpus, encoding="utf8") if l.strip()]
    planted = [(d["id"], d["dup_of"]) for d in docs if d.get("dup_of")]
    print(f"corpus {a.corpus}: {len(docs)} docs, {len(planted)} planted copies", flush=True)

    out = subprocess.run([a.newsfold_bin, a.corpus, str(a.threads), str(THRESHOLD)],
                         check=True, capture_output=True, text=True)
    nf = json.loads(out.stdout.strip().splitlines()[-1])
    results = [nf]
    print(json.dumps(nf), flush=True)
    if not a.skip_python:
        ds = run_datasketch(docs[: a.datasketch_limit], planted)
        print(json.dumps(ds), flush=True)
        # rensa needs bands dividing num_perm: 16 x 8 (P[candidate | J=0.8] = 0.95)
        rs = run_rensa(docs, planted, 16)
        print(json.dumps(rs), flush=True)
        results += [ds, rs]
        print()
        print(f"{'engine':<12}{'docs':>9}{'wall s':>9}{'docs/s':>10}{'cpu s':>9}{'docs/cpu-s':>12}{'recall(planted)':>17}")
        for r in results:
            rec = "n/a" if r["planted_recall"] is None else f"{r['planted_recall']:.4f}"
            print(f"{r['engine']:<12}{r['docs']:>9}{r['seconds']:>9.2f}{r['docs_per_s']:>10.0f}"
                  f"{r['cpu_seconds']:>9.2f}{r['docs_per_cpu_s']:>12.0f}{rec:>17}")
        print()
        print(f"ratios (newsfold on {nf.get('threads', a.threads)} threads; python engines on 1 thread):")
        targets = {"datasketch": 100.0, "rensa": 2.0}
        for o in (ds, rs):
            wall = nf["docs_per_s"] / o["docs_per_s"]
            cpu = nf["docs_per_cpu_s"] / o["docs_per_cpu_s"]
            t = targets[o["engine"]]
            print(f"  newsfold / {o['engine']:<10} wall docs/s {wall:7.1f}x   per CPU-second {cpu:7.1f}x   "
                  f"(target >= {t:g}x: wall {'met' if wall >= t else 'NOT met'}, "
                  f"per CPU-second {'met' if cpu >= t else 'NOT met'})")


if __name__ == "__main__":
    sys.exit(main())
