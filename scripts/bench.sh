#!/usr/bin/env bash
# Scaling study of the JLops-MPI workloads (BenchMain scale) with its floors, in one run:
# for each rank count the C STREAM triad (bench/src/main/c/stream.c) and C MPI collectives
# (osu_like.c), once C FFTW's serial transforms, forward and backward (fftw_floor.c, for fft2d/fftnd), once the
# non-stationary convolution as plain C loops (nonstat_floor.c, for nonstatconv), at np > 1 the C
# MPI all-to-alls of the FFT transposes (alltoall_floor.c, for fft2d/fftnd; the report ends with each
# distributed FFT row over its local-FFT row plus 1.2 x that all-to-all), then the Java workloads on mpi-ffm under Open MPI's mpirun (in-JVM ranks when
# there is no MPI: no C floors then), once the single-core BLAS floor; with --with-peers the same
# workloads through PyLops-MPI (bench/peers/pylops_mpi_bench.py; PYTHONPATH must reach pylops and
# pylops_mpi). Rows go to <out>/bench-<date>-<mode>.csv (columns: results/README.md), the summary table
# (speed-up, efficiency, fraction of the floor, PyLops-MPI time / ours) is printed at the end and
# the plots are written next to the CSV (<out>/bench-<date>-<mode>-*.png/svg). With --rounds R the
# whole sequence (floors, our workloads, the peers) runs R times, interleaved, and the fastest row of
# each key is kept (a shared machine: a slow round says more about the neighbours than the code).
# Usage: scripts/bench.sh [--workloads a,b] [--np 1,2] [--mode strong|weak] [--size F] [--backend NAME]
#                         [--reps N (7)] [--rounds R (1)] [--out DIR (results)] [--quick] [--with-peers]
#                         [--note TEXT]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/jdk.sh
. scripts/lib/mpi.sh
. scripts/lib/build.sh
jlops_select_jdk

workloads=""
nps=1,2
mode=strong
size=1
backend=""
reps=7
rounds=1
outdir=results
quick=()
peers=0
note=""
command_line="scripts/bench.sh${*:+ $*}"
while [ $# -gt 0 ]; do
    case "$1" in
        --workloads) workloads="$2"; shift 2 ;;
        --np) nps="$2"; shift 2 ;;
        --mode) mode="$2"; shift 2 ;;
        --size) size="$2"; shift 2 ;;
        --backend) backend="$2"; shift 2 ;;
        --reps) reps="$2"; shift 2 ;;
        --rounds) rounds="$2"; shift 2 ;;
        --out) outdir="$2"; shift 2 ;;
        --quick) quick=(--quick); shift ;;
        --with-peers) peers=1; shift ;;
        --note) note="$2"; shift 2 ;;
        -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
        *) echo "error: unknown argument '$1' (expected --workloads LIST, --np LIST, --mode strong|weak, --size F," \
                "--backend NAME, --reps N, --rounds R, --out DIR, --quick, --with-peers, --note TEXT)" >&2
           exit 2 ;;
    esac
