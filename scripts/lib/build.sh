# shellcheck shell=bash
# Sourced by the scripts: where a module's jar is, and a rebuild when it is missing or stale.
# Call from the repository root (every script cds there first), after jlops_select_jdk.
#
#   jlops_jar MODULE                 prints MODULE/target/<artifactId>-<version>.jar (it may not exist yet)
#   jlops_ensure_built MODULE...     runs `mvn package` (tests skipped) for the modules and the modules
#                                    they depend on when a jar is missing or stale, then marks the jars
#                                    fresh; prints why it builds
#
# "Stale": a source (src/**/*.java, src/**/resources/**) or pom.xml of the module or of a reactor module
# it depends on, directly or not, or the parent pom.xml, is newer than the module's jar. The version
# and artifact ids are read from the poms (no slow `mvn help:evaluate`).

# The project version: the parent pom's own <version> (outside <parent>, before its sections), read
# once, when this file is sourced.
_jlops_read_version() {
    sed -n -e '/<parent>/,/<\/parent>/d' \
        -e '/<modules>\|<properties>\|<dependencyManagement>\|<dependencies>\|<build>/q' \
        -e 's:.*<version>\([^<]*\)</version>.*:\1:p' "$1" | head -n1
}
_jlops_version=$(_jlops_read_version "$(dirname "${BASH_SOURCE[0]}")/../../pom.xml")

jlops_version() {
    if [ -z "$_jlops_version" ]; then
        echo "error: no <version> found in the parent pom.xml" >&2
        return 1
    fi
    echo "$_jlops_version"
}

# The artifactId of the module in folder $1 (its own, not its parent's).
jlops_artifact_id() {
    sed -e '/<parent>/,/<\/parent>/d' "$1/pom.xml" | sed -n 's:.*<artifactId>\([^<]*\)</artifactId>.*:\1:p' | head -n1
}

# The reactor modules (folders) of the parent pom.
jlops_modules() {
    sed -n 's:.*<module>\([^<]*\)</module>.*:\1:p' pom.xml
}

jlops_jar() {
    local module="${1:?usage: jlops_jar MODULE}" id version
    if [ ! -f "$module/pom.xml" ]; then
        echo "error: jlops_jar: no module '$module' (no $module/pom.xml)" >&2
        return 1
    fi
    id=$(jlops_artifact_id "$module")
    version=$(jlops_version) || return 1
    echo "$module/target/$id-$version.jar"
}

# The module $1 and every reactor module it depends on, directly or not, one per line.
jlops_module_closure() {
    local todo=("$1") seen=" " m other id
    local -A module_of=()
    for other in $(jlops_modules); do
        module_of[$(jlops_artifact_id "$other")]="$other"
    done
    while [ ${#todo[@]} -gt 0 ]; do
        m="${todo[0]}"
        todo=("${todo[@]:1}")
        case "$seen" in *" $m "*) continue ;; esac
        seen="$seen$m "
        echo "$m"
        for id in $(sed -e '/<parent>/,/<\/parent>/d' "$m/pom.xml" | sed -n 's:.*<artifactId>\([^<]*\)</artifactId>.*:\1:p'); do
            other="${module_of[$id]:-}"
            [ -n "$other" ] && [ "$other" != "$m" ] && todo+=("$other")
        done
    done
}

# Prints why module $1 needs a build (nothing when its jar is fresh).
_jlops_stale_reason() {
    local jar newer m
    jar=$(jlops_jar "$1") || return 1
    if [ ! -f "$jar" ]; then
        echo "$jar is missing"
        return
    fi
    if [ pom.xml -nt "$jar" ]; then
        echo "pom.xml is newer than $jar"
        return
    fi
    for m in $(jlops_module_closure "$1"); do
        newer=$(find "$m/pom.xml" "$m/src" -type f \( -name pom.xml -o -name '*.java' -o -path '*/resources/*' \) \
            -newer "$jar" -print -quit 2>/dev/null)
        if [ -n "$newer" ]; then
            echo "$newer is newer than $jar"
            return
        fi
    done
}

jlops_ensure_built() {
    local module reason jar stale=()
    [ $# -gt 0 ] || { echo "usage: jlops_ensure_built MODULE..." >&2; return 2; }
    for module in "$@"; do
        reason=$(_jlops_stale_reason "$module") || return 1
        if [ -n "$reason" ]; then
            echo "[build] $module: $reason"
            stale+=("$module")
        fi
    done
    [ ${#stale[@]} -eq 0 ] && return 0
    local list
    list=$(IFS=,; echo "${stale[*]}")
    echo "[build] mvn package -pl $list -am (tests skipped; scripts/test.sh runs them)"
    mvn -B -q -ntp -DskipTests package -pl "$list" -am || return 1
    # Maven leaves a jar untouched when its classes did not change: mark the jars built now, so that
    # a source touched without a change does not rebuild on every run.
    for module in "${stale[@]}"; do
        jar=$(jlops_jar "$module")
        if [ ! -f "$jar" ]; then
            echo "error: the build did not produce $jar" >&2
            return 1
        fi
        touch "$jar"
    done
}
