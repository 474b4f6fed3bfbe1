#!/usr/bin/env bash
# Bit-identical results at every rank count (issue 14): ill-conditioned problems (60 CGLS
# iterations on a first derivative and on a 2-d Laplacian, 30 power iterations) solved on 1..N
# ranks under mpirun (mpi-ffm) and in one JVM; every run prints a 64-bit fingerprint of the
# solution's bits, appended to results/reproducibility-<date>.csv. Exit status 1 when two runs of
# one problem differ.
# Usage: scripts/reproducibility.sh [--np 1,2,3] [--n SIDE (512)] [--out FILE]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/jdk.sh
. scripts/lib/mpi.sh
. scripts/lib/build.sh

nps="1,2,3"
side=512
out="results/reproducibility-$(date +%F).csv"
while [ $# -gt 0 ]; do
    case "$1" in
        --np) nps="$2"; shift 2 ;;
        --n) side="$2"; shift 2 ;;
        --out) out="$2"; shift 2 ;;
        -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
        *) echo "error: unknown argument '$1' (see scripts/reproducibility.sh --help)" >&2; exit 2 ;;
    esac
done
jlops_select_jdk
jlops_ensure_built verify
cp="$(jlops_jar verify):verify/target/lib/*"
jvm=(java --enable-native-access=ALL-UNNAMED -Xss4m)
main=org.jlops.mpi.verify.run.ReproducibilityMain
mkdir -p "$(dirname "$out")"
launcher=$(jlops_ompi_run)
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n1)
if [ ! -s "$out" ]; then
    {
        echo "# machine: $(nproc) cores${cpu:+ ($cpu)}, GPU: none"
        echo "# command: scripts/reproducibility.sh --np $nps --n $side"
    } > "$out"
fi
IFS=',' read -r -a np_list <<< "$nps"
for np in "${np_list[@]}"; do
    if [ -n "$launcher" ]; then
        echo "[reproducibility] mpirun -np $np (mpi-ffm)"
        # shellcheck disable=SC2046
        "$launcher" $(jlops_ompi_flags "$np") -np "$np" "${jvm[@]}" -Djlops.comm.backend=mpi-ffm -cp "$cp" "$main" \
            --n "$side" --out "$out"
    fi
    echo "[reproducibility] $np in-JVM ranks"
    "${jvm[@]}" -cp "$cp" "$main" --np "$np" --n "$side" --out "$out"
done
# every problem: one fingerprint (and one result) over all runs
awk -F, '!/^#/ && $1 != "backend" { key = $3; val = $5 "," $6; if (key in seen && seen[key] != val) { bad = 1;
    print "differs: " $0 " vs " seen[key] } seen[key] = val } END { exit bad }' "$out" \
    && echo "[reproducibility] every run of every problem gave the same bits ($out)"