done
case "$mode" in strong|weak) ;; *) echo "error: --mode must be strong or weak, got '$mode'" >&2; exit 2 ;; esac
case "$rounds" in ''|*[!0-9]*|0) echo "error: --rounds must be a positive integer, got '$rounds'" >&2; exit 2 ;; esac
say() { echo "[bench] $*"; }
[ ${#quick[@]} -gt 0 ] && [ "$reps" = 7 ] && reps=1

jlops_ensure_built bench
jar=$(jlops_jar bench)
cp="$jar:bench/target/lib/*"
# huge pages for the heap (the arrays): NumPy backs its large arrays with huge pages too
# the stencil kernels (derivatives, Convolve1D, ...) run on the Vector API's loops with
# jdk.incubator.vector, as the README's "vector path" section tells users to run (scalar loops without)
# and outputs overwritten in full skip the JVM's zeroing where it allows (jdk.internal.misc, issue 20)
jvm=(java --enable-native-access=ALL-UNNAMED -Xss4m -Xmx3g -XX:+UseTransparentHugePages
    --add-modules jdk.incubator.vector --add-exports java.base/jdk.internal.misc=ALL-UNNAMED)
# the workloads' JVMs: a fixed, pre-touched heap, so that an allocating product (op ...-new) costs
# the JVM's zeroing of its output, not the growth of the heap and the first touch of its pages (at
# np 2 that made 4096² forward-new 3x the held product; with this heap they are equal)
heap=(-Xms3g -XX:+AlwaysPreTouch)
# JLOPS_JAVA_OPTS: more options for the workloads' JVMs (e.g. -Djlops.fft.planner=measure), named in the notes
read -r -a extra_opts <<<"${JLOPS_JAVA_OPTS:-}"
heap+=("${extra_opts[@]}")
bench_main=org.jlops.mpi.bench.BenchMain
launcher=$(jlops_ompi_run)
# Same conditions for every program of the run: one BLAS thread per rank (numpy's OpenBLAS too), and
# no core binding (a JVM bound to one core shares it with its GC and JIT threads).
export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}"
# Huge pages for every program's large arrays: NumPy asks for them, the JVM does with
# -XX:+UseTransparentHugePages, and the C floors do with JLOPS_HUGEPAGES=1 (madvise).
export JLOPS_HUGEPAGES=1
[ -z "$backend" ] && { [ -n "$launcher" ] && backend=mpi-ffm || backend=local; }
stream=bench/target/stream
osu=bench/target/osu_like
alltoall=bench/target/alltoall_floor
if [ "$backend" != local ] && [ -n "$launcher" ] && command -v mpicc >/dev/null 2>&1; then
    if [ ! -x "$stream" ] || [ bench/src/main/c/stream.c -nt "$stream" ]; then
        say "building $stream (mpicc -O2 -march=native)"; mpicc -O2 -march=native -o "$stream" bench/src/main/c/stream.c
    fi
    if [ ! -x "$osu" ] || [ bench/src/main/c/osu_like.c -nt "$osu" ]; then
        say "building $osu (mpicc -O2)"; mpicc -O2 -o "$osu" bench/src/main/c/osu_like.c
    fi
    if [ ! -x "$alltoall" ] || [ bench/src/main/c/alltoall_floor.c -nt "$alltoall" ]; then
        say "building $alltoall (mpicc -O2)"; mpicc -O2 -o "$alltoall" bench/src/main/c/alltoall_floor.c
    fi
fi
# the FFTW floor of the spectral workloads: serial C FFTW (needs the FFTW headers, libfftw3-dev)
fftw_floor=bench/target/fftw_floor
if [ "$backend" != local ] && command -v cc >/dev/null 2>&1 && [ -f /usr/include/fftw3.h ]; then
    if [ ! -x "$fftw_floor" ] || [ bench/src/main/c/fftw_floor.c -nt "$fftw_floor" ]; then
        say "building $fftw_floor (cc -O2 -march=native -lfftw3)"
        mkdir -p bench/target
        cc -O2 -march=native -o "$fftw_floor" bench/src/main/c/fftw_floor.c -lfftw3 -lm
    fi
fi
# the C loops floor of nonstatconv: the same kernel as plain C loops, one core, -O3 -march=native
nonstat_floor=bench/target/nonstat_floor
if [ "$backend" != local ] && command -v cc >/dev/null 2>&1; then
    if [ ! -x "$nonstat_floor" ] || [ bench/src/main/c/nonstat_floor.c -nt "$nonstat_floor" ]; then
        say "building $nonstat_floor (cc -O3 -march=native)"
        mkdir -p bench/target
        cc -O3 -march=native -o "$nonstat_floor" bench/src/main/c/nonstat_floor.c -lm
    fi
fi

date=$(date +%F)
out="$outdir/bench-$date-$mode.csv"
cores=$(nproc)
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n1)
gpu=$(command -v nvidia-smi >/dev/null 2>&1 && nvidia-smi --query-gpu=name --format=csv,noheader 2>/dev/null | head -n1 || true)
machine="machine: $cores cores${cpu:+ ($cpu)}, GPU: ${gpu:-none}${note:+, $note}"
software="software: $(java -version 2>&1 | head -n1), $([ -n "$launcher" ] && "$launcher" --version 2>&1 | head -n1 || echo 'no Open MPI')"
comments=(--comment "$machine" --comment "$software" --comment "command: ${JLOPS_JAVA_OPTS:+JLOPS_JAVA_OPTS='$JLOPS_JAVA_OPTS' }$command_line"
          --comment "jvm: ${jvm[*]:1} ${heap[*]}")
