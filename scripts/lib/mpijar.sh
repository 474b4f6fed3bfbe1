#!/usr/bin/env bash
# shellcheck shell=bash
# Provides mpi.jar, the Java half of the Open MPI Java bindings (the native half,
# libmpi_java.so, comes with Open MPI's library package). Idempotent; says what it does on stderr.
#
#   bash scripts/lib/mpijar.sh        prints the jar's path as the last line of stdout
#   . scripts/lib/mpijar.sh           defines jlops_mpi_jar, which does the same and also
#                                     exports JLOPS_MPI_JAR
#
# Where the jar comes from, first match wins:
#   1. a system mpi.jar (next to libmpi_java.so, in Open MPI's libdir, in /usr/share/java);
#   2. the cache: ${JLOPS_CACHE:-$HOME/.cache/jlops-mpi}/mpi-<version>.jar;
#   3. a build: the installed Open MPI's Debian source package is downloaded (a deb-src entry is
#      added for its suite when none exists, which needs root), its ompi/mpi/java/java/*.java are
#      compiled with JDK >= 25 and jarred into the cache.
# The ompi-java backend finds the jar on the class path, through -Djlops.mpi.jar / JLOPS_MPI_JAR,
# or in the cache, and loads libmpi_java.so itself (no -Djava.library.path needed).

_jlops_mpijar_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

_jlops_mpijar_say() { echo "[mpijar] $*" >&2; }
_jlops_mpijar_fail() { echo "[mpijar] error: $*" >&2; return 1; }

# Prints the path of libmpi_java.so (or libmpi_java.so.N) or nothing.
jlops_mpi_java_lib() {
    local lib d multiarch=""
    lib=$(ldconfig -p 2>/dev/null | awk '$1 ~ /^libmpi_java\.so/ {print $NF; exit}')
    if [ -n "$lib" ] && [ -e "$lib" ]; then echo "$lib"; return 0; fi
    command -v dpkg-architecture >/dev/null 2>&1 && multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null)
    [ -z "$multiarch" ] && multiarch="$(uname -m)-linux-gnu"
    for d in ${OPAL_PREFIX:+"$OPAL_PREFIX/lib"} ${MPI_HOME:+"$MPI_HOME/lib"} "/usr/lib/$multiarch" \
            /usr/lib64 /usr/lib /usr/local/lib /usr/lib64/openmpi/lib /opt/openmpi/lib; do
        for lib in "$d"/libmpi_java.so "$d"/libmpi_java.so.[0-9]*; do
            if [ -e "$lib" ]; then echo "$lib"; return 0; fi
        done
    done
    return 0
}

# Prints the Debian package that owns the file behind $1 (libopenmpi3 for libmpi_java.so.40), or nothing.
_jlops_mpijar_owner() {
    local real cand pkg
    command -v dpkg-query >/dev/null 2>&1 || return 0
    real=$(readlink -f "$1")
    for cand in "$real" "${real#/usr}" "/usr$real" "$1"; do
        pkg=$(dpkg-query -S "$cand" 2>/dev/null | head -n1 | cut -d: -f1)
        if [ -n "$pkg" ]; then echo "$pkg"; return 0; fi
    done
}

# Prints "<source package> <source version>" of the Debian package that ships $1, else
# "- <version>" with the upstream Open MPI version from ompi_info, else nothing.
_jlops_mpijar_version() {
    local pkg
    pkg=$(_jlops_mpijar_owner "$1")
    if [ -n "$pkg" ]; then
        dpkg-query -W -f='${source:Package} ${source:Version}\n' "$pkg" 2>/dev/null | head -n1
    elif command -v ompi_info >/dev/null 2>&1; then
        ompi_info --version 2>/dev/null | sed -n 's/^Open MPI v\([0-9][0-9.a-z]*\).*/- \1/p' | head -n1
    fi
}

