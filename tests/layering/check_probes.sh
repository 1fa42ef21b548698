#!/bin/bash
# Builds each layering probe target and checks that it compiles or fails as expected.
#   check_probes.sh BUILD_DIR target=compiles|fails ...
set -u
build_dir=$1; shift
failures=0
for expectation in "$@"; do
  target=${expectation%%=*} expected=${expectation#*=}
  log=$(cmake --build "$build_dir" --target "$target" 2>&1)
  if [ $? -eq 0 ]; then got=compiles; else got=fails; fi
  if [ "$got" = "$expected" ]; then
    echo "ok: $target $got"
  else
    echo "FAIL: $target $got, expected it to be $expected"; echo "$log" | tail -n 5
    failures=$((failures + 1))
  fi
  # Say why it failed: the header that is out of the layer's reach.
  [ "$got" = fails ] && echo "$log" | grep -m1 "fatal error" | sed 's/^/    /'
done
exit $((failures > 0))
