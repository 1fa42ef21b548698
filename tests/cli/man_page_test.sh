#!/bin/bash
# ejcluster(1) renders without warnings and names what the binary has: every subcommand of
# --help, every option of a subcommand's --help, every key of the desired state (as the binary
# lists them for an unknown key).   man_page_test.sh EJCLUSTER_BINARY MAN_PAGE
set -u
binary=$1 page=$2
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

warnings=$(groff -man -Tutf8 -ww -z "$page" 2>&1)
[ -z "$warnings" ] || fail "groff warns: $warnings"
text=$(MANWIDTH=200 man -l "$page" 2>/dev/null | sed 's/\xe2\x80\x90/-/g')  # groff's hyphen as ASCII
[ -n "$text" ] || fail "man -l renders nothing"

for subcommand in $("$binary" --help | awk '/^Subcommands:/ {on=1; next} on && NF {print $1}'); do
  grep -qw -- "$subcommand" <<<"$text" || fail "subcommand $subcommand is not in the man page"
done
# The options as --help lists them under "Options:" (not words of the usage line, e.g. the binary's path).
for option in $("$binary" plan --help | awk '/^Options:/ {on = 1; next} on' | grep -oE -- '(^|[ ,])--?[a-z][a-z-]*' |
                tr -d ' ,' | sort -u); do
  grep -qF -- "$option" <<<"$text" || fail "option $option is not in the man page"
done
keys=$(echo '{"not_a_key": 1}' | "$binary" plan 2>&1 >/dev/null | sed -n 's/.*known keys: \([^)]*\)).*/\1/p' | tr -d ',')
[ -n "$keys" ] || fail "the binary listed no known keys"
for key in $keys; do
  grep -qwF -- "$key" <<<"$text" || fail "desired-state key $key is not in the man page"
done
echo "$failures failed"
exit $((failures > 0))
