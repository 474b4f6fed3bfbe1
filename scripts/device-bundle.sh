#!/usr/bin/env bash
# Builds, on a build machine (no GPU needed), what the GPU machine runs: into .bundle/device/ (ignored
# by git) a jlinked JDK 25 runtime (jdk/) and one jar with the library, its tests and every dependency
# (jlops-device.jar, main class org.jlops.mpi.device.DeviceCheck), and the same packed as
# .bundle/device.tar.gz (about 27 MiB). The GPU machine takes at most 64 MiB with the working tree
# (its tracked files alone are about 17 MiB, results/ most of it): carry the archive, not the folder
# (about 47 MiB); scripts/device-check.sh unpacks it there. The script prints the sizes and fails when
# the archive and the tracked tree together pass 62 MiB.
# With PEERS=<dir> naming a folder that holds checkouts of pylops, pylops-mpi and pyproximal (or their
# package folders), their Python packages alone (pylops/, pylops_mpi/, pyproximal/: no tests, docs or
# caches; about 2.5 MiB) are copied into .bundle/device/peers/, and the device check then runs PyLops-MPI
# with CuPy beside the Java benchmark (scripts/device/pylops_mpi_gpu_bench.py). They stay out of git.
# Usage: [PEERS=<dir>] scripts/device-bundle.sh [extra maven arguments, e.g. -o]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/jdk.sh
jlops_select_jdk
OUT=.bundle/device
bash scripts/cuda-ptx.sh --check
echo "device-bundle: compiling impl and its tests"
mvn -B -ntp -q "$@" -pl impl -am test-compile
cp_file=$(mktemp)
work=$(mktemp -d)
trap 'rm -rf "$work" "$cp_file"' EXIT
mvn -B -ntp -q "$@" -pl impl dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >/dev/null
IFS=: read -r -a jars < "$cp_file" || true   # no newline at the end of the file
echo "device-bundle: merging ${#jars[@]} dependency jars with impl's classes and test classes"
for j in "${jars[@]}"; do
    case "$j" in
        *jlops-reference*|*/org/ejml/*) continue ;;     # the EJML reference: not used by the GPU suite
    esac
    (cd "$work" && unzip -qo "$j" -x 'META-INF/*.SF' 'META-INF/*.RSA' 'META-INF/*.DSA' 'META-INF/MANIFEST.MF' \
        'module-info.class' 'META-INF/versions/*/module-info.class' 2>&1 | grep -v 'caution: excluded filename' || true)
done
cp -r impl/target/classes/. "$work/"
cp -r impl/target/test-classes/. "$work/"
cp impl/src/test/cuda/jlops_harness.cu "$work/" 2>/dev/null || true
rm -f "$work/module-info.class"
rm -rf "$OUT"
mkdir -p "$OUT"
jar --create --file "$OUT/jlops-device.jar" --main-class org.jlops.mpi.device.DeviceCheck -C "$work" .
# the modules the library, JUnit and the check use (jdeps over the whole jar would also pull in
# java.desktop and java.sql for classes of the dependencies that never load here)
modules="java.base,java.logging,jdk.unsupported"
echo "device-bundle: jlink $modules"
jlink --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress zip-9 --output "$OUT/jdk"
git rev-parse HEAD > "$OUT/COMMIT" 2>/dev/null || true
if [ -n "${PEERS:-}" ]; then
    mkdir -p "$OUT/peers"
    : > "$OUT/peers/SOURCES"
    for pkg in pylops pylops_mpi pyproximal; do
        src=""
        for cand in "$PEERS/$pkg" "$PEERS/$pkg/$pkg" "$PEERS/${pkg//_/-}/$pkg"; do
            if [ -f "$cand/__init__.py" ]; then
                src=$cand
                break
            fi
        done
        if [ -z "$src" ]; then
            echo "device-bundle: PEERS=$PEERS holds no $pkg package (looked for $pkg/__init__.py, $pkg/$pkg/__init__.py," \
                "${pkg//_/-}/$pkg/__init__.py)" >&2
            [ "$pkg" = pyproximal ] && echo "device-bundle: pylops_mpi imports pyproximal: without it the peer will not run" >&2
            continue
        fi
        (cd "$(dirname "$src")" && tar cf - --exclude=__pycache__ --exclude='*.pyc' --exclude=tests --exclude=pytests \
            "$pkg") | (cd "$OUT/peers" && tar xf -)
        rev=$(git -C "$(dirname "$src")" rev-parse HEAD 2>/dev/null || echo "not a git checkout")
        echo "$pkg $src $rev" >> "$OUT/peers/SOURCES"
        echo "device-bundle: peer $pkg from $src ($(du -sk "$OUT/peers/$pkg" | cut -f1) KiB)"
    done
fi
# the JVM's native symbols are not needed there (5 MiB of libjvm.so)
if command -v strip >/dev/null; then
    strip --strip-unneeded "$OUT/jdk/lib/server/libjvm.so"
fi
"$OUT/jdk/bin/java" -version 2>&1 | head -1
size=$(du -sm "$OUT" | cut -f1)
echo "device-bundle: $OUT is ${size} MiB (jdk $(du -sm "$OUT/jdk" | cut -f1) MiB, jar $(du -sm "$OUT/jlops-device.jar" | cut -f1) MiB$( \
    [ -d "$OUT/peers" ] && echo ", peers $(du -sm "$OUT/peers" | cut -f1) MiB"))"
tar -C "$(dirname "$OUT")" -czf "$OUT.tar.gz" "$(basename "$OUT")"
packed=$(( ($(stat -c %s "$OUT.tar.gz") + 1048575) / 1048576 ))
tree=$(( ($(git ls-files -z | xargs -0 stat -c %s 2>/dev/null | awk '{s += $1} END {print s + 0}') + 1048575) / 1048576 ))
echo "device-bundle: $OUT.tar.gz is ${packed} MiB; with the ${tree} MiB of tracked files ${packed} + ${tree} = $(( packed + tree )) MiB travel (at most 64)"
if [ $(( packed + tree )) -gt 62 ]; then
    echo "device-bundle: FAILED — the archive and the tracked tree pass 62 MiB; the device machine takes at most 64 MiB"
    exit 1
fi
