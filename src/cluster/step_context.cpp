#include "cluster/step_context.h"

namespace ejcluster::cluster {

StepOutcome checked_call(StepContext& context, const std::string& node, std::string_view module,
                         std::string_view function, const std::vector<erl::Term>& args,
                         std::chrono::milliseconds timeout, const std::function<bool(const erl::Term&)>& accept,
                         const std::string& label) {
  std::string call = label + " on " + node;
  auto name = erl::NodeName::parse(node);
  if (!name) return std::unexpected(StepError{call, name.error()});
  auto reply = context.client.call(*name, module, function, args, timeout);
  if (!reply) return std::unexpected(StepError{call, reply.error().message()});
  if (!accept(*reply)) return std::unexpected(StepError{call, reply->to_string()});
  return {};
}

bool is_atomic_ok(const erl::Term& reply) {
  const auto* pair = reply.tuple_elements();
  return pair && pair->size() == 2 && (*pair)[0].is_atom("atomic") && (*pair)[1].is_atom("ok");
}

bool is_already_exists(const erl::Term& reply) {
  const auto* pair = reply.tuple_elements();
  if (!pair || pair->size() != 2 || !(*pair)[0].is_atom("aborted")) return false;
  const auto* reason = (*pair)[1].tuple_elements();
  return reason && !reason->empty() && (*reason)[0].is_atom("already_exists");
}

bool is_ok(const erl::Term& reply) { return reply.is_atom("ok"); }

bool is_stopped(const erl::Term& reply) { return reply.is_atom("stopped"); }

bool is_ok_tuple(const erl::Term& reply) { return reply.is_tuple(2) && (*reply.tuple_elements())[0].is_atom("ok"); }

erl::Term atom_list(const std::vector<std::string>& names) {
  std::vector<erl::Term> out;
  for (const auto& name : names) out.push_back(erl::Term::atom(name));
  return erl::Term::list(std::move(out));
}

StepOutcome start_mnesia(StepContext& context, const std::string& node) {
  const auto rpc = context.desired.timeouts.rpc;
  if (!context.desired.app) return checked_call(context, node, "mnesia", "start", {}, rpc, is_ok, "mnesia:start()");
  return checked_call(context, node, "application", "start", {erl::Term::atom("mnesia"), erl::Term::atom("permanent")},
                      rpc, is_ok, "application:start(mnesia, permanent)");
}

}  // namespace ejcluster::cluster