# Prints a system mpi.jar, or nothing.
_jlops_mpijar_system() {
    local lib="$1" libdir="" d
    command -v ompi_info >/dev/null 2>&1 && libdir=$(ompi_info --parsable --path libdir 2>/dev/null | sed -n 's/^path:libdir://p')
    for d in ${lib:+"$(dirname "$lib")"} ${lib:+"$(dirname "$lib")/openmpi/lib"} ${libdir:+"$libdir"} \
            ${OPAL_PREFIX:+"$OPAL_PREFIX/lib"} ${MPI_HOME:+"$MPI_HOME/lib"} /usr/share/java \
            "/usr/lib/$(uname -m)-linux-gnu/openmpi/lib" /usr/lib64/openmpi/lib /usr/local/lib; do
        if [ -f "$d/mpi.jar" ]; then echo "$d/mpi.jar"; return 0; fi
    done
    return 0
}

# Whether apt knows the source package $1 in version $2.
_jlops_mpijar_src_known() {
    apt-cache showsrc "$1" 2>/dev/null | grep -qx "Version: $2"
}

# "uri suite component" for each archive apt installed binary package $1 version $2 from.
_jlops_mpijar_origins() {
    apt-cache policy "$1" 2>/dev/null | awk -v ver="$2" '
        /^ *(\*\*\* )?[^ ]+ [0-9-]+$/ && !/Packages$/ { v = $1 == "***" ? $2 : $1; inside = (v == ver); next }
        inside && $2 ~ /:\/\// && $NF == "Packages" { n = split($3, sc, "/"); sub(/\/$/, "", $2); print $2, sc[1], (n > 1 ? sc[2] : "main") }'
}

# Whether a deb-src entry for uri $1 and suite $2 exists in the apt sources.
_jlops_mpijar_has_deb_src() {
    local uri="$1" suite="$2" f
    for f in "$SRCLIST" "$SRCPARTS"*.list; do
        [ -f "$f" ] || continue
        awk -v uri="$uri" -v suite="$suite" '
            $1 == "deb-src" { i = 2; if ($2 ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ }
                              u = $i; sub(/\/$/, "", u); if (u == uri && $(i + 1) == suite) found = 1 }
            END { exit !found }' "$f" && return 0
    done
    for f in "$SRCPARTS"*.sources; do
        [ -f "$f" ] || continue
        awk -v uri="$uri" -v suite="$suite" '
            function has(list, u) { list = " " list " "; return index(list, " " u " ") || index(list, " " u "/ ") }
            function check() { if (types ~ /(^| )deb-src( |$)/ && enabled != "no" && has(uris, uri) \
                                   && index(" " suites " ", " " suite " ")) found = 1; types = uris = suites = enabled = "" }
            /^[ \t]*$/ { check(); next }
            /^[ \t]*#/ { next }
            tolower($1) == "types:"   { $1 = ""; types = $0 }
            tolower($1) == "uris:"    { $1 = ""; uris = $0 }
            tolower($1) == "suites:"  { $1 = ""; suites = $0 }
            tolower($1) == "enabled:" { enabled = tolower($2) }
            END { check(); exit !found }' "$f" && return 0
    done
    return 1
}

# The Signed-By value of a deb entry with uri $1, or nothing.
_jlops_mpijar_signed_by() {
    local uri="$1" f
    for f in "$SRCPARTS"*.sources; do
        [ -f "$f" ] || continue
        awk -v uri="$uri" '
            function has(list, u) { list = " " list " "; return index(list, " " u " ") || index(list, " " u "/ ") }
            function check() { if (has(uris, uri) && signed != "" && !done) { print signed; done = 1 }
                               uris = signed = "" }
            /^[ \t]*$/ { check(); next }
            tolower($1) == "uris:"      { $1 = ""; uris = $0 }
            tolower($1) == "signed-by:" { signed = $2 }
            END { check() }' "$f"
    done | head -n1
}

