#!/usr/bin/env bash
# The consumer recipe of the README ("Use it in your project"), run so it cannot rot: installs the
# library (org.jlops:jlops-mpi and its parent pom) into the local Maven repository, builds the
# project in examples/consumer — not a module of this build, it knows the library only by its
# coordinates — in a scratch copy, and runs its executable jar under `mpirun -np 2`, checking the
# line rank 0 prints (the seed example's norms, MPI backend, dot-test passed).
#
# Usage: scripts/consumer.sh [--online]
# Maven runs offline (everything is in the local repository after the build) unless --online; a
# plugin missing from the local repository makes it retry online once.
# Without Open MPI the jar runs on one in-JVM rank instead, unless JLOPS_REQUIRE_MPI=1 (set by
# scripts/test.sh where set-up installed Open MPI): then a missing mpirun is an error.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/jdk.sh
. scripts/lib/mpi.sh
. scripts/lib/build.sh
jlops_select_jdk

offline=-o
for a in "$@"; do
    case "$a" in
        --online) offline= ;;
        *) echo "consumer: unknown argument $a" >&2; exit 2 ;;
    esac
done

version=$(jlops_version)
say() { echo "[consumer] $*"; }

# mvn ARGS..., offline first when asked, online again if that fails
build() {
    if [ -n "$offline" ] && mvn -B -ntp -q -o "$@"; then return 0; fi
    [ -n "$offline" ] && say "offline build failed; trying online"
    mvn -B -ntp -q "$@"
}

say "installing org.jlops:jlops-mpi:$version into the local repository (tests skipped)"
build -pl impl -am -DskipTests install

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r examples/consumer/. "$work/"
rm -rf "$work/target"
say "building examples/consumer against it"
build -f "$work/pom.xml" -Djlops.version="$version" package
jar="$work/target/jlops-consumer-1.0.jar"

launcher=$(jlops_ompi_run)
if [ -n "$launcher" ]; then
    # shellcheck disable=SC2046
    cmd=("$launcher" $(jlops_ompi_flags 2) -np 2 java -jar "$jar")
    expect="np=2 backend=mpi-ffm"
elif [ "${JLOPS_REQUIRE_MPI:-0}" = 1 ]; then
    echo "[consumer] error: JLOPS_REQUIRE_MPI=1 but no Open MPI mpirun was found" >&2
    exit 1
else
    say "no Open MPI mpirun: running on one in-JVM rank instead"
    cmd=(java -jar "$jar")
    expect="np=1 backend=local"
fi
say "${cmd[*]/#"$work"\//}"
out=$(cd "$work" && timeout 120 "${cmd[@]}" 2>&1) || { echo "$out" >&2; echo "[consumer] error: the run failed" >&2; exit 1; }
echo "$out"
line=$(grep '^consumer:' <<<"$out" || true)
for want in "$expect" "||y||=0.707107" "||x_inv||=0.894427" "dottest=passed"; do
    if ! grep -qF -- "$want" <<<"$line"; then
        echo "[consumer] error: expected '$want' in rank 0's line, got: ${line:-nothing}" >&2
        exit 1
    fi
done
[ "$(grep -c '^consumer:' <<<"$out")" = 1 ] || { echo "[consumer] error: expected one line from rank 0" >&2; exit 1; }
say "ok"
