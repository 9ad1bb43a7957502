#!/usr/bin/env python3
"""Plain TF-IDF + agglomerative clustering baseline on stories-headlines.

Creates bench/.venv (pip install scikit-learn) on first use, clusters the
headlines (TF-IDF over title words, cosine distance, average linkage) with a
small sweep of distance thresholds, reports the BEST threshold (which flatters
the baseline), and prints it side by side with newsfold-stories
(`cargo run --release -p newsfold-stories --example eval_headlines`).

Usage: python3 bench/stories/baseline.py [DATA_DIR]
"""
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
VENV = os.path.join(ROOT, "bench", ".venv")
PY = os.path.join(VENV, "bin", "python")

if os.path.realpath(sys.prefix) != os.path.realpath(VENV):
    if not os.path.exists(PY):
        subprocess.check_call([sys.executable, "-m", "venv", VENV])
        subprocess.check_call([PY, "-m", "pip", "install", "-q", "scikit-learn"])
    os.execv(PY, [PY] + sys.argv)

from sklearn.cluster import AgglomerativeClustering  # noqa: E402
from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402
from sklearn.metrics import adjusted_rand_score  # noqa: E402
from collections import Counter  # noqa: E402


def pairwise(pred, gold):
    def pairs(n):
        return n * (n - 1) / 2

    both = sum(pairs(c) for c in Counter(zip(pred, gold)).values())
    p = sum(pairs(c) for c in Counter(pred).values())
    g = sum(pairs(c) for c in Counter(gold).values())
    prec = both / p if p else 0.0
    rec = both / g if g else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return prec, rec, f1


def main():
    data = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "data", "stories-headlines")
    arts = [json.loads(l) for l in open(os.path.join(data, "articles.jsonl")) if l.strip()]
    gold = [json.loads(l)["story"] for l in open(os.path.join(data, "gold.jsonl")) if l.strip()]
    titles = [a.get("title") or "" for a in arts]
    x = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(titles).toarray()
    best = None
    for th in [0.6, 0.7, 0.8, 0.85, 0.9, 0.93, 0.95, 0.97, 0.99]:
        labels = AgglomerativeClustering(
            n_clusters=None, distance_threshold=th, metric="cosine", linkage="average"
        ).fit_predict(x)
        p, r, f1 = pairwise(list(labels), gold)
        ari = adjusted_rand_score(gold, labels)
        k = len(set(labels))
        print(f"  baseline threshold={th:.2f} P={p:.4f} R={r:.4f} F1={f1:.4f} ARI={ari:.4f} clusters={k}")
        if best is None or f1 > best[3]:
            best = (th, p, r, f1, ari, k)
    ours = subprocess.run(
        ["cargo", "run", "-q", "--release", "-p", "newsfold-stories", "--example", "eval_headlines"],
        cwd=ROOT, capture_output=True, text=True, env={**os.environ, "CARGO_BUILD_JOBS": "1"},
    ).stdout
    line = next((l for l in ours.splitlines() if l.startswith("newsfold-stories")), "newsfold-stories: (not run)")
    th, p, r, f1, ari, k = best
    print()
    print(f"{'system':<40} metrics")
    print(f"{'TF-IDF+agglomerative (best thr ' + format(th, '.2f') + ')':<40} P={p:.4f} R={r:.4f} F1={f1:.4f} ARI={ari:.4f} clusters={k} (gold {len(set(gold))})")
    print(f"{'newsfold-stories (defaults)':<40} {line.split(None, 1)[1] if ' ' in line else line}")


if __name__ == "__main__":
    main()
