#!/usr/bin/env bash
# End-to-end scale benchmark: `newsfold run` (ingest + every analysis) on
# generated corpora of increasing size, under /usr/bin/time -v.
#
# Usage: bench/run.sh [SIZES...]          (default: 10000 100000)
#   e.g. bench/run.sh 10000 100000 1000000
# Env:   THREADS (rayon threads, default: all cores), KEEP_DB=1 keeps the stores.
#
# Corpora come from crates/dedup/examples/gen_corpus.rs (v2; NF_GEN=v1 for the old ones), built from the real
# articles in ../shared/data/bbc-dups and quotes (copies with boilerplate wrappers,
# truncations, paragraph drops, small edits, plus unrelated articles); they
# are written to bench/out/ (gitignored) and reused when present.
# For each size the script records, in bench/out/results.jsonl and as a
# markdown table on stdout: wall seconds, articles/s, peak RSS, store bytes
# per article, and the per-stage seconds of the analysis
# (`analysis.stage_seconds` of `newsfold run --format json`).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
OUT="$ROOT/bench/out"
mkdir -p "$OUT"
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(10000 100000)
if [ -n "${THREADS:-}" ]; then export RAYON_NUM_THREADS="$THREADS"; fi
# two separate builds: building both packages in one command unifies features
# differently and rebuilds the whole release tree
export CARGO_BUILD_JOBS="${CARGO_BUILD_JOBS:-1}"
[ -n "${NO_BUILD:-}" ] || cargo build --release -p newsfold --bin newsfold
[ -n "${NO_BUILD:-}" ] || cargo build --release -p newsfold-dedup --example gen_corpus
BIN="$ROOT/target/release/newsfold"
for N in "${SIZES[@]}"; do
  CORPUS="$OUT/corpus_${N}.jsonl"
  [ -s "$CORPUS" ] || target/release/examples/gen_corpus "$N" "$CORPUS"
  DB="$OUT/store_${N}.db"
  rm -f "$DB" "$DB-wal" "$DB-shm"
  echo "== newsfold run on $N articles ==" >&2
  /usr/bin/time -v "$BIN" --quiet --db "$DB" run "$CORPUS" --format json --top 0 \
    > "$OUT/run_${N}.json" 2> "$OUT/time_${N}.txt" || { cat "$OUT/time_${N}.txt" >&2; exit 1; }
  python3 bench/summarize.py record "$N" "$CORPUS" "$DB" "$OUT/run_${N}.json" "$OUT/time_${N}.txt" >> "$OUT/results.jsonl"
  [ -n "${KEEP_DB:-}" ] || rm -f "$DB" "$DB-wal" "$DB-shm"
done
python3 bench/summarize.py table "$OUT/results.jsonl"
