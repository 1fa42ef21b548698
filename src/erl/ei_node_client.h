// EiNodeClient: NodeClient over libei, as a hidden Erlang C node.
//
// Names itself "ejcluster_<pid>[_<n>]@<host>" so that concurrent runs and clients never clash: <host> is this
// machine's short host name for short-name targets, and for long-name targets the local address
// that routes to the target. Keeps one connection per node for its lifetime; answers the
// distribution ticks that arrive between calls, so idle connections stay up, and reconnects once
// when a cached connection turns out to be gone. Not thread-safe: one instance per thread.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <string>

#include "erl/cookie.h"
#include "erl/node_client.h"

namespace ejcluster::erl {

class EiNodeClient : public NodeClient {
 public:
  EiNodeClient(Cookie cookie, std::chrono::milliseconds connect_timeout);
  ~EiNodeClient() override;
  EiNodeClient(const EiNodeClient&) = delete;
  EiNodeClient& operator=(const EiNodeClient&) = delete;

  std::expected<Term, ErlError> call(const NodeName& node, std::string_view module, std::string_view function,
                                     const std::vector<Term>& args, std::chrono::milliseconds timeout) override;
  std::string local_name(const NodeName& target) override;

 private:
  struct LocalNode;  // one initialised ei_cnode per name we present to nodes

  std::expected<int, ErlError> connection(const NodeName& node);
  std::expected<int, ErlError> connect(const NodeName& node);
  std::expected<LocalNode*, ErlError> local_node_for(const NodeName& node);
  std::expected<Term, ErlError> await_reply(const NodeName& node, int fd, std::chrono::steady_clock::time_point deadline);
  void drop(const NodeName& node);
  void keep_others_alive(const NodeName& busy);

  Cookie cookie_;
  std::chrono::milliseconds connect_timeout_;
  std::string alive_name_;  // "ejcluster_<pid>" or "ejcluster_<pid>_<n>": ours, never another's
  std::map<std::string, std::unique_ptr<LocalNode>> local_nodes_;  // by our full node name
  std::map<std::string, std::pair<int, LocalNode*>> connections_;  // by target node name
};

}  // namespace ejcluster::erl