[ "$rounds" -gt 1 ] && comments+=(--comment "method: the whole sequence run $rounds times, interleaved; the fastest row of each key kept")
common=(--mode "$mode" --size "$size" --reps "$reps" --date "$date" --cores "$cores" "${quick[@]}"
        ${workloads:+--workloads "$workloads"} "${comments[@]}")
mkdir -p "$outdir"
log=$(mktemp)
work=$(mktemp -d)
trap 'rm -rf "$log" "$work"' EXIT
start=$SECONDS

# floor elements: one derivative array (4096 x 4096 x size; x np in weak mode)
elements=$(awk -v s="$size" 'BEGIN { printf "%d", 4096 * 4096 * s }')
[ ${#quick[@]} -gt 0 ] && elements=4096

IFS=, read -r -a np_list <<< "$nps"
for ((round = 1; round <= rounds; round++)); do
    rdir="$work/round-$round"
    rout="$rdir/bench-$date-$mode.csv"
    mkdir -p "$rdir"
    tag=""
    [ "$rounds" -gt 1 ] && tag="round $round/$rounds: "
    if [ "$backend" = local ]; then
        say "backend local: no mpirun (${launcher:-Open MPI not found}); ranks are threads of one JVM; no C floors"
        "${jvm[@]}" "${heap[@]}" -cp "$cp" "$bench_main" scale --backend local --np "$nps" "${common[@]}" --out "$rdir" --no-plots
    else
        say "${tag}backend $backend: ranks are processes under $launcher; BLAS floor (one core)"
        "${jvm[@]}" -cp "$cp" "$bench_main" scale --floors-only "${common[@]}" --out "$rdir"
        if [ -x "$fftw_floor" ] && { [ -z "$workloads" ] || [[ ",$workloads," == *,fft* ]]; }; then
            # the floor is C FFTW's best plan: FFTW_MEASURE (FFTW_PATIENT when the Java side plans
            # with -Djlops.fft.planner=patient); FFTW_ESTIMATE plans, our default effort, are timed
            # too as reference rows (workload fftw-estimate) that no row is compared with
            effort=measure
            [[ " ${extra_opts[*]} " =~ -Djlops\.fft\.planner=[Pp][Aa][Tt][Ii][Ee][Nn][Tt] ]] && effort=patient
            say "${tag}C FFTW serial floor (fft2d, fftnd sizes; forward and backward; FFTW_${effort^^}, FFTW_ESTIMATE for reference)"
            "$fftw_floor" --reps "$((reps < 5 ? 5 : reps))" "${quick[@]}" --planner "$effort" >"$log"
            "$fftw_floor" --reps "$((reps < 5 ? 5 : reps))" "${quick[@]}" --planner estimate --workload fftw-estimate >>"$log"
            "${jvm[@]}" -cp "$cp" "$bench_main" merge --out "$rout" "${comments[@]}" <"$log" | sed 's/^/    /'
        fi
        if [ -x "$nonstat_floor" ] && { [ -z "$workloads" ] || [[ ",$workloads," == *,nonstatconv,* ]]; }; then
            say "${tag}C loops floor of nonstatconv (one core, cc -O3 -march=native)"
            "$nonstat_floor" --reps "$((reps < 5 ? 5 : reps))" --size "$size" "${quick[@]}" >"$log"
            "${jvm[@]}" -cp "$cp" "$bench_main" merge --out "$rout" "${comments[@]}" <"$log" | sed 's/^/    /'
        fi
        for np in "${np_list[@]}"; do
            read -r -a flags <<< "$(jlops_ompi_flags "$np")"
            flags+=(--bind-to none -x OPENBLAS_NUM_THREADS -x JLOPS_HUGEPAGES)
            [ "$np" -gt "$cores" ] && say "${tag}np=$np > $cores cores: OVERSUBSCRIBED (flagged in every row and plot title)"
            n_el=$elements
            [ "$mode" = weak ] && n_el=$((elements * np))
            if [ -x "$stream" ]; then
                say "${tag}np=$np: C STREAM triad floor ($n_el elements)"
                "$launcher" "${flags[@]}" -np "$np" "$stream" "$n_el" "$((reps < 5 ? 5 : reps))" >"$log"
                "${jvm[@]}" -cp "$cp" "$bench_main" merge --out "$rout" "${comments[@]}" <"$log" | sed 's/^/    /'
            fi
            if [ -x "$osu" ]; then
                say "${tag}np=$np: C MPI collectives floor (osu_like)"
                "$launcher" "${flags[@]}" -np "$np" "$osu" --reps "$((reps < 5 ? 5 : reps))" "${quick[@]}" >"$log"
                "${jvm[@]}" -cp "$cp" "$bench_main" merge --out "$rout" "${comments[@]}" <"$log" | sed 's/^/    /'
            fi
            if [ -x "$alltoall" ] && [ "$np" -gt 1 ] && { [ -z "$workloads" ] || [[ ",$workloads," == *,fft* ]]; }; then
                say "${tag}np=$np: C MPI all-to-all floor of the FFT transposes (alltoall_floor)"
                "$launcher" "${flags[@]}" -np "$np" "$alltoall" --reps "$((reps < 5 ? 5 : reps))" "${quick[@]}" >"$log"
                "${jvm[@]}" -cp "$cp" "$bench_main" merge --out "$rout" "${comments[@]}" <"$log" | sed 's/^/    /'
            fi
            say "${tag}np=$np: workloads on $backend ($((SECONDS - start)) s so far)"
            "$launcher" "${flags[@]}" -np "$np" "${jvm[@]}" "${heap[@]}" -Djlops.comm.backend="$backend" -cp "$cp" "$bench_main" \
                scale --backend "$backend" "${common[@]}" --out "$rdir"
        done
    fi

    if [ "$peers" = 1 ]; then
        py=("${PYTHON:-python3}" bench/peers/pylops_mpi_bench.py --mode "$mode" --size "$size" --reps "$reps" "${quick[@]}"
            ${workloads:+--workloads "$workloads"})
        if ! "${py[@]}" --check; then
            say "PyLops-MPI not importable (set PYTHONPATH to pylops and pylops-mpi sources): peers skipped"
        else
            for np in "${np_list[@]}"; do
                read -r -a flags <<< "$(jlops_ompi_flags "$np")"
                flags+=(--bind-to none -x OPENBLAS_NUM_THREADS -x JLOPS_HUGEPAGES)
                say "${tag}np=$np: PyLops-MPI peers"
                if [ -n "$launcher" ]; then
                    "$launcher" "${flags[@]}" -x PYTHONPATH -np "$np" "${py[@]}" --cores "$cores" >"$log"
                else
                    "${py[@]}" --cores "$cores" >"$log"
                fi
                "${jvm[@]}" -cp "$cp" "$bench_main" merge --out "$rout" "${comments[@]}" <"$log" | sed 's/^/    /'
            done
        fi
    fi
done
say "merging $rounds round(s) into $out (fastest row of each key)"
cat "$work"/round-*/"bench-$date-$mode.csv" | "${jvm[@]}" -cp "$cp" "$bench_main" merge --best --out "$out" \
    "${comments[@]}" | sed 's/^/    /'

"${jvm[@]}" -cp "$cp" "$bench_main" scale --report-only "${common[@]}" --out "$outdir"

# issue 17's bound for the distributed FFTs at np > 1: time <= local FFT time + 1.2 x the C all-to-all,
# the local time being the local-forward/local-adjoint rows (each rank's slab alone, same np)
awk -F, '!/^#/ && $1 != "impl" {
    if ($1 == "c" && $4 == "alltoall") a2a[$5 "," $6 "," $7] = $10
    else if ($1 == "jlops-mpi" && ($4 == "fft2d" || $4 == "fftnd")) t[$4 "," $5 "," $6 "," $7] = $10
} END {
    for (k in t) {
        split(k, f, ",")
        if (f[3] < 2 || f[2] ~ /^local/) continue
        op = f[2]; sub(/-new$/, "", op)
        loc = t[f[1] ",local-" op "," f[3] "," f[4]]
        c = a2a[f[1] "," f[3] "," f[4]]
        if (loc == "" || c == "") continue
        printf "    %-6s %-12s np %-2s %-10s %.4g s / (local %.4g s + 1.2 x all-to-all %.4g s) = %.2f\n", f[1], f[2], f[3], f[4], t[k], loc, c, t[k] / (loc + 1.2 * c)
    }
}' "$out" | sort | { IFS= read -r first || exit 0; say "distributed FFT / (local FFT + 1.2 x C all-to-all), target <= 1:"; echo "$first"; cat; }
say "done in $((SECONDS - start)) s: $out"
