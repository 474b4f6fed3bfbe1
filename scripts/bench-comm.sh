#!/usr/bin/env bash
# Communication benchmark, side by side in one run: the C program (plain MPI, Open MPI), then
# the Java harness on mpi-ffm, ompi-java (both under Open MPI's mpirun) and the in-JVM backend.
# Cases: allreduce of 1 and 2^20 doubles, allgather of 2^22 doubles, ping-pong of 8 B and 8 MiB.
# Every run merges its rows into results/comm-<date>.csv (columns: results/README.md); a backend
# that is unavailable is recorded as skipped; then the table with each time's ratio to C.
# Usage: scripts/bench-comm.sh [--np N (2)] [--reps N (7, >= 5)] [--quick] [--out FILE] [--note TEXT]
#        BENCH_TIMEOUT=seconds per run (default 600)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/jdk.sh
. scripts/lib/mpi.sh
. scripts/lib/build.sh
jlops_select_jdk

np=2
reps=7
quick=()
out="results/comm-$(date +%F).csv"
note=""
command_line="scripts/bench-comm.sh${*:+ $*}"
while [ $# -gt 0 ]; do
    case "$1" in
        --np) np="$2"; shift 2 ;;
        --reps) reps="$2"; shift 2 ;;
        --quick) quick=(--quick); shift ;;
        --out) out="$2"; shift 2 ;;
        --note) note="$2"; shift 2 ;;
        -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
        *) echo "error: unknown argument '$1' (expected --np N, --reps N, --quick, --out FILE, --note TEXT)" >&2
           exit 2 ;;
    esac
done
timeout_s="${BENCH_TIMEOUT:-600}"
say() { echo "[bench-comm] $*"; }

# ---- build what is missing or stale ------------------------------------------------------------
jlops_ensure_built bench
jar=$(jlops_jar bench)
cp="$jar:bench/target/lib/*"
jvm=(java --enable-native-access=ALL-UNNAMED -Xss4m)
bench_main=org.jlops.mpi.bench.BenchMain

launcher=$(jlops_ompi_run)
osu=bench/target/osu_like
if [ -n "$launcher" ] && command -v mpicc >/dev/null 2>&1; then
    if [ ! -x "$osu" ] || [ bench/src/main/c/osu_like.c -nt "$osu" ]; then
        say "building $osu (mpicc -O2)"
        mpicc -O2 -o "$osu" bench/src/main/c/osu_like.c
    fi
fi
mpi_flags=()
if [ -n "$launcher" ]; then
    read -r -a mpi_flags <<< "$(jlops_ompi_flags "$np")"
fi

# ---- what the report says about the machine and the command -------------------------------------
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n1)
gpu=none
if command -v nvidia-smi >/dev/null 2>&1 && nvidia-smi -L >/dev/null 2>&1; then
    gpu=$(nvidia-smi -L | sed 's/ (UUID.*//' | paste -sd ';' -)
fi
ompi_version=$([ -n "$launcher" ] && "$launcher" --version 2>&1 | head -n1 || echo "no Open MPI")
machine="machine: $(nproc) cores${cpu:+ ($cpu)}, GPU: $gpu${note:+, $note}"
software="software: $(java -version 2>&1 | head -n1), $ompi_version"
comments=(--comment "$machine" --comment "$software" --comment "command: $command_line")

mkdir -p "$(dirname "$out")"
log_dir=$(mktemp -d)
trap 'rm -rf "$log_dir"' EXIT
skipped=()

# Records the Java rows of backend $1 as skipped for reason $2.
skip_java() {
    skipped+=("$1: $2")
    say "$1 skipped: $2"
    "${jvm[@]}" -cp "$cp" "$bench_main" comm --backend "$1" --np "$np" --reps "$reps" "${quick[@]}" \
        --out "$out" "${comments[@]}" --skipped "$2" >/dev/null
}

# The reason a Java run failed, from its log.
failure_reason() {
    local rc="$1" log="$2" why
    why=$(sed -n 's/^jlops-bench: backend [^ ]* unavailable: //p' "$log" | head -n1)
    if [ -n "$why" ]; then echo "unavailable: $why"
    elif [ "$rc" = 124 ]; then echo "timed out after ${timeout_s} s"
    else echo "run failed (exit $rc): $(grep -m1 -E 'Exception|Error|error' "$log" | cut -c1-160)"
    fi
}

