#include "erl/remote_eval.h"

namespace ejcluster::erl {
namespace {

// Abstract syntax (erl_parse's format, line 1 everywhere) of
//   {ok, T, _} = erl_scan:string(unicode:characters_to_list(S)), {ok, E} = erl_parse:parse_exprs(T),
//   element(2, erl_eval:exprs(E, B))
// with S the source (a UTF-8 binary: compact on the wire) and B its bindings. A syntax error
// surfaces as a badmatch naming it.
Term bootstrap_expression() {
  const Term line = Term::integer(1);
  auto atom = [&](const char* name) { return Term::tuple({Term::atom("atom"), line, Term::atom(name)}); };
  auto var = [&](const char* name) { return Term::tuple({Term::atom("var"), line, Term::atom(name)}); };
  auto tuple = [&](std::vector<Term> elements) { return Term::tuple({Term::atom("tuple"), line, Term::list(std::move(elements))}); };
  auto call = [&](const char* module, const char* function, std::vector<Term> args) {
    Term remote = Term::tuple({Term::atom("remote"), line, atom(module), atom(function)});
    return Term::tuple({Term::atom("call"), line, remote, Term::list(std::move(args))});
  };
  auto match = [&](Term pattern, Term expression) { return Term::tuple({Term::atom("match"), line, pattern, expression}); };
  return Term::tuple({
      Term::atom("block"), line,
      Term::list({
          match(tuple({atom("ok"), var("T"), var("_")}), call("erl_scan", "string", {call("unicode", "characters_to_list", {var("S")})})),
          match(tuple({atom("ok"), var("E")}), call("erl_parse", "parse_exprs", {var("T")})),
          call("erlang", "element",
               {Term::tuple({Term::atom("integer"), line, Term::integer(2)}), call("erl_eval", "exprs", {var("E"), var("B")})}),
      }),
  });
}

}  // namespace

std::expected<Term, ErlError> RemoteEvaluator::evaluate(const NodeName& node, const std::string& source,
                                                        std::chrono::milliseconds timeout,
                                                        const std::map<std::string, Term>& bindings) {
  static const Term bootstrap = bootstrap_expression();
  // Bindings are an orddict, [{Name, Value}] sorted by name: std::map's order, and 'B' < 'S'.
  std::vector<Term> bound;
  for (const auto& [name, value] : bindings) bound.push_back(Term::tuple({Term::atom(name), value}));
  Term outer = Term::list({Term::tuple({Term::atom("B"), Term::list(std::move(bound))}),
                           Term::tuple({Term::atom("S"), Term::binary(source)})});
  // erl_eval:expr(Expr, Bindings, none, none, value) returns the value alone, not the bindings.
  return client_.call(node, "erl_eval", "expr",
                      {bootstrap, outer, Term::atom("none"), Term::atom("none"), Term::atom("value")}, timeout);
}

}  // namespace ejcluster::erl
