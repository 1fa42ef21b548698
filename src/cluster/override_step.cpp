// Writing a node's ejabberd.schema (the file ejabberd reads at boot to choose each table's
// storage type on that node), so that a restart keeps the placement. Entries for other tables
// and other options are kept; the file is replaced atomically; an unreadable file is left alone.
#include "cluster/checked_call.h"
#include "cluster/ejabberd_schema_file.h"
#include "cluster/step_runners.h"

namespace ejcluster::cluster {

const std::string kPlacementOverrideWrite = std::string(kBindSchemaFile) + R"ERL(
Old = case filelib:is_regular(File) of
  false -> [];
  true -> {ok, Docs} = fast_yaml:decode_from_file(File, [plain_as_atom]), lists:flatten(Docs)
end,
New = lists:foldl(
  fun({Tab, Type}, Acc) ->
    Opts = case lists:keyfind(Tab, 1, Acc) of {_, O} when is_list(O) -> O; _ -> [] end,
    lists:keystore(Tab, 1, Acc, {Tab, lists:keystore(storage_type, 1, Opts, {storage_type, Type})})
  end, Old, Overrides),
Tmp = File ++ ".ejcluster-tmp",
ok = file:write_file(Tmp, [fast_yaml:encode(New), io_lib:nl()]),
ok = file:rename(Tmp, File),
File.
)ERL";

StepOutcome run_set_placement_override(StepContext& context, const Step& step) {
  using erl::Term;
  std::vector<Term> entries;
  for (const auto& [table, type] : step.tables) entries.push_back(Term::tuple({Term::atom(table), Term::atom(to_string(type))}));
  const std::string listed = describe_tables(step.tables);
  std::string call = "write ejabberd.schema (" + listed + ") on " + step.node;
  auto node = erl::NodeName::parse(step.node);
  if (!node) return std::unexpected(StepError{call, node.error()});
  if (context.progress) context.progress("  " + step.node + ": write ejabberd.schema: " + listed);
  auto written = context.evaluator.evaluate(*node, kPlacementOverrideWrite, context.desired.timeouts.rpc,
                                            {{"Overrides", Term::list(std::move(entries))}});
  if (!written) return std::unexpected(StepError{call, written.error().message()});
  return {};
}

}  // namespace ejcluster::cluster