# Makes source package $1 version $2 downloadable: adds deb-src entries where needed, apt-get update.
_jlops_mpijar_ensure_deb_src() {
    local src="$1" ver="$2" binpkg="$3" binver="$4" file origins uri suite comp signed added=0 SRCLIST SRCPARTS
    if _jlops_mpijar_src_known "$src" "$ver"; then return 0; fi
    if [ "$(id -u)" != 0 ]; then
        _jlops_mpijar_fail "the source package $src=$ver is not known to apt and adding a deb-src entry needs root;" \
            "run scripts/setup.sh as root, or build mpi.jar elsewhere and point JLOPS_MPI_JAR (or -Djlops.mpi.jar) at it"
        return 1
    fi
    eval "$(apt-config shell SRCLIST Dir::Etc::sourcelist/f SRCPARTS Dir::Etc::sourceparts/d)"
    file="${SRCPARTS}jlops-deb-src.sources"
    origins=$(_jlops_mpijar_origins "$binpkg" "$binver")
    if [ -z "$origins" ]; then
        _jlops_mpijar_say "apt-get update (apt does not list where $binpkg $binver came from)"
        apt-get update -q >/dev/null 2>&1 || _jlops_mpijar_say "warning: apt-get update reported errors (continuing)"
        origins=$(_jlops_mpijar_origins "$binpkg" "$binver")
    fi
    while read -r uri suite comp; do
        [ -n "$uri" ] || continue
        if _jlops_mpijar_has_deb_src "$uri" "$suite"; then
            _jlops_mpijar_say "deb-src for $uri $suite is configured"
            continue
        fi
        signed=$(_jlops_mpijar_signed_by "$uri")
        _jlops_mpijar_say "adding deb-src for $uri $suite $comp to $file"
        {
            [ -s "$file" ] || echo "# Added by JLops-MPI scripts/lib/mpijar.sh: source packages for building mpi.jar."
            echo
            echo "Types: deb-src"
            echo "URIs: $uri"
            echo "Suites: $suite"
            echo "Components: $comp"
            if [ -n "$signed" ]; then echo "Signed-By: $signed"; fi
        } >>"$file"
        added=1
    done <<<"$origins"
    _jlops_mpijar_say "apt-get update"
    if ! apt-get update -q >/dev/null 2>&1; then
        _jlops_mpijar_say "warning: apt-get update reported errors (continuing)"
    fi
    if ! _jlops_mpijar_src_known "$src" "$ver"; then
        if [ $added = 0 ]; then
            _jlops_mpijar_say "no archive of $binpkg=$binver found in 'apt-cache policy $binpkg'"
        fi
        _jlops_mpijar_fail "apt cannot find the source package $src=$ver (see 'apt-cache showsrc $src')"
        return 1
    fi
}

