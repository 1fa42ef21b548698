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

# fill_roster USERS ITEMS CMD...: USERS users with ITEMS roster items each, written through CMD (a
# command that evaluates the Erlang on stdin on the node to fill, e.g. erl_on 1) as Mnesia's own
# records; fails unless the node then holds every row. Passwords are stored as ejabberd stores them
# (SCRAM, computed once): plain ones would be SCRAM'ed by the next ejabberd to start, at 12 ms a
# user. passwd and roster are disc_only_copies (dets) in ejabberd's schema, where a million single
# writes take minutes: they are made ram_copies for the writes, then turned back into their type in
# one bulk conversion.
fill_roster() {
  local users=$1 items=$2 rows; shift 2
  "$@" >/dev/null <<ERL
Users = $users, Items = $items, Host = <<"localhost">>, Me = node(),
Name = fun(I) -> <<"user", (integer_to_binary(I))/binary>> end,
Password = case erlang:function_exported(ejabberd_auth, password_to_scram, 2) of
             true -> ejabberd_auth:password_to_scram(Host, <<"secret">>);
             false -> ejabberd_auth:password_to_scram(<<"secret">>)
           end,
Types = [{T, mnesia:table_info(T, storage_type)} || T <- [passwd, roster]],
[{atomic, ok} = mnesia:change_table_copy_type(T, Me, ram_copies) || {T, _} <- Types],
lists:foreach(fun(I) ->
    U = Name(I),
    mnesia:dirty_write({passwd, {U, Host}, Password}),
    lists:foreach(fun(K) ->
        C = {Name((I + K * 7919) rem Users + 1), Host, <<>>},
        mnesia:dirty_write({roster, {U, Host, C}, {U, Host}, C, <<>>, both, none, [], <<>>, []})
      end, lists:seq(1, Items))
  end, lists:seq(1, Users)),
[{atomic, ok} = mnesia:change_table_copy_type(T, Me, Type) || {T, Type} <- Types],
ok.
ERL
  rows=$(echo 'mnesia:table_info(passwd, size) + mnesia:table_info(roster, size).' | "$@" | tr -dc 0-9)
  [ "${rows:-0}" -eq $((users * (items + 1))) ] ||
    { echo "bench: the node holds ${rows:-no} rows, not $((users * (items + 1)))" >&2; return 1; }
}

# join_floor_ms CMD...: the floor of a join, in ms, on a node that has just joined (CMD evaluates
# Erlang there, e.g. erl_on 2): ejabberd stopped, its table copies dropped, then added back one by
# one with their types; the time is taken on the node around the add_table_copy calls, so it is
# what Mnesia itself needs to copy them, nothing else.
join_floor_ms() {
  "$@" <<'ERL' | tr -dc 0-9
Me = node(),
Copies = [{T, mnesia:table_info(T, storage_type)} || T <- mnesia:system_info(tables), T =/= schema],
ok = application:stop(ejabberd),
[{atomic, ok} = mnesia:del_table_copy(T, Me) || {T, _} <- Copies],
{Us, _} = timer:tc(fun() -> [{atomic, ok} = mnesia:add_table_copy(T, Me, Type) || {T, Type} <- Copies] end),
{ok, _} = application:ensure_all_started(ejabberd),
Us div 1000.
ERL
}

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
