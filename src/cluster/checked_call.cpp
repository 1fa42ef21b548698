#include "cluster/checked_call.h"

namespace ejcluster::cluster {

StepOutcome checked_call(StepContext& context, const erl::NodeName& node, std::string_view module,
                         std::string_view function, const std::vector<erl::Term>& args,
                         std::chrono::milliseconds timeout, const std::function<bool(const erl::Term&)>& accept,
                         const std::string& label) {
  std::string call = label + " on " + node.full();
  auto reply = context.client.call(node, module, function, args, timeout);
  if (!reply) return std::unexpected(StepError{call, reply.error().message()});
  if (!accept(*reply)) return std::unexpected(StepError{call, reply->to_string()});
  return {};
}

std::expected<erl::NodeName, StepError> step_node(const std::string& name) {
  auto parsed = erl::NodeName::parse(name);
  if (!parsed) return std::unexpected(StepError{"the step's node " + name, parsed.error()});
  return *parsed;
}

std::string call_label(std::string_view module, std::string_view function, const std::vector<erl::Term>& args) {
  std::string label = std::string(module) + ":" + std::string(function);
  if (!args.empty()) label += "(" + args.front().to_string() + (args.size() > 1 ? ", ...)" : ")");
  return label;
}

erl::Term atom_list(const std::vector<std::string>& names) {
  std::vector<erl::Term> out;
  for (const auto& name : names) out.push_back(erl::Term::atom(name));
  return erl::Term::list(std::move(out));
}

}  // namespace ejcluster::cluster
