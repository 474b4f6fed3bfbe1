#!/usr/bin/env bash
# Builds what a Maven Central upload of the library needs and checks it, signatures excepted.
#
# Usage: scripts/release-check.sh
#
# Published: the parent pom (org.jlops:jlops-mpi-parent, which carries the licence, developers and
# scm) and the library (org.jlops:jlops-mpi: jar, sources jar, javadoc jar, pom). Every other module
# sets jlops.unpublished. The build runs `mvn -Prelease deploy` into a file repository under
# target/staging (the layout and checksums an upload bundle holds), then checks:
#   - the version is a release (no -SNAPSHOT);
#   - each published artifact has its files, each with a matching .sha1 and .md5;
#   - nothing else was staged;
#   - the poms hold name, description, url, licences, developers and scm (the library's through its
#     parent);
#   - the library jar holds its module descriptor and META-INF/LICENSE and NOTICE; the sources jar a
#     .java file for every class of the exported packages; the javadoc jar an index.html (javadoc
#     itself fails the build on any doclint warning, see the release profile of the parent pom).
# Tests are not run here (scripts/test.sh runs them). Maven cannot deploy offline, even to a file
# repository: it runs online, though everything it needs is in the local repository after a build.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/jdk.sh
jlops_select_jdk

for a in "$@"; do
    case "$a" in
        -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
        *) echo "release-check: unknown argument $a" >&2; exit 2 ;;
    esac
done

stage="$PWD/target/staging"
rm -rf "$stage"
mkdir -p "$stage"
echo "[release-check] mvn -Prelease deploy (impl and what it needs) into target/staging"
mvn -B -ntp -q -Prelease -pl impl -am -DskipTests \
    -DaltDeploymentRepository="staging::file://$stage" deploy

fail=0
bad() { echo "[release-check] FAIL: $*" >&2; fail=1; }
ok() { echo "[release-check] ok: $*"; }

. scripts/lib/build.sh
version=$(jlops_version)
case "$version" in *-SNAPSHOT) bad "version $version is a snapshot" ;; *) ok "version $version" ;; esac

base="$stage/org/jlops"
parent="$base/jlops-mpi-parent/$version"
lib="$base/jlops-mpi/$version"

expect() {  # file: present, with matching checksums
    local f="$1" sum
    if [ ! -s "$f" ]; then bad "missing ${f#"$stage"/}"; return; fi
    for alg in sha1 md5; do
        if [ ! -f "$f.$alg" ]; then bad "missing ${f#"$stage"/}.$alg"; continue; fi
        sum=$("${alg}sum" "$f" | cut -d' ' -f1)
        [ "$sum" = "$(tr -d ' \n' < "$f.$alg")" ] || bad "${f#"$stage"/}.$alg does not match"
    done
    ok "${f#"$stage"/}"
}
expect "$parent/jlops-mpi-parent-$version.pom"
for suffix in .pom .jar -sources.jar -javadoc.jar; do
    expect "$lib/jlops-mpi-$version$suffix"
done

# nothing else staged (the test kit jar of impl travels with it: verify's suites use it)
others=$(cd "$stage" && find org -name '*.jar' -o -name '*.pom' | grep -v -e "^org/jlops/jlops-mpi-parent/" -e "^org/jlops/jlops-mpi/" || true)
[ -z "$others" ] || bad "unpublished modules were staged: $others"

for tag in name description url licenses developers scm; do
    grep -q "<$tag>" "$parent/jlops-mpi-parent-$version.pom" || bad "parent pom has no <$tag>"
done
for tag in name description; do
    grep -q "<$tag>" "$lib/jlops-mpi-$version.pom" || bad "jlops-mpi pom has no <$tag>"
done
grep -q "<license>" "$parent/jlops-mpi-parent-$version.pom" && ok "poms: name, description, url, licenses, developers, scm"

listing=$(mktemp)
trap 'rm -f "$listing"' EXIT
jar tf "$lib/jlops-mpi-$version.jar" > "$listing"
for entry in module-info.class META-INF/LICENSE META-INF/NOTICE; do
    grep -qx "$entry" "$listing" || bad "jlops-mpi jar has no $entry"
done
sources=$(jar tf "$lib/jlops-mpi-$version-sources.jar")
missing=0
while read -r cls; do
    case "$cls" in *'$'*|module-info.class) continue ;; esac
    grep -qx "${cls%.class}.java" <<<"$sources" || { missing=$((missing + 1)); bad "sources jar has no ${cls%.class}.java"; }
done < <(grep '^org/.*\.class$' "$listing")
[ "$missing" = 0 ] && ok "sources jar: every class's source"
jar tf "$lib/jlops-mpi-$version-javadoc.jar" | grep -qx index.html && ok "javadoc jar: index.html" \
    || bad "javadoc jar has no index.html"

if [ "$fail" != 0 ]; then
    echo "[release-check] FAILED (bundle left in target/staging)" >&2
    exit 1
fi
echo "[release-check] bundle in target/staging is complete (sign each file with gpg before the upload)"
