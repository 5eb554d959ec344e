# Sourced by ./mvnw before it starts Maven: Lanes needs JDK 25 or newer (the Vector API incubator module
# and `release 25`), and Maven runs on whatever JAVA_HOME names. Running Maven itself on that JDK means the
# compiler, Surefire, exec and the JMH plugin (which runs inside Maven's JVM) all get the same JDK.
#
# Order: LANES_JAVA_HOME, then JAVA_HOME, then `java` on PATH, then the usual install locations.
# The newest JDK >= 25 found there wins; if none is found, stop with a message saying what to do.

lanes_required_jdk=25

# Prints the major version of the JDK at $1, or nothing if $1 is not a JDK.
lanes_jdk_major() {
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] && [ -f "$1/release" ] || return 0
  sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$1/release" | head -n 1
}

lanes_find_jdk() {
  lanes_best= lanes_best_major=0
  set +f
  for lanes_candidate in \
      "$(dirname -- "$(dirname -- "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")" \
      /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* \
      "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/* \
      /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    lanes_major=$(lanes_jdk_major "$lanes_candidate")
    if [ -n "$lanes_major" ] && [ "$lanes_major" -ge "$lanes_required_jdk" ] && [ "$lanes_major" -gt "$lanes_best_major" ]; then
      lanes_best=$lanes_candidate lanes_best_major=$lanes_major
    fi
  done
  set -f
  printf %s "$lanes_best"
}

lanes_no_jdk() {
  cat >&2 <<MSG
Lanes needs a JDK $lanes_required_jdk or newer to build and run; $1.
Install one (for example Eclipse Temurin 25, or "sdk install java 25-tem" with SDKMAN!)
and point the build at it:   LANES_JAVA_HOME=/path/to/jdk-25 ./mvnw ...   (or JAVA_HOME=/path/to/jdk-25).
MSG
  exit 1
}

if [ -n "${LANES_JAVA_HOME-}" ]; then
  [ "$(lanes_jdk_major "$LANES_JAVA_HOME")" -ge "$lanes_required_jdk" ] 2>/dev/null ||
    lanes_no_jdk "LANES_JAVA_HOME=$LANES_JAVA_HOME is not one"
  JAVA_HOME=$LANES_JAVA_HOME
elif [ -n "${JAVA_HOME-}" ] && [ "$(lanes_jdk_major "$JAVA_HOME")" -ge "$lanes_required_jdk" ] 2>/dev/null; then
  :
else
  lanes_found=$(lanes_find_jdk)
  [ -n "$lanes_found" ] || lanes_no_jdk "none was found (JAVA_HOME=${JAVA_HOME-<unset>}, java on PATH: $(command -v java || echo none), searched /usr/lib/jvm, /usr/java, /opt, ~/.sdkman, ~/.jdks)"
  JAVA_HOME=$lanes_found
fi
export JAVA_HOME
