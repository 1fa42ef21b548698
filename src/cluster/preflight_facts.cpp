#include "cluster/preflight_facts.h"

#include <charconv>
#include <sstream>

namespace ejcluster::cluster {

using erl::Term;

// df on the nearest existing directory of the node's Mnesia directory (a fresh node may not have
// made it yet), run as a program, not through a shell. {ok, Output} or {error, Why}.
extern const std::string kFreeSpaceQuery = R"ERL(
Dir = mnesia:system_info(directory),
Existing = fun E(D) -> case filelib:is_dir(D) of
                         true -> D;
                         false -> case filename:dirname(D) of D -> D; Up -> E(Up) end
                       end end,
case os:find_executable("df") of
  false -> {error, no_df};
  Df ->
    Port = open_port({spawn_executable, Df}, [{args, ["-Pk", Existing(Dir)]}, exit_status, stderr_to_stdout, binary, hide]),
    Read = fun R(Acc) -> receive
                           {Port, {data, Data}} -> R([Acc, Data]);
                           {Port, {exit_status, 0}} -> {ok, iolist_to_binary(Acc)};
                           {Port, {exit_status, Status}} -> {error, {df, Status, iolist_to_binary(Acc)}}
                         after 5000 -> catch port_close(Port), {error, timeout}
                         end end,
    Read([])
end.
)ERL";

// Whether the joining node reaches the seed as distribution would: resolves its host, finds it in
// that host's epmd, and connects to its distribution port (then closes: no handshake). A ping
// would prove the same but connect the node to the seed's cluster, and global would mesh them,
// in plan mode too. ok | {error, Why}.
extern const std::string kReachSeedQuery = R"ERL(
[Name, Host] = string:split(atom_to_list(Seed), "@"),
case erl_epmd:port_please(Name, Host, 5000) of
  {port, Port, _} ->
    case gen_tcp:connect(Host, Port, [], 5000) of
      {ok, Socket} -> gen_tcp:close(Socket), ok;
      {error, Why} -> {error, {connect, Port, Why}}
    end;
  noport -> {error, not_registered_in_epmd};
  Other -> {error, {epmd, Other}}
end.
)ERL";

// Each table's bytes on the seed's disc, by its own files: what a joining node's disc and
// disc-only copies will take (.DCD and .DCL for disc copies, .DAT for disc-only ones; a ram copy
// takes none). Writes still in LATEST.LOG are not counted until Mnesia dumps it.
extern const std::string kTableBytesQuery = R"ERL(
Dir = mnesia:system_info(directory),
Size = fun(T, Ext) -> filelib:file_size(filename:join(Dir, atom_to_list(T) ++ Ext)) end,
[{T, case mnesia:table_info(T, storage_type) of
       disc_copies -> Size(T, ".DCD") + Size(T, ".DCL");
       disc_only_copies -> Size(T, ".DAT");
       _ -> 0
     end} || T <- mnesia:system_info(tables)].
)ERL";

namespace {

std::optional<std::vector<std::string>> hosts_of(erl::NodeClient& client, const erl::NodeName& node,
                                                 std::chrono::milliseconds timeout) {
  auto reply = client.call(node, "ejabberd_option", "hosts", {}, timeout);
  if (!reply || !reply->list_elements()) return std::nullopt;
  std::vector<std::string> hosts;
  for (const Term& host : *reply->list_elements()) {
    if (auto text = host.text()) hosts.push_back(*text);
  }
  return hosts;
}

std::optional<std::map<std::string, std::int64_t>> table_bytes(erl::RemoteEvaluator& evaluator, const erl::NodeName& seed,
                                                               std::chrono::milliseconds timeout) {
  auto reply = evaluator.evaluate(seed, kTableBytesQuery, timeout);
  if (!reply || !reply->list_elements()) return std::nullopt;
  std::map<std::string, std::int64_t> bytes;
  for (const Term& entry : *reply->list_elements()) {
    if (!entry.is_tuple(2)) continue;
    const auto& pair = *entry.tuple_elements();
    const std::string* name = pair[0].atom_name();
    const std::int64_t* size = pair[1].integer_value();
    if (name && size) bytes[*name] = *size;
  }
  return bytes;
}

}  // namespace

std::optional<std::int64_t> df_available_kib(const std::string& output) {
  std::istringstream lines(output);
  std::string header, line;
  if (!std::getline(lines, header) || header.rfind("Filesystem", 0) != 0 || !std::getline(lines, line)) return std::nullopt;
  std::istringstream fields(line);
  std::string filesystem, blocks, used, available;
  if (!(fields >> filesystem >> blocks >> used >> available)) return std::nullopt;
  std::int64_t kib = 0;
  auto [end, error] = std::from_chars(available.data(), available.data() + available.size(), kib);
  if (error != std::errc() || end != available.data() + available.size()) return std::nullopt;
  return kib;
}

PreflightFacts gather_preflight_facts(erl::RemoteEvaluator& evaluator, const Plan& plan, const DesiredState& desired) {
  PreflightFacts facts;
  auto timeout = desired.timeouts.rpc;
  erl::NodeClient& client = evaluator.client();
  std::map<std::string, std::optional<std::map<std::string, std::int64_t>>> seed_bytes;  // by seed
  for (const Step& step : plan.steps) {
    if (step.kind != StepKind::kJoin) continue;
    auto node = erl::NodeName::parse(step.node);
    auto seed = erl::NodeName::parse(step.via);
    if (!node || !seed) continue;
    JoinFacts& join = facts.joining[step.node];

    auto reach = evaluator.evaluate(*node, kReachSeedQuery, timeout, {{"Seed", Term::atom(step.via)}});
    if (reach) {
      join.reaches_seed = reach->is_atom("ok");
      bool error_pair = reach->is_tuple(2) && (*reach->tuple_elements())[0].is_atom("error");
      if (!*join.reaches_seed) join.reach_error = (error_pair ? (*reach->tuple_elements())[1] : *reach).to_string();
    } else {
      join.detail = reach.error().message();
    }

    auto free = evaluator.evaluate(*node, kFreeSpaceQuery, timeout);
    if (free && free->is_tuple(2) && (*free->tuple_elements())[0].is_atom("ok")) {
      if (auto output = (*free->tuple_elements())[1].text()) {
        if (auto kib = df_available_kib(*output)) join.free_bytes = *kib * 1024;
      }
    }
    if (!join.free_bytes && join.detail.empty()) {
      join.detail = "the free space of its Mnesia directory could not be read: " +
                    (free ? free->to_string() : free.error().message());
    }

    auto known = seed_bytes.find(step.via);
    if (known == seed_bytes.end()) known = seed_bytes.emplace(step.via, table_bytes(evaluator, *seed, timeout)).first;
    if (const auto& bytes = known->second) {
      std::int64_t needed = 0;
      for (const auto& [table, type] : step.tables) {
        if (type == StorageType::kRam) continue;
        auto found = bytes->find(table);
        if (found != bytes->end()) needed += found->second;
      }
      join.needed_bytes = needed;
    }

    if (desired.app) {
      join.hosts = hosts_of(client, *node, timeout);
      if (!facts.seed_hosts) facts.seed_hosts = hosts_of(client, *seed, timeout);
    }
  }
  return facts;
}

}  // namespace ejcluster::cluster
