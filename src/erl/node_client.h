// NodeClient: calls functions on Erlang nodes. The one door through which ejcluster reads or
// changes a cluster.
//
// The real implementation (EiNodeClient) is a hidden C node over libei; tests of logic above it
// may use a fake. Every call has a deadline, and every failure names the node it concerns.
// Threads may call different nodes at once (observe_cluster does); an implementation takes calls
// to the same node one at a time.
#pragma once

#include <chrono>
#include <expected>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "erl/erl_error.h"
#include "erl/node_name.h"
#include "erl/term.h"

namespace ejcluster::erl {

// Round trips a client made to one node: to connect (epmd, TCP, the distribution handshake, TLS)
// and for calls (one each). Counted from the protocol's steps, not measured: under latency, each
// costs one network round trip.
struct RoundTrips {
  int connecting = 0;
  int calls = 0;
  int total() const { return connecting + calls; }
};

class NodeClient {
 public:
  virtual ~NodeClient() = default;

  // Calls module:function(args...) on `node` and returns its result. A timeout leaves no
  // half-open state behind: the next call starts from a fresh connection.
  virtual std::expected<Term, ErlError> call(const NodeName& node, std::string_view module,
                                             std::string_view function, const std::vector<Term>& args,
                                             std::chrono::milliseconds timeout) = 0;

  // The node name this client presents to `target` (a process there can monitor it); "" if none.
  virtual std::string local_name(const NodeName& /*target*/) { return {}; }

  // The round trips made so far, by node name (empty for clients that do not count them).
  virtual std::map<std::string, RoundTrips> round_trips() const { return {}; }
};

}  // namespace ejcluster::erl
