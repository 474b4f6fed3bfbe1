#!/usr/bin/env bash
# The property suite under mpirun (DESIGN §4): every rank runs the same properties with the same
# seed; rank 0 prints one line per property and subject and writes
# results/verify-<date>-np<N>-<backend>.csv. Exit status non-zero if any property failed.
# Usage: scripts/verify.sh --np N [--backend mpi-ffm|ompi-java] [--tries K] [--seed S]
#                          [--only PROPERTY[/SUBJECT]] [--case SEED:SIZE] [--local]
#   --local runs on in-JVM ranks instead (rank count drawn per case from 1..N).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/jdk.sh
. scripts/lib/mpi.sh
. scripts/lib/build.sh

np=2
backend=mpi-ffm
mode=mpi
args=()
while [ $# -gt 0 ]; do
    case "$1" in
        --np) np="$2"; shift 2 ;;
        --backend) backend="$2"; shift 2 ;;
        --tries|--seed|--only|--case|--max-size|--out) args+=("$1" "$2"); shift 2 ;;
        --local) mode=local; shift ;;
        -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
        *) echo "error: unknown argument '$1' (see scripts/verify.sh --help)" >&2; exit 2 ;;
    esac
done
case "$backend" in
    mpi-ffm|ompi-java) ;;
    *) echo "error: --backend must be mpi-ffm or ompi-java, got '$backend'" >&2; exit 2 ;;
esac

jlops_select_jdk
jlops_ensure_built verify
jar=$(jlops_jar verify)
cp="$jar:verify/target/lib/*"
jvm=(java --enable-native-access=ALL-UNNAMED -Xss4m -XX:+UseSerialGC)
mkdir -p results

if [ "$mode" = local ]; then
    exec "${jvm[@]}" -cp "$cp" org.jlops.mpi.verify.run.VerifyMain --np "$np" "${args[@]}"
fi
launcher=$(jlops_ompi_run)
if [ -z "$launcher" ]; then
    echo "error: no Open MPI launcher found (run scripts/setup.sh, or use --local)" >&2
    exit 2
fi
props=(-Djlops.comm.backend="$backend")
if [ "$backend" = ompi-java ]; then
    # the backend finds mpi.jar itself (scripts/lib/mpijar.sh); the library path is a fallback
    libdir=$(jlops_mpi_java_libdir || true)
    [ -n "$libdir" ] && props+=(-Djava.library.path="$libdir")
fi
echo "[verify] $np MPI ranks ($launcher, backend $backend)"
# shellcheck disable=SC2046
exec "$launcher" $(jlops_ompi_flags "$np") -np "$np" "${jvm[@]}" "${props[@]}" -cp "$cp" \
    org.jlops.mpi.verify.run.VerifyMain "${args[@]}"
