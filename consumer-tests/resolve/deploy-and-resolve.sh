#!/usr/bin/env bash
# The publishing round trip: deploy the Lanes libraries (with their parent POMs, BOM, sources and javadoc jars) into a
# fresh file repository, then build the separate consumer project beside this script, which resolves
# dev.lanes:lanes-nn through the BOM from that repository alone, and run it on the module path. Fails if any step fails or if the artifacts did
# not come from that repository. Tests are not rerun here: `./mvnw verify` runs them.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
. .mvn/lanes-jdk.sh   # JAVA_HOME: a JDK 25, found as ./mvnw finds it

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
repository="$work/repository"
# Each Maven run gets a local repository of its own, with the user's as a read-only tail (plugins and third-party
# jars come from there, so nothing is downloaded): the deploy lifecycle's install step must not write Lanes into
# ~/.m2, and the consumer must not find Lanes anywhere but in the deployed repository.
user_repository="${HOME}/.m2/repository"

./mvnw -B -ntp -q -pl bom,kernels,nn,onnx deploy -DskipTests -Dmaven.install.skip=true \
  -DaltDeploymentRepository="local::file://$repository" \
  -Dmaven.repo.local="$work/build-repository" -Dmaven.repo.local.tail="$user_repository"

for artifact in lanes-bom lanes-parent lanes-kernels lanes-nn lanes-onnx; do
  [ -d "$repository/dev/lanes/$artifact" ] || { echo "deploy-and-resolve: $artifact was not deployed" >&2; exit 1; }
done
for classifier in sources javadoc; do
  for artifact in lanes-kernels lanes-nn lanes-onnx; do
    compgen -G "$repository/dev/lanes/$artifact/*/$artifact-*-$classifier.jar" >/dev/null \
      || { echo "deploy-and-resolve: no $classifier jar for $artifact" >&2; exit 1; }
  done
done
version="$(ls "$repository/dev/lanes/lanes-bom" | grep -v '^maven-metadata')"

local_repository="$work/consumer-repository"
./mvnw -B -ntp -q -f consumer-tests/resolve/pom.xml package \
  -Dlanes.repository="file://$repository" -Dlanes.version="$version" \
  -Dmaven.repo.local="$local_repository" -Dmaven.repo.local.tail="$user_repository"

# Resolved from the deployed repository, not found somewhere else.
compgen -G "$local_repository/dev/lanes/lanes-nn/$version/lanes-nn-*.jar" >/dev/null \
  || { echo "deploy-and-resolve: lanes-nn did not come from $repository" >&2; exit 1; }
consumer=consumer-tests/resolve/target
"$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector \
  --module-path "$consumer/classes:$(cat "$consumer/runtime-path.txt")" \
  --module dev.lanes.consumer/dev.lanes.consumer.TrainSaveReload
echo "deploy-and-resolve: lanes-nn $version deployed, resolved through lanes-bom, built against and run"
