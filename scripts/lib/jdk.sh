# shellcheck shell=bash
# Sourced by the other scripts: selects a JDK >= 25 and exports JAVA_HOME and PATH.
# Order: $JAVA_HOME when it is >= 25, then /usr/lib/jvm/*25* (the documented install location),
# then any JDK under /usr/lib/jvm whose release is >= 25.

jlops_java_major() {
    # prints the feature version of the JDK at $1, or 0
    local release="$1/release"
    if [ -r "$release" ]; then
        sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release" | head -n1
    elif [ -x "$1/bin/java" ]; then
        "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p'
    else
        echo 0
    fi
}

jlops_select_jdk() {
    local candidate major
    if [ -n "${JAVA_HOME:-}" ]; then
        major=$(jlops_java_major "$JAVA_HOME")
        if [ "${major:-0}" -ge 25 ] 2>/dev/null; then
            export PATH="$JAVA_HOME/bin:$PATH"
            return 0
        fi
    fi
    for candidate in /usr/lib/jvm/*25* /usr/lib/jvm/*; do
        [ -x "$candidate/bin/javac" ] || continue
        major=$(jlops_java_major "$candidate")
        if [ "${major:-0}" -ge 25 ] 2>/dev/null; then
            export JAVA_HOME="$candidate"
            export PATH="$JAVA_HOME/bin:$PATH"
            return 0
        fi
    done
    echo "error: JLops-MPI needs a JDK 25 or newer. Set JAVA_HOME to one, or install Temurin 25 under /usr/lib/jvm." >&2
    echo "       (found: ${JAVA_HOME:-no JAVA_HOME}; default java: $(java -version 2>&1 | head -n1))" >&2
    return 1
}
