// RemoteEvaluator: evaluates an Erlang expression on a node in one round trip.
//
// Reading a node's whole Mnesia picture takes dozens of calls one by one. Instead we send an
// expression to stock OTP's erl_eval (as `erl_call -e` does): nothing is loaded onto the node, and
// the reply is one consistent snapshot. The source text travels as data, and the node scans,
// parses and evaluates it within the same call (a small fixed expression that we build as
// abstract syntax does that), so each evaluation costs one round trip and the reply carries the
// value alone.
//
// Stateless: safe to use from several threads at once, as far as the NodeClient is.
#pragma once

#include <chrono>
#include <expected>
#include <map>
#include <string>

#include "erl/node_client.h"

namespace ejcluster::erl {

class RemoteEvaluator {
 public:
  explicit RemoteEvaluator(NodeClient& client) : client_(client) {}

  // Evaluates `source` (Erlang expressions ending in '.') on `node` and returns the value.
  // `bindings` are variables bound before evaluation (name -> value): data travels as terms, so
  // the source stays constant. A syntax error in `source` is a kBadRpc that names the error.
  std::expected<Term, ErlError> evaluate(const NodeName& node, const std::string& source,
                                         std::chrono::milliseconds timeout,
                                         const std::map<std::string, Term>& bindings = {});

  NodeClient& client() { return client_; }

 private:
  NodeClient& client_;
};

}  // namespace ejcluster::erl
