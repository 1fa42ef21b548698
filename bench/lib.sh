# Helpers shared by the bench/ sections (sourced, not run). Every section starts its own real
# ejabberd nodes through tests/sandbox/ejsandbox, with its own prefix, directory and ports.
#
# Timing is hyperfine's (-N: no shell in between, so a few-ms command is measured, not bash);
# the tables print medians in ms and the ratio of the alternative to ejcluster.

BENCH_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
EJCLUSTER=$BENCH_ROOT/build/ejcluster
RUNS=${RUNS:-30}            # runs of each fast command (plan, list_cluster)
SLOW_RUNS=${SLOW_RUNS:-3}   # runs of each slow one (joins, the ejabberdctl-based check)

# bench_sandbox PREFIX PORT_BASE: defines sandbox(), node_name() and desired() for one section.
bench_sandbox() {
  BENCH_PREFIX=$1
  export EJSANDBOX_PORT_BASE=$2
  BENCH_DIR=/tmp/ejcluster-bench-$1
}
sandbox() { "$BENCH_ROOT/tests/sandbox/ejsandbox" --dir "$BENCH_DIR" --prefix "$BENCH_PREFIX" "$@"; }
node_name() { echo "$BENCH_PREFIX$1@localhost"; }

# desired FILE FIRST LAST [EXTRA_JSON]: a desired state listing nodes FIRST..LAST.
desired() {
  local file=$1 first=$2 last=$3 extra=${4:-} nodes="" i
  for i in $(seq "$first" "$last"); do nodes+="${nodes:+, }\"$(node_name "$i")\""; done
  printf '{"nodes": [%s], "cookie_file": "%s"%s}\n' "$nodes" "$(sandbox cookie)" "${extra:+, $extra}" >"$file"
}

# erl_on I: evaluates the Erlang expressions on stdin on node I (erl_call; the cookie is read from
# the ejabberd user's home, never passed on a command line), prints {ok, Value} or the error.
erl_on() { HOME=$(dirname "$(sandbox cookie)") erl_call -sname "$(node_name "$1")" -e; }

# hyperfine_medians RUNS CMD...: each command's median wall time in ms, one per line. Fails when a
# command does (plan exits 0 only on a converged cluster). Use as ms=$(...): set -e then stops.
hyperfine_medians() {
  local runs=$1 json; shift
  json=$(mktemp)
  hyperfine -N --style none --warmup "$((runs > 5 ? 3 : 0))" --runs "$runs" --export-json "$json" "$@" >/dev/null ||
    { echo "bench: a command failed under hyperfine: $*" >&2; return 1; }
  jq -r '.results[].median * 1000 | . * 100 | round / 100' "$json"
  rm -f "$json"
}

# peak_rss_kb CMD...: the command's peak resident set size in KiB (GNU time's %M).
# (time adds a line when the command exits non-zero, as plan does with changes pending: the last
# line is the number.)
peak_rss_kb() { { /usr/bin/time -f %M -o /dev/fd/3 "$@" 3>&1 >/dev/null 2>/dev/null || true; } | tail -n1; }

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.1fx", a / b}'; }

machine_line() {
  echo "$(date -u +%Y-%m-%d), $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), \
$(free -g | awk '/Mem:/ {print $2}') GiB, Debian $(cat /etc/debian_version), ejabberd $(dpkg-query -W -f='${Version}' ejabberd), \
OTP $(erl -noshell -eval 'io:put_chars(erlang:system_info(otp_release)), halt().')"
}

ms_since() { echo $((($(date +%s%N) - $1) / 1000000)); }  # for commands of seconds: date's ~2 ms is noise
median() { printf '%s\n' "$@" | sort -n | awk '{v[NR] = $1} END {print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
