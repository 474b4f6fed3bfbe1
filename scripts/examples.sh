#!/usr/bin/env bash
# PyLops-MPI's examples as programs (examples/README.md): builds on first use, then runs them all (or the
# ones named with --only) in one job on N MPI ranks (Open MPI, backend mpi-ffm) or, with --local or without
# Open MPI, on N in-JVM ranks; rank 0 prints each example's values and writes its figures (PNG).
# Usage: scripts/examples.sh [--np N] [--local] [--only NAME[,NAME...]] [--out DIR] [--full] [--list]
#   --np N     ranks (default 4)
#   --local    in-JVM ranks even when Open MPI is installed
#   --only     run only these examples (names: scripts/examples.sh --list)
#   --out DIR  folder for the figures (default results/examples)
#   --full     PyLops-MPI's original sizes where the defaults are smaller (the halo example)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/jdk.sh
. scripts/lib/mpi.sh
. scripts/lib/build.sh

np=4
mode=auto
only=
out=results/examples
args=()
while [ $# -gt 0 ]; do
    case "$1" in
        --np) np="${2:?--np needs a number}"; shift 2 ;;
        --local) mode=local; shift ;;
        --only) only="${2:?--only needs a name}"; args+=(--only "$only"); shift 2 ;;
        --out) out="${2:?--out needs a folder}"; shift 2 ;;
        --full) args+=(--full); shift ;;
        --list) mode=list; shift ;;
        -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
        *) echo "error: unknown argument '$1' (see scripts/examples.sh --help)" >&2; exit 2 ;;
    esac
done
case "$np" in
    ''|*[!0-9]*|0) echo "error: --np: '$np', expected a whole number of at least 1" >&2; exit 2 ;;
esac

jlops_select_jdk
jlops_ensure_built examples
cp="$(jlops_jar examples):examples/target/lib/*"
jvm=(java --enable-native-access=ALL-UNNAMED -Xss4m)
main=org.jlops.mpi.examples.Examples

if [ -n "$only" ]; then
    # check the names here, so that a typo gives one message rather than one per rank
    names=" $("${jvm[@]}" -cp "$cp" "$main" --list | awk '{print $1}' | tr '\n' ' ')"
    for name in ${only//,/ }; do
        case "$names" in
            *" $name "*) ;;
            *) echo "error: --only: no example '$name'; the examples are:$names" >&2; exit 2 ;;
        esac
    done
fi

launcher=$(jlops_ompi_run)
if [ "$mode" = list ]; then
    "${jvm[@]}" -cp "$cp" "$main" --list
elif [ "$mode" = auto ] && [ -n "$launcher" ]; then
    echo "[examples] $np MPI ranks ($launcher, backend mpi-ffm); figures in $out"
    # shellcheck disable=SC2046
    OPENBLAS_NUM_THREADS=1 "$launcher" $(jlops_ompi_flags "$np") -np "$np" "${jvm[@]}" -cp "$cp" "$main" \
        --out "$out" "${args[@]}"
else
    [ "$mode" = auto ] && echo "[examples] no Open MPI launcher found (scripts/setup.sh installs it): using in-JVM ranks"
    echo "[examples] $np in-JVM ranks; figures in $out"
    "${jvm[@]}" -cp "$cp" "$main" --np "$np" --out "$out" "${args[@]}"
fi
