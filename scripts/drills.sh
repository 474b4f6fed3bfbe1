#!/usr/bin/env bash
# The drill suite of issue 14 (bad input on one rank, see README "Bad input on one rank"): every
# rank runs the same drills; rank 0 prints one line per drill group and a summary, and writes
# results/drills-<date>-np<N>-<backend>.csv (…-mpi-ffm-mpich.csv under --mpich). Exit status non-zero if a drill failed; a hang ends the
# job with "DRILL HANG <case>" (status 3 under mpirun).
# Usage: scripts/drills.sh --np N [--mpich] [--only PREFIX[,PREFIX...]] [--timeout S] [--out DIR] [--local] [--list]
#   --mpich runs under MPICH's mpiexec.hydra instead of Open MPI's mpirun;
#   --local runs on N in-JVM ranks instead (no launcher).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/jdk.sh
. scripts/lib/mpi.sh
. scripts/lib/build.sh

np=3
mode=openmpi
args=()
while [ $# -gt 0 ]; do
    case "$1" in
        --np) np="$2"; shift 2 ;;
        --only|--timeout|--out) args+=("$1" "$2"); shift 2 ;;
        --list) args+=("$1"); shift ;;
        --mpich) mode=mpich; shift ;;
        --local) mode=local; shift ;;
        -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
        *) echo "error: unknown argument '$1' (see scripts/drills.sh --help)" >&2; exit 2 ;;
    esac
done

jlops_select_jdk
jlops_ensure_built verify
jar=$(jlops_jar verify)
cp="$jar:verify/target/lib/*"
jvm=(java --enable-native-access=ALL-UNNAMED -Xss4m -XX:+UseSerialGC)
main=org.jlops.mpi.verify.run.DrillMain
mkdir -p results

case "$mode" in
    local)
        exec "${jvm[@]}" -cp "$cp" "$main" --np "$np" "${args[@]}" ;;
    openmpi)
        launcher=$(jlops_ompi_run)
        if [ -z "$launcher" ]; then
            echo "error: no Open MPI launcher found (run scripts/setup.sh, or use --mpich or --local)" >&2
            exit 2
        fi
        echo "[drills] $np MPI ranks ($launcher, backend mpi-ffm)"
        # shellcheck disable=SC2046
        exec "$launcher" $(jlops_ompi_flags "$np") -np "$np" "${jvm[@]}" -Djlops.comm.backend=mpi-ffm -cp "$cp" \
            "$main" "${args[@]}" ;;
    mpich)
        launcher=$(jlops_mpich_run)
        if [ -z "$launcher" ]; then
            echo "error: no MPICH launcher found (run scripts/setup.sh, or use --local)" >&2
            exit 2
        fi
        echo "[drills] $np MPI ranks ($launcher, backend mpi-ffm)"
        exec "$launcher" -n "$np" "${jvm[@]}" -Djlops.comm.backend=mpi-ffm -cp "$cp" "$main" --launcher mpich \
            "${args[@]}" ;;
esac
