#!/bin/bash
# The README's samples that need no node are what the binary prints today: every
# "$ echo ... | ejcluster ..." line in README.md is run (with the built ejcluster first on PATH)
# and its output compared with the lines shown under it.   readme_samples_test.sh BIN_DIR README
set -u
bin_dir=$(cd "$1" && pwd) readme=$2
failures=0 samples=0
mapfile -t lines <"$readme"
for ((i = 0; i < ${#lines[@]}; i++)); do
  [[ ${lines[i]} =~ ^(\ +)\$\ (echo\ .*\|\ ejcluster\ .*)$ ]] || continue
  indent=${BASH_REMATCH[1]} command=${BASH_REMATCH[2]}
  expected=""
  for ((j = i + 1; j < ${#lines[@]}; j++)); do
    [[ ${lines[j]} == "$indent"* && -n ${lines[j]// /} && ${lines[j]} != "$indent\$ "* ]] || break
    expected+="${lines[j]#"$indent"}"$'\n'
  done
  got=$(cd /tmp && PATH="$bin_dir:$PATH" HOME=/nonexistent bash -c "$command" 2>&1)$'\n'
  samples=$((samples + 1))
  if [ "$got" = "$expected" ]; then
    echo "ok: README line $((i + 1)): $command"
  else
    echo "FAIL: README line $((i + 1)): $command"; diff <(printf '%s' "$expected") <(printf '%s' "$got") | sed 's/^/    /'
    failures=$((failures + 1))
  fi
done
[ "$samples" -gt 0 ] || { echo "FAIL: no sample found in $readme"; exit 1; }
echo "$samples samples, $failures failed"
exit $((failures > 0))
