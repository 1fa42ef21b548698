#include "erl/remote_eval.h"

namespace ejcluster::erl {
namespace {

// {Tag, Value, ...} with Tag == `tag`: returns Value, else null.
const Term* tagged(const Term& term, std::string_view tag) {
  const auto* elements = term.tuple_elements();
  if (!elements || elements->size() < 2 || !(*elements)[0].is_atom(tag)) return nullptr;
  return &(*elements)[1];
}

}  // namespace

std::expected<Term, ErlError> RemoteEvaluator::parse(const NodeName& node, const std::string& source,
                                                     std::chrono::milliseconds timeout) {
  auto failed = [&](const char* stage, const Term& reply) {
    return std::unexpected(ErlError{ErlError::Kind::kBadRpc, node.full(), std::string(stage) + ": " + reply.to_string()});
  };
  auto scanned = client_.call(node, "erl_scan", "string", {Term::charlist(source)}, timeout);
  if (!scanned) return std::unexpected(scanned.error());
  const Term* tokens = tagged(*scanned, "ok");
  if (!tokens) return failed("erl_scan", *scanned);
  auto parsed = client_.call(node, "erl_parse", "parse_exprs", {*tokens}, timeout);
  if (!parsed) return std::unexpected(parsed.error());
  const Term* expressions = tagged(*parsed, "ok");
  if (!expressions) return failed("erl_parse", *parsed);
  return *expressions;
}

std::expected<Term, ErlError> RemoteEvaluator::evaluate(const NodeName& node, const std::string& source,
                                                        std::chrono::milliseconds timeout,
                                                        const std::map<std::string, Term>& bindings) {
  auto cached = parsed_.find(source);
  if (cached == parsed_.end()) {
    auto expressions = parse(node, source, timeout);
    if (!expressions) return std::unexpected(expressions.error());
    cached = parsed_.emplace(source, std::move(*expressions)).first;
  }
  // erl_eval:exprs(Exprs, Bindings) -> {value, Value, NewBindings}. Bindings are an orddict:
  // [{Name, Value}] sorted by name, which std::map's order gives.
  std::vector<Term> bound;
  for (const auto& [name, value] : bindings) bound.push_back(Term::tuple({Term::atom(name), value}));
  auto result = client_.call(node, "erl_eval", "exprs", {cached->second, Term::list(std::move(bound))}, timeout);
  if (!result) return std::unexpected(result.error());
  const Term* value = tagged(*result, "value");
  if (!value) {
    return std::unexpected(ErlError{ErlError::Kind::kProtocol, node.full(), "erl_eval returned " + result->to_string()});
  }
  return *value;
}

}  // namespace ejcluster::erl
