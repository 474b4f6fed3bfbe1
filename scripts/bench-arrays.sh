#!/usr/bin/env bash
# Array benchmark, with the machine's memory-bandwidth floor measured in the same run: at each
# np, the C STREAM-style copy/triad loops (bench/src/main/c/stream.c, mpicc -O2 -march=native; and
# for reference the same at -O3, vectorised: ops copy-O3, triad-O3),
# then the Java DistributedArray operations (add, iadd, scale, dot, norm2, norm1, norminf) on
# the mpi-ffm backend, both under Open MPI's mpirun -np N, 2^24 float64 elements in total.
# Each is measured --rounds times and the fastest round kept (the machine may be shared); every
# Java row's notes give its fraction of the triad floor of the same np. Rows are merged into
# results/arrays-<date>.csv (columns: results/README.md), with float32/float64 bytes per element.
# Usage: scripts/bench-arrays.sh [--np 1,2] [--reps N (7)] [--rounds N (3)] [--quick] [--out FILE] [--note TEXT]
#        BENCH_TIMEOUT=seconds per run (default 600)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/jdk.sh
. scripts/lib/mpi.sh
. scripts/lib/build.sh
jlops_select_jdk

nps="1,2"
reps=7
rounds=3
quick=()
elements=$((1 << 24))
out="results/arrays-$(date +%F).csv"
note=""
command_line="scripts/bench-arrays.sh${*:+ $*}"
while [ $# -gt 0 ]; do
    case "$1" in
        --np) nps="$2"; shift 2 ;;
        --reps) reps="$2"; shift 2 ;;
        --rounds) rounds="$2"; shift 2 ;;
        --quick) quick=(--quick); elements=$((1 << 16)); shift ;;
        --out) out="$2"; shift 2 ;;
        --note) note="$2"; shift 2 ;;
        -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
        *) echo "error: unknown argument '$1' (expected --np LIST, --reps N, --rounds N, --quick, --out FILE, --note TEXT)" >&2
           exit 2 ;;
    esac
done
timeout_s="${BENCH_TIMEOUT:-600}"
say() { echo "[bench-arrays] $*"; }

launcher=$(jlops_ompi_run)
if [ -z "$launcher" ] || ! command -v mpicc >/dev/null 2>&1; then
    echo "error: needs Open MPI's mpirun and mpicc (scripts/setup.sh installs them)" >&2
    exit 1
fi

# ---- build what is missing or stale ------------------------------------------------------------
jlops_ensure_built bench
jar=$(jlops_jar bench)
stream=bench/target/stream
if [ ! -x "$stream" ] || [ bench/src/main/c/stream.c -nt "$stream" ]; then
    say "building $stream (mpicc -O2 -march=native)"
    mpicc -O2 -march=native -o "$stream" bench/src/main/c/stream.c
fi
# The same loops at -O3, which GCC vectorises (it does not at -O2): rows copy-O3 and triad-O3, for
# reference next to the -O2 floor.
stream_o3=bench/target/stream-O3
if [ ! -x "$stream_o3" ] || [ bench/src/main/c/stream.c -nt "$stream_o3" ]; then
    say "building $stream_o3 (mpicc -O3 -march=native)"
    mpicc -O3 -march=native -o "$stream_o3" bench/src/main/c/stream.c
fi
cp="$jar:bench/target/lib/*"
jvm=(java --enable-native-access=ALL-UNNAMED -Xss4m)
bench_main=org.jlops.mpi.bench.BenchMain

# ---- what the report says about the machine and the command -------------------------------------
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n1)
gpu=none
if command -v nvidia-smi >/dev/null 2>&1 && nvidia-smi -L >/dev/null 2>&1; then
    gpu=$(nvidia-smi -L | sed 's/ (UUID.*//' | paste -sd ';' -)
