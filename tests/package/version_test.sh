#!/bin/bash
# One version number: CMakeLists.txt's project(VERSION) is what ejcluster --version prints, what the
# packages carry (tests/package/debian_test.sh) and what the collection's galaxy.yml says (which
# ansible-galaxy needs literally).   version_test.sh EJCLUSTER_BINARY VERSION GALAXY_YML
set -u
binary=$1 version=$2 galaxy=$3
failures=0
[ "$("$binary" --version)" = "ejcluster $version" ] && echo "ok: --version is $version" || { echo "FAIL: --version: $("$binary" --version)"; failures=1; }
[ "$(sed -n 's/^version: *//p' "$galaxy")" = "$version" ] && echo "ok: galaxy.yml is $version" ||
  { echo "FAIL: galaxy.yml says $(sed -n 's/^version: *//p' "$galaxy"), the project $version"; failures=1; }
exit $failures