# Downloads source package $1=$2, compiles its Java bindings into $3.
_jlops_mpijar_build() {
    local src="$1" ver="$2" out="$3" tmp orig n rc=0
    # shellcheck source=jdk.sh
    . "$_jlops_mpijar_dir/jdk.sh"
    jlops_select_jdk >&2 || return 1
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/jlops-mpijar.XXXXXX")
    (
        set -e
        cd "$tmp"
        if [ "$(id -u)" = 0 ]; then
            _jlops_mpijar_say "apt-get source --download-only $src=$ver in $tmp (as root apt warns that the download is unsandboxed: harmless)"
        else
            _jlops_mpijar_say "apt-get source --download-only $src=$ver in $tmp"
        fi
        apt-get source -q --download-only "$src=$ver" >/dev/null
        orig=$(ls ./*.orig.tar.* 2>/dev/null | head -n1)
        [ -n "$orig" ] || { _jlops_mpijar_fail "no .orig.tar.* in the downloaded source package"; exit 1; }
        _jlops_mpijar_say "extracting ompi/mpi/java/java/*.java from $(basename "$orig")"
        tar -xf "$orig" --wildcards '*/ompi/mpi/java/java/*.java'
        for deb in ./*.debian.tar.*; do
            [ -f "$deb" ] || continue
            if tar -xOf "$deb" --wildcards 'debian/patches/*' 2>/dev/null | grep -q '^+++ .*ompi/mpi/java/java/'; then
                _jlops_mpijar_say "warning: a Debian patch touches ompi/mpi/java/java; the jar is built from the unpatched sources"
            fi
        done
        find . -path '*/ompi/mpi/java/java/*.java' >sources.txt
        n=$(wc -l <sources.txt)
        [ "$n" -gt 0 ] || { _jlops_mpijar_fail "no Java sources under ompi/mpi/java/java in $(basename "$orig")"; exit 1; }
        _jlops_mpijar_say "compiling $n Java files with $(javac -version 2>&1)"
        mkdir classes
        javac --release 25 -nowarn -encoding UTF-8 -d classes @sources.txt 2>&1 | grep -v '^Note: ' >&2 || true
        [ -f classes/mpi/MPI.class ] || { _jlops_mpijar_fail "javac did not produce mpi/MPI.class"; exit 1; }
        mkdir -p "$(dirname "$out")"
        jar --create --file "$out.tmp.$$" -C classes .
        mv -f "$out.tmp.$$" "$out"
    ) || rc=$?
    rm -rf "$tmp"
    return $rc
}

# Provides mpi.jar (see the file header); prints its path on stdout and exports JLOPS_MPI_JAR.
jlops_mpi_jar() {
    local lib jar info src ver cache binpkg binver
    lib=$(jlops_mpi_java_lib)
    if [ -z "$lib" ]; then
        _jlops_mpijar_fail "libmpi_java.so (native half of the Open MPI Java bindings) not found;" \
            "on Debian/Ubuntu it comes with Open MPI's library package: apt-get install libopenmpi3 (or libopenmpi-dev)"
        return 1
    fi
    _jlops_mpijar_say "libmpi_java: $lib"
    jar=$(_jlops_mpijar_system "$lib")
    if [ -n "$jar" ]; then
        _jlops_mpijar_say "using the system mpi.jar"
        export JLOPS_MPI_JAR="$jar"
        echo "$jar"
        return 0
    fi
    info=$(_jlops_mpijar_version "$lib")
    src=${info%% *}
    ver=${info#* }
    if [ -z "$info" ] || [ -z "$ver" ]; then
        _jlops_mpijar_fail "cannot tell which Open MPI version provides $lib (neither dpkg nor ompi_info knows)"
        return 1
    fi
    cache="${JLOPS_CACHE:-$HOME/.cache/jlops-mpi}"
    jar="$cache/mpi-${ver#*:}.jar"  # without the Debian epoch
    if [ -f "$jar" ]; then
        _jlops_mpijar_say "using the cached jar for Open MPI $ver"
        export JLOPS_MPI_JAR="$jar"
        echo "$jar"
        return 0
    fi
    if [ "$src" = "-" ] || ! command -v apt-get >/dev/null 2>&1; then
        _jlops_mpijar_fail "no mpi.jar for Open MPI $ver, and it can only be built from a Debian source package (apt);" \
            "build Open MPI with --enable-mpi-java, or point JLOPS_MPI_JAR (or -Djlops.mpi.jar) at an mpi.jar of version $ver"
        return 1
    fi
    binpkg=$(_jlops_mpijar_owner "$lib")
    binver=$(dpkg-query -W -f='${Version}' "$binpkg" 2>/dev/null)
    _jlops_mpijar_say "building mpi.jar for Open MPI $ver (source package $src, installed as $binpkg $binver)"
    _jlops_mpijar_ensure_deb_src "$src" "$ver" "$binpkg" "$binver" || return 1
    _jlops_mpijar_build "$src" "$ver" "$jar" || { _jlops_mpijar_fail "building mpi.jar failed"; return 1; }
    _jlops_mpijar_say "built $jar ($(du -k "$jar" | cut -f1) KiB)"
    export JLOPS_MPI_JAR="$jar"
    echo "$jar"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    set -uo pipefail
    jlops_mpi_jar
    exit $?
fi
