// RemoteEvaluator: evaluates a fixed Erlang expression on a node in one round trip.
//
// Reading a node's whole Mnesia picture takes dozens of calls one by one. Instead we send an
// expression to stock OTP's erl_eval (as `erl_call -e` does): nothing is loaded onto the node, and
// the reply is one consistent snapshot. The source is scanned and parsed once, on the first node
// asked, and the parsed form is reused for every other node.
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
  // the source stays constant and is parsed once. A syntax error in `source` is a kBadRpc
  // naming the parse error.
  std::expected<Term, ErlError> evaluate(const NodeName& node, const std::string& source,
                                         std::chrono::milliseconds timeout,
                                         const std::map<std::string, Term>& bindings = {});

 private:
  std::expected<Term, ErlError> parse(const NodeName& node, const std::string& source, std::chrono::milliseconds timeout);

  NodeClient& client_;
  std::map<std::string, Term> parsed_;  // source -> abstract expressions
};

}  // namespace ejcluster::erl
