#!/usr/bin/env bash
# Operator benchmark beside the memory-bandwidth floor, in one run per rank count: the C STREAM
# copy/triad loops (bench/src/main/c/stream.c, mpicc -O2 -march=native), the same axis-0 stencils
# and the 2-d Laplacian written in C (bench/src/main/c/stencil.c, mpicc -O3 -march=native: interior
# formulas, same ghost exchange, vectorised by the compiler), then the Java operators
# (first derivative centered order 3 and 5, second derivative on N x N, Laplacian on M x M,
# MPIBlockDiag of 4 dense 1000 x 1000 MatrixMult blocks per rank beside bare dgemv calls on the same
# blocks, one CGLS iteration on that MPIBlockDiag and one on the order-3 first derivative, each also as a
# multiple of its forward + adjoint; forward and adjoint) on mpi-ffm under Open MPI's mpirun (in-JVM ranks when there is no MPI).
# Rows are merged into results/operators-<date>.csv (columns: results/README.md), then each
# operator's GB/s is printed as a fraction of the triad floor and of the C stencil at the same np.
# Every program runs --rounds times per np and the fastest round of each row is kept (the machine
# may be shared: a slow round says more about the neighbours than about the code).
# --scalar runs the Java operators on the scalar stencil loops (-Djlops.stencil.vector=off: the same bits),
# to set them beside a default run (the Vector API's loops).
# Usage: scripts/bench-operators.sh [--np 1,2] [--reps N (7)] [--rounds N (1)] [--n 4096] [--m 2048] [--quick] [--scalar] [--out FILE] [--note TEXT]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/jdk.sh
. scripts/lib/mpi.sh
. scripts/lib/build.sh
jlops_select_jdk

nps=1,2
reps=7
rounds=1
n=4096
m=2048
quick=()
scalar=0
out="results/operators-$(date +%F).csv"
note=""
command_line="scripts/bench-operators.sh${*:+ $*}"
while [ $# -gt 0 ]; do
    case "$1" in
        --np) nps="$2"; shift 2 ;;
        --reps) reps="$2"; shift 2 ;;
        --rounds) rounds="$2"; shift 2 ;;
        --n) n="$2"; shift 2 ;;
        --m) m="$2"; shift 2 ;;
        --quick) quick=(--quick); shift ;;
        --scalar) scalar=1; shift ;;
        --out) out="$2"; shift 2 ;;
        --note) note="$2"; shift 2 ;;
        -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
        *) echo "error: unknown argument '$1' (expected --np LIST, --reps N, --rounds N, --n N, --m M, --quick, --scalar, --out FILE, --note TEXT)" >&2
           exit 2 ;;
    esac
done
say() { echo "[bench-operators] $*"; }
# one rank per core: OpenBLAS must not start its own threads on top of the ranks
export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}"

jlops_ensure_built bench
jar=$(jlops_jar bench)
cp="$jar:bench/target/lib/*"
# the stencil kernels run on the Vector API with jdk.incubator.vector (scalar loops without it);
# outputs that are overwritten in full skip the JVM's zeroing where it allows (jdk.internal.misc, issue 20)
jvm=(java --enable-native-access=ALL-UNNAMED -Xss4m --add-modules jdk.incubator.vector
    --add-exports java.base/jdk.internal.misc=ALL-UNNAMED)
[ "$scalar" = 1 ] && jvm+=(-Djlops.stencil.vector=off)
# a fixed, pre-touched heap: the allocating rows must not measure a growing heap
heap=(-Xms4g -Xmx4g -XX:+AlwaysPreTouch)
bench_main=org.jlops.mpi.bench.BenchMain
launcher=$(jlops_ompi_run)
stream=bench/target/stream
stencil=bench/target/stencil
if [ -n "$launcher" ] && command -v mpicc >/dev/null 2>&1; then
    mkdir -p bench/target
    for prog in stream stencil; do
        # the STREAM loops are memory-bound at -O2; the stencils are the C the Java kernels must match
        opt=-O2
        [ "$prog" = stencil ] && opt=-O3
        if [ ! -x "bench/target/$prog" ] || [ "bench/src/main/c/$prog.c" -nt "bench/target/$prog" ] \
            || [ "$0" -nt "bench/target/$prog" ]; then
            say "building bench/target/$prog (mpicc $opt -march=native)"
            mpicc "$opt" -march=native -o "bench/target/$prog" "bench/src/main/c/$prog.c" -lm
        fi
    done
