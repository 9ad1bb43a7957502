#!/usr/bin/env bash
# Dedup benchmark: newsfold vs Python datasketch and rensa on the same corpus.
# Usage: bench/dedup/run.sh [N=10000] [THREADS=2]
# Creates bench/.venv (gitignored), installs datasketch and rensa from PyPI,
# generates /tmp/newsfold_dedup_N.jsonl from ../shared/data/bbc-dups, and runs
# all three engines; newsfold runs under /usr/bin/time -v (peak RSS).
set -euo pipefail
N="${1:-10000}"
THREADS="${2:-2}"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
VENV="$ROOT/bench/.venv"
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
fi
"$VENV/bin/python" -c "import datasketch, rensa" 2>/dev/null || "$VENV/bin/pip" install -q datasketch rensa
CARGO_BUILD_JOBS="${CARGO_BUILD_JOBS:-1}" cargo build --release -p newsfold-dedup --example gen_corpus --example bench_dedup
CORPUS="/tmp/newsfold_dedup_${N}.jsonl"
[ -s "$CORPUS" ] || target/release/examples/gen_corpus "$N" "$CORPUS"
echo "== newsfold alone under /usr/bin/time -v (N=$N, threads=$THREADS) =="
/usr/bin/time -v target/release/examples/bench_dedup "$CORPUS" "$THREADS" 0.8 2> /tmp/newsfold_dedup_time.txt
grep -E "Elapsed|Maximum resident|User time|System time" /tmp/newsfold_dedup_time.txt
echo "== side by side =="
"$VENV/bin/python" bench/dedup/compare.py "$CORPUS" target/release/examples/bench_dedup --threads "$THREADS" ${COMPARE_ARGS:-}
