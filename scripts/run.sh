#!/usr/bin/env bash
# The project's main job: set-up and build on first use, then runs the communicator self-check and the
# seed example on 4 ranks (MPI through FFM when Open MPI is installed, else 4 in-JVM ranks) and
# a short communication benchmark; writes its results under results/.
# Usage: scripts/run.sh [--np N] [--local]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/jdk.sh
. scripts/lib/mpi.sh
. scripts/lib/build.sh

np=4
mode=auto
while [ $# -gt 0 ]; do
    case "$1" in
        --np) np="$2"; shift 2 ;;
        --local) mode=local; shift ;;
        -h|--help) sed -n '2,6p' "$0"; exit 0 ;;
        *) echo "error: unknown argument '$1' (expected --np N or --local)" >&2; exit 2 ;;
    esac
done

# Set-up (idempotent: installs MPI and provides mpi.jar on first use, then only checks).
bash scripts/setup.sh
jlops_select_jdk

# Build on first use, or when a source is newer than the packaged jar.
jlops_ensure_built examples
jar=$(jlops_jar examples)
cp="$jar:examples/target/lib/*"
jvm=(java --enable-native-access=ALL-UNNAMED -Xss4m)
mkdir -p results

launcher=$(jlops_ompi_run)
if [ "$mode" = auto ] && [ -n "$launcher" ]; then
    echo "[run] $np MPI ranks ($launcher, backend mpi-ffm)"
    # shellcheck disable=SC2046
    "$launcher" $(jlops_ompi_flags "$np") -np "$np" "${jvm[@]}" -cp "$cp" org.jlops.mpi.examples.MainJob --out results
else
    [ "$mode" = auto ] && echo "[run] no MPI launcher found (scripts/setup.sh installs Open MPI): using in-JVM ranks"
    echo "[run] $np in-JVM ranks"
    "${jvm[@]}" -cp "$cp" org.jlops.mpi.examples.MainJob --np "$np" --out results
fi