fi
os=$(. /etc/os-release 2>/dev/null && echo "${PRETTY_NAME:-unknown OS}")
machine="machine: $(nproc) cores${cpu:+ ($cpu)}, GPU: $gpu, $os${note:+, $note}"
software="software: $(java -version 2>&1 | head -n1), $("$launcher" --version 2>&1 | head -n1), $(mpicc --version | head -n1)"
method="method: each of C and Java measured $rounds times per np, fastest round kept; median of $reps repetitions per round; Java heap fixed and pre-touched (-Xms = -Xmx = 64 B per local element, at least 512 MiB, -XX:+AlwaysPreTouch); mpirun --bind-to none for C and Java"
comments=(--comment "$machine" --comment "$software" --comment "command: $command_line" --comment "$method")

log_dir=$(mktemp -d)
trap 'rm -rf "$log_dir"' EXIT
IFS=',' read -r -a np_list <<< "$nps"
for np in "${np_list[@]}"; do
    read -r -a mpi_flags <<< "$(jlops_ompi_flags "$np")"
    # No core binding: Open MPI binds each rank to one core when np <= 2, which leaves a JVM's
    # GC and JIT threads to share that core with the computation (add and scale, which allocate,
    # measured 30 % slower bound at np = 1). The single-threaded C loops are unaffected either way.
    mpi_flags+=(--bind-to none)
    # A fixed, pre-touched heap of 8 doubles per local element (at least 512 MiB): the operations
    # that return a new array allocate 8 B per element each call, and a heap that is still growing
    # (or pages touched for the first time) would be measured instead of the kernels.
    heap_mb=$(( (64 * elements / np) >> 20 ))
    [ "$heap_mb" -lt 512 ] && heap_mb=512
    heap=(-Xms${heap_mb}m -Xmx${heap_mb}m -XX:+AlwaysPreTouch)
    # ---- C STREAM floor ----
    say "np=$np: $launcher -np $np $stream $elements $reps  (x$rounds)"
    : > "$log_dir/stream.csv"
    for ((r = 0; r < rounds; r++)); do
        timeout "$timeout_s" "$launcher" "${mpi_flags[@]}" -np "$np" "$stream" "$elements" "$reps" >> "$log_dir/stream.csv"
        timeout "$timeout_s" "$launcher" "${mpi_flags[@]}" -np "$np" "$stream_o3" "$elements" "$reps" -O3 \
            >> "$log_dir/stream.csv"
    done
    "${jvm[@]}" -cp "$cp" "$bench_main" merge --best --out "$out" "${comments[@]}" < "$log_dir/stream.csv" | sed 's/^/    /'
    triad=$(awk -F, -v np="$np" -v n="$elements" '$1=="c" && $4=="stream" && $5=="triad" && $6==np && $8==n {print $13}' "$out" | tail -n1)
    triad_o3=$(awk -F, -v np="$np" -v n="$elements" '$1=="c" && $4=="stream" && $5=="triad-O3" && $6==np && $8==n {print $13}' "$out" | tail -n1)
    say "np=$np: triad floor ${triad:-?} GB/s (-O2), ${triad_o3:-?} GB/s (-O3)"
    # ---- Java DistributedArray operations ----
    say "np=$np: $launcher -np $np java ... arrays --backend mpi-ffm --rounds $rounds"
    rc=0
    timeout "$timeout_s" "$launcher" "${mpi_flags[@]}" -np "$np" "${jvm[@]}" "${heap[@]}" -Djlops.comm.backend=mpi-ffm \
        -cp "$cp" "$bench_main" arrays --backend mpi-ffm --elements "$elements" --reps "$reps" --rounds "$rounds" \
        ${triad:+--triad-gbs "$triad"} ${triad_o3:+--triad-o3-gbs "$triad_o3"} "${quick[@]}" --out "$out" "${comments[@]}" > "$log_dir/java.log" 2>&1 || rc=$?
    sed 's/^/    /' "$log_dir/java.log"
    if [ "$rc" != 0 ]; then
        echo "error: the Java run at np=$np failed (exit $rc)" >&2
        exit 1
    fi
done
echo
say "report: $out  ($machine)"
