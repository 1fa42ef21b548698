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
#include <string>
#include <string_view>
#include <vector>

#include "erl/node_name.h"
#include "erl/term.h"

namespace ejcluster::erl {

struct ErlError {
  enum class Kind {
    kNoSuchHost,         // the host name does not resolve
    kNoEpmd,             // nothing answers on the host's epmd port: no Erlang runs there
    kNotRegistered,      // epmd has no node of that name: the node is not started
    kConnectionRefused,  // epmd named a port but the node did not accept
    kCookieRejected,     // the node closed the handshake: the cookie does not match
    kTimeout,            // no answer before the deadline
    kConnectionLost,     // the connection broke during a call
    kBadRpc,             // the call reached the node and failed there: {badrpc, Reason}
    kProtocol,           // a reply we could not read
  };
  Kind kind;
  std::string node;
  std::string detail;

  // One line for a person: the node, what happened, and what to check.
  std::string message() const;
};

// A stable machine-readable name for the kind, used in JSON ("cookie_rejected", ...).
std::string_view to_string(ErlError::Kind kind);

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
};

}  // namespace ejcluster::erl
