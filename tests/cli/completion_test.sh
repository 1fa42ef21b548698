#!/bin/bash
# The bash completion completes what the binary takes.   completion_test.sh COMPLETION_SCRIPT
set -u
source "$1"
failures=0
# complete WORDS... : COMPREPLY for the last word, as bash would fill it
complete_words() {
  COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=()
  _ejcluster
  echo "${COMPREPLY[*]}"
}
expect() {
  local want=$1; shift
  local got; got=$(complete_words "$@")
  if [ "$got" = "$want" ]; then echo "ok: '$*' -> $got"; else echo "FAIL: '$*' -> '$got', expected '$want'"; failures=$((failures + 1)); fi
}
expect "status plan apply --help --version" ejcluster ""
expect "plan" ejcluster pl
expect "json text" ejcluster apply --format ""
expect "text" ejcluster plan --format t
expect "--file --format --timings --help" ejcluster status --
expect "$(cd / && compgen -f -- /etc/hostnam)" ejcluster plan --file /etc/hostnam
echo "$failures failed"
exit $((failures > 0))
