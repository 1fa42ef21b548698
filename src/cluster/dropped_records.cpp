#include "cluster/dropped_records.h"

namespace ejcluster::cluster {
namespace {

using erl::Term;

std::vector<std::string> texts(const Term& list) {
  std::vector<std::string> out;
  if (const auto* items = list.list_elements()) {
    for (const Term& item : *items) out.push_back(item.text().value_or(item.to_string()));
  }
  return out;
}

}  // namespace

// Per table {Tab, Missing, Differing, FirstMissing, FirstDiffering}; the keys printed with ~0tp.
// In a set, a record of the node's whose key the winner holds with the same value is no loss.
const char* const kDroppedRecordsQuery = R"ERL(
Disc = fun(T) -> T =/= schema andalso not mnesia:table_info(T, local_content) andalso
                 lists:member(mnesia:table_info(T, storage_type), [disc_copies, disc_only_copies]) end,
Print = fun(Keys) -> [iolist_to_binary(io_lib:format("~0tp", [K])) || K <- lists:sublist(Keys, Limit)] end,
Compare = fun(Tab) ->
  Pattern = mnesia:table_info(Tab, wild_pattern),
  Mine = mnesia:dirty_match_object(Tab, Pattern),
  case rpc:call(Winner, mnesia, dirty_match_object, [Tab, Pattern], Timeout) of
    {badrpc, Why} -> {error, {Tab, Why}};
    Theirs ->
      {Missing, Differing} =
        case mnesia:table_info(Tab, type) of
          bag ->
            Held = sets:from_list(Theirs),
            {[element(2, R) || R <- Mine, not sets:is_element(R, Held)], []};
          _ ->
            Held = maps:from_list([{element(2, R), R} || R <- Theirs]),
            Sort = fun(R, {M, D}) ->
                     case maps:find(element(2, R), Held) of
                       error -> {[element(2, R) | M], D};
                       {ok, Same} when Same =:= R -> {M, D};
                       {ok, _} -> {M, [element(2, R) | D]}
                     end
                   end,
            {M, D} = lists:foldl(Sort, {[], []}, Mine),
            {lists:reverse(M), lists:reverse(D)}
        end,
      {Tab, length(Missing), length(Differing), Print(Missing), Print(Differing)}
  end
end,
[Compare(T) || T <- lists:sort(mnesia:system_info(local_tables)), Disc(T)].
)ERL";

std::expected<std::vector<DroppedRecords>, StepError> compare_with_winner(StepContext& context, const erl::NodeName& node,
                                                                         const std::string& winner) {
  const std::string call = "comparing its disc tables with " + winner + "'s on " + node.full();
  const auto timeout = context.desired.timeouts.table_sync;
  auto reply = context.evaluator.evaluate(node, kDroppedRecordsQuery, timeout + context.desired.timeouts.rpc,
                                          {{"Winner", Term::atom(winner)},
                                           {"Limit", Term::integer(kDroppedKeysShown)},
                                           {"Timeout", Term::integer(timeout.count())}});
  if (!reply) return std::unexpected(StepError{call, reply.error().message()});
  const auto* tables = reply->list_elements();
  if (!tables) return std::unexpected(StepError{call, reply->to_string()});
  std::vector<DroppedRecords> out;
  for (const Term& entry : *tables) {
    const auto* fields = entry.tuple_elements();
    if (!fields || fields->size() != 5 || !(*fields)[0].atom_name() || !(*fields)[1].integer_value() ||
        !(*fields)[2].integer_value()) {
      return std::unexpected(StepError{call, entry.to_string()});
    }
    if (*(*fields)[1].integer_value() == 0 && *(*fields)[2].integer_value() == 0) continue;
    out.push_back({.table = *(*fields)[0].atom_name(),
                   .missing = *(*fields)[1].integer_value(),
                   .differing = *(*fields)[2].integer_value(),
                   .first_missing = texts((*fields)[3]),
                   .first_differing = texts((*fields)[4])});
  }
  return out;
}

}  // namespace ejcluster::cluster