fi

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n1)
machine="machine: $(nproc) cores${cpu:+ ($cpu)}, GPU: none${note:+, $note}"
software="software: $(java -version 2>&1 | head -n1), $([ -n "$launcher" ] && "$launcher" --version 2>&1 | head -n1 || echo 'no Open MPI')"
method="method: each program run $rounds time(s) per np, the fastest round of each row kept; median of $reps repetitions per round; OPENBLAS_NUM_THREADS=$OPENBLAS_NUM_THREADS; mpirun --bind-to none; Java heap -Xms4g -Xmx4g pre-touched"
comments=(--comment "$machine" --comment "$software" --comment "command: $command_line" --comment "$method")
mkdir -p "$(dirname "$out")"
log=$(mktemp)
rows=$(mktemp)
said=$(mktemp)
kernels=""
allocation=""
trap 'rm -f "$log" "$rows" "$said"' EXIT

# floor elements: the size of one derivative array
elements=$((n * n))
[ ${#quick[@]} -gt 0 ] && elements=4096

IFS=, read -r -a np_list <<< "$nps"
for np in "${np_list[@]}"; do
    if [ -n "$launcher" ] && [ -x "$stream" ]; then
        read -r -a flags <<< "$(jlops_ompi_flags "$np")"
        # no core binding: a JVM bound to one core shares it with its GC and JIT threads
        flags+=(--bind-to none)
        side=$n
        mside=$m
        [ ${#quick[@]} -gt 0 ] && side=64 && mside=32
        : > "$rows"
        for ((r = 1; r <= rounds; r++)); do
            say "np=$np, round $r/$rounds: C STREAM floor ($elements elements), C stencils (${side}x$side, Laplacian ${mside}x$mside)"
            "$launcher" "${flags[@]}" -np "$np" "$stream" "$elements" "$((reps + 3))" >>"$rows"
            "$launcher" "${flags[@]}" -np "$np" "$stencil" "$side" "$reps" "$mside" >>"$rows"
            say "np=$np, round $r/$rounds: operators on mpi-ffm"
            rm -f "$log"
            "$launcher" "${flags[@]}" -np "$np" "${jvm[@]}" "${heap[@]}" -Djlops.comm.backend=mpi-ffm -cp "$cp" "$bench_main" \
                operators --backend mpi-ffm --reps "$reps" --n "$n" --m "$m" "${quick[@]}" --out "$log" | tee "$said" | sed 's/^/    /'
            kernels=$(sed -n 's/^stencil kernels: //p' "$said" | head -n1)
            allocation=$(sed -n 's/^allocation: //p' "$said" | head -n1)
            grep -v '^#' "$log" | grep -v '^impl,' >>"$rows"
        done
        "${jvm[@]}" -cp "$cp" "$bench_main" merge --best --out "$out" "${comments[@]}" \
            ${kernels:+--comment "stencil kernels: $kernels"} ${allocation:+--comment "allocation: $allocation"} <"$rows" | sed 's/^/    /'
    else
        say "np=$np: no Open MPI launcher or mpicc (scripts/setup.sh installs them): in-JVM ranks, no C floor"
        "${jvm[@]}" -cp "$cp" "$bench_main" operators --backend local --np "$np" --reps "$reps" --n "$n" --m "$m" \
            "${quick[@]}" --out "$out" "${comments[@]}"
    fi
done

echo
say "report: $out ($machine); fraction of the triad floor and of the C stencil at the same np:"
awk -F, '!/^#/ && $1 != "impl" {
    if ($4 == "stream" && $5 == "triad") triad[$6] = $13
    else if ($1 == "c") c[$4 "," $6] = $13
    else if ($1 == "blas") { blas[$5 "," $6] = $10; key[++k] = $0 }
    else if ($1 == "jlops-mpi") { key[++k] = $0; time[$4 "," $5 "," $6] = $10 }
} END {
    for (i = 1; i <= k; i++) {
        split(key[i], f, ",")
        t = triad[f[6]]
        cs = c[f[4] "," f[6]]
        bt = (f[4] == "blockdiag") ? blas[f[5] "," f[6]] : 0
        # a CGLS step over its two products (the solver overhead): cgls_<w> beside <w>
        base = (f[4] ~ /^cgls_/) ? substr(f[4], 6) : ""
        pt = base != "" ? time[base ",forward," f[6]] + time[base ",adjoint," f[6]] : 0
        printf "    %-20s %-14s np=%s %-12s %7.2f GB/s  %s%s%s%s\n", f[4], f[5], f[6], f[8], f[13],
            (t > 0 ? sprintf("%.2f of triad (%.2f GB/s)", f[13] / t, t) : "no triad row"),
            (cs > 0 ? sprintf(", %.2f of C (%.2f GB/s)", f[13] / cs, cs) : ""),
            (bt > 0 ? sprintf(", time %.3f x bare dgemv", f[10] / bt) : ""),
            (pt > 0 ? sprintf(", step %.2f x its forward + adjoint", f[10] / pt) : "")
    }
}' "$out"
