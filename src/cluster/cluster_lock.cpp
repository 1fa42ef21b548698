#include "cluster/cluster_lock.h"

namespace ejcluster::cluster {

// Bindings: CNode (this C node), Nodes (where the lock is set), WaitMs. global:set_lock/3 with
// infinite retries waits for another holder; the caller gives up after WaitMs and kills the
// waiting process, which global cleans up after.
const char* const kLockHolder = R"ERL(
Caller = self(),
Holder = spawn(fun() ->
  erlang:monitor_node(CNode, true),
  Id = {ejcluster_apply, self()},
  case global:set_lock(Id, Nodes, infinity) of
    true ->
      Caller ! {self(), locked},
      receive release -> ok; {nodedown, CNode} -> ok end,
      global:del_lock(Id, Nodes);
    false ->
      Caller ! {self(), failed}
  end
end),
receive
  {Holder, locked} -> {locked, Holder};
  {Holder, failed} -> failed
after WaitMs ->
  exit(Holder, kill),
  timeout
end.
)ERL";

std::expected<ClusterLock, std::string> ClusterLock::acquire(erl::NodeClient& client, erl::RemoteEvaluator& evaluator,
                                                             const erl::NodeName& host, const std::vector<std::string>& nodes,
                                                             std::chrono::milliseconds wait, std::chrono::milliseconds rpc) {
  using erl::Term;
  std::string self = client.local_name(host);
  if (self.empty()) return std::unexpected("no C node name to hold the cluster lock from");
  std::vector<Term> lock_nodes;
  for (const auto& node : nodes) lock_nodes.push_back(Term::atom(node));
  auto reply = evaluator.evaluate(host, kLockHolder, wait + rpc,
                                  {{"CNode", Term::atom(self)},
                                   {"Nodes", Term::list(std::move(lock_nodes))},
                                   {"WaitMs", Term::integer(wait.count())}});
  if (!reply) return std::unexpected("cannot take the cluster lock on " + host.full() + ": " + reply.error().message());
  if (reply->is_atom("timeout")) {
    return std::unexpected("another ejcluster apply held the cluster lock for longer than " + std::to_string(wait.count()) +
                           " ms (timeouts_ms.lock); nothing was changed");
  }
  if (!reply->is_tuple(2) || !(*reply->tuple_elements())[0].is_atom("locked")) {
    return std::unexpected("cannot take the cluster lock on " + host.full() + ": " + reply->to_string());
  }
  return ClusterLock(client, host, (*reply->tuple_elements())[1], rpc);
}

ClusterLock::ClusterLock(ClusterLock&& other) noexcept
    : client_(other.client_), host_(other.host_), holder_(std::move(other.holder_)), rpc_(other.rpc_), held_(other.held_) {
  other.held_ = false;
}

ClusterLock::~ClusterLock() {
  if (!held_) return;
  // If this fails the connection is gone, and with it the lock (the holder watches this node).
  client_->call(host_, "erlang", "send", {holder_, erl::Term::atom("release")}, rpc_);
}

}  // namespace ejcluster::cluster