# Runs the Java benchmark on an MPI backend: run_java_mpi BACKEND CLASSPATH [extra JVM options...]
run_java_mpi() {
    local backend="$1" classpath="$2" rc=0 log="$log_dir/$1.log"
    shift 2
    say "$backend: $launcher -np $np java ... comm --backend $backend"
    timeout "$timeout_s" "$launcher" "${mpi_flags[@]}" -np "$np" "${jvm[@]}" "$@" \
        -Djlops.comm.backend="$backend" -cp "$classpath" "$bench_main" comm --backend "$backend" --reps "$reps" \
        "${quick[@]}" --out "$out" "${comments[@]}" >"$log" 2>&1 || rc=$?
    if [ "$rc" = 0 ]; then
        grep -v '^$' "$log" | sed 's/^/    /'
    else
        sed 's/^/    | /' "$log" | tail -n 5 >&2
        skip_java "$backend" "$(failure_reason "$rc" "$log")"
    fi
}

# ---- 1. C (plain MPI) --------------------------------------------------------------------------
if [ -z "$launcher" ]; then
    skipped+=("c-mpi: no Open MPI launcher (scripts/setup.sh installs it)")
elif [ ! -x "$osu" ]; then
    skipped+=("c-mpi: mpicc not found, $osu not built")
else
    say "c-mpi: $launcher -np $np $osu"
    rc=0
    timeout "$timeout_s" "$launcher" "${mpi_flags[@]}" -np "$np" "$osu" --reps "$reps" "${quick[@]}" \
        >"$log_dir/c.csv" 2>"$log_dir/c.err" || rc=$?
    if [ "$rc" = 0 ]; then
        "${jvm[@]}" -cp "$cp" "$bench_main" merge --out "$out" "${comments[@]}" <"$log_dir/c.csv" | sed 's/^/    /'
    else
        tail -n 5 "$log_dir/c.err" >&2
        skipped+=("c-mpi: run failed (exit $rc)")
    fi
fi

# ---- 2. Java on MPI: mpi-ffm and ompi-java ------------------------------------------------------
if [ -z "$launcher" ]; then
    skip_java mpi-ffm "no Open MPI launcher"
    skip_java ompi-java "no Open MPI launcher"
else
    run_java_mpi mpi-ffm "$cp"

    # Open MPI Java bindings: mpi.jar on the class path, libmpi_java.so on java.library.path.
    mpi_jar="${JLOPS_MPI_JAR:-}"
    if [ -z "$mpi_jar" ] && [ -f scripts/lib/mpijar.sh ]; then
        mpi_jar=$(bash scripts/lib/mpijar.sh 2>/dev/null | tail -n1 || true)
    fi
    libdir=$(jlops_mpi_java_libdir || true)
    if [ -z "$mpi_jar" ] || [ ! -f "$mpi_jar" ]; then
        skip_java ompi-java "mpi.jar not found (scripts/setup.sh provides it, or set JLOPS_MPI_JAR)"
    elif [ -z "$libdir" ]; then
        skip_java ompi-java "libmpi_java.so not found by ldconfig"
    else
        run_java_mpi ompi-java "$cp:$mpi_jar" -Djava.library.path="$libdir"
    fi
fi

# ---- 3. Java in one JVM (ranks as threads) ------------------------------------------------------
say "local: java ... comm --backend local --np $np"
rc=0
timeout "$timeout_s" "${jvm[@]}" -cp "$cp" "$bench_main" comm --backend local --np "$np" --reps "$reps" \
    "${quick[@]}" --out "$out" "${comments[@]}" >"$log_dir/local.log" 2>&1 || rc=$?
if [ "$rc" = 0 ]; then
    sed 's/^/    /' "$log_dir/local.log"
else
    tail -n 5 "$log_dir/local.log" >&2
    skip_java local "$(failure_reason "$rc" "$log_dir/local.log")"
fi

# ---- summary -----------------------------------------------------------------------------------
echo
say "report: $out  ($machine)"
"${jvm[@]}" -cp "$cp" "$bench_main" summary --in "$out" --np "$np"
if [ ${#skipped[@]} -gt 0 ]; then
    echo
    say "skipped:"
    printf '    %s\n' "${skipped[@]}"
fi
