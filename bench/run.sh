#!/bin/sh
# run.sh — the benchmarks, as markdown tables ready for the README.
#
# usage: bench/run.sh [build-dir (default: build)]
#   RUNS=5 THREADS=2 PYTHON=/usr/bin/python3 SGEMM=1 bench/run.sh   (SGEMM=0 skips part 1)
#
# 1. bench_sgemm: nn_sgemm against OpenBLAS (when the build found OpenBLAS).
# 2. bench_fraction: each training workload (the course's own, Fashion-MNIST 784-128-10 at batch
#    32, among them) as a fraction of OpenBLAS's sgemm at 2048³ and at the step's own product
#    shapes, in one run.
# 3. bench_train against bench/torch_ref.py: the same five workloads in the engine and in PyTorch.
#    PyTorch runs twice, as installed and with OPENBLAS_NUM_THREADS=1 (its OpenMP threads and
#    OpenBLAS's own threads otherwise compete for the same cores); the faster of the two counts.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
build=${1:-"$here/../build"}
runs=${RUNS:-5}
threads=${THREADS:-2}
python=${PYTHON:-/usr/bin/python3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Both sides need the cores to themselves; PyTorch's OpenMP barriers suffer most from sharing.
# The share of CPU time other programs took over two seconds:
busy=$( (head -n 1 /proc/stat; sleep 2; head -n 1 /proc/stat) 2>/dev/null |
    awk '{ b[NR] = $2 + $3 + $4 + $7 + $8 + $9; t[NR] = b[NR] + $5 + $6 }
         END { if (t[2] > t[1]) printf "%.2f", (b[2] - b[1]) / (t[2] - t[1]); else print 0 }')
if awk "BEGIN { exit !($busy > 0.05) }"; then
    echo "warning: other programs are using $busy of the CPUs: figures will be low and noisy" >&2
fi

if [ "${SGEMM:-1}" = 0 ]; then
    :
elif [ -x "$build/bench/bench_sgemm" ]; then
    echo "## nn_sgemm against OpenBLAS ($threads threads)"
    echo
    "$build/bench/bench_sgemm" "$threads"
    echo
else
    echo "(bench_sgemm not built: OpenBLAS was not found)"
    echo
fi

if [ -x "$build/bench/bench_fraction" ]; then
    echo "## The training workloads against OpenBLAS's sgemm"
    "$build/bench/bench_fraction" --runs "$runs" --threads "$threads" --products
    echo
fi

# One workload at a time on each side, so that both sides of a row run minutes apart at most:
# the machines this runs on are shared, and their speed drifts.
for w in seed mnist playground wide fashion; do
    "$build/bench/bench_train" --runs "$runs" --threads "$threads" "$w" >> "$tmp/engine.tsv"
    "$python" "$here/torch_ref.py" --runs "$runs" --threads "$threads" "$w" >> "$tmp/torch.tsv"
    OPENBLAS_NUM_THREADS=1 "$python" "$here/torch_ref.py" --runs "$runs" --threads "$threads" "$w" \
        >> "$tmp/torch1.tsv"
done

echo "## Training throughput: engine (CPU) against PyTorch $("$python" -c 'import torch; print(torch.__version__)'), $threads threads, median of $runs runs"
echo
echo "| workload | model | batch | engine samples/s | engine GFLOP/s | PyTorch samples/s | PyTorch GFLOP/s | engine / PyTorch |"
echo "|---|---|---:|---:|---:|---:|---:|---:|"
awk -F '\t' '
    BEGIN {
        model["seed"] = "100-64-10 relu";        batch["seed"] = 32
        model["mnist"] = "784-256-128-10 relu";  batch["mnist"] = 128
        model["playground"] = "2-8-8-2 tanh";    batch["playground"] = 10
        model["wide"] = "1024-1024-1024-1024-10 relu"; batch["wide"] = 256
        model["fashion"] = "784-128-10 relu, Fashion-MNIST"; batch["fashion"] = 32
    }
    FILENAME ~ /torch/ {
        if (!($1 in rate) || $2 > rate[$1]) { rate[$1] = $2; flops[$1] = $3 }
        next
    }
    { name[++n] = $1; erate[$1] = $2; eflops[$1] = $3 }
    END {
        for (i = 1; i <= n; i++) {
            w = name[i]
            printf "| %s | %s | %d | %d | %.2f | %d | %.2f | %.1fx |\n", w, model[w], batch[w],
                erate[w], eflops[w], rate[w], flops[w], erate[w] / rate[w]
        }
    }' "$tmp/torch.tsv" "$tmp/torch1.tsv" "$tmp/engine.tsv"
