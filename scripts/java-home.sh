# Sourced by ./keelson and ./run-tests: sets JAVA_HOME to a JDK 21 or newer, preferring Temurin 25,
# or prints why none was found and returns 1.

keelson_java_major() {
  # A JDK's release file names its version; reading it is much cheaper than starting a JVM.
  local release major
  release="$(dirname "$(dirname "$1")")/release"
  if [ -f "$release" ]; then
    major="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release")"
    if [ -n "$major" ]; then
      echo "$major"
      return 0
    fi
  fi
  "$1" -XshowSettings:properties -version 2>&1 \
    | awk -F'= ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1
}

keelson_find_java_home() {
  local candidates=() home major
  [ -n "${KEELSON_JAVA_HOME:-}" ] && candidates+=("$KEELSON_JAVA_HOME")
  for home in /usr/lib/jvm/temurin-25-jdk*; do
    [ -d "$home" ] && candidates+=("$home")
  done
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v javac >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
  fi
  for home in "${candidates[@]}"; do
    if [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ]; then
      major="$(keelson_java_major "$home/bin/java" || echo 0)"
      if [ "${major:-0}" -ge 21 ]; then
        echo "$home"
        return 0
      fi
    fi
  done
  return 1
}

if ! JAVA_HOME="$(keelson_find_java_home)"; then
  echo "keelson: no JDK 21 or newer found (looked at KEELSON_JAVA_HOME, /usr/lib/jvm/temurin-25-jdk*, JAVA_HOME and javac on the PATH). Install one, e.g. Temurin 25, and set JAVA_HOME." >&2
  return 1 2>/dev/null || exit 1
fi
export JAVA_HOME
KEELSON_JAVA_MAJOR="$(keelson_java_major "$JAVA_HOME/bin/java")"
# Maven's own libraries still use sun.misc.Unsafe; JDK 23+ warns unless told to allow it, and
# older JDKs do not know the flag, so it is set only where it exists.
if [ "${KEELSON_JAVA_MAJOR:-0}" -ge 23 ] && [[ "${MAVEN_OPTS:-}" != *sun-misc-unsafe-memory-access* ]]; then
  export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
fi
