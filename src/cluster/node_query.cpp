#include "cluster/node_query.h"

#include "cluster/ejabberd_schema_file.h"

#include <algorithm>
#include <array>

namespace ejcluster::cluster {

// Tables come as columns: a tuple of the table names and one list per item (TableColumn below),
// each made by one lists:zipwith of mnesia:table_info over every table. That is compiled code
// doing the work: erl_eval interprets only the few calls around it, whatever the number of tables
// (a fun per table through erl_eval cost 8 ms on a node at 1,040 tables; the columns, half).
// If a column throws (a table deleted under us, one being loaded), that column alone is read
// table by table inside Safe, so the failing table's slot holds {error, ...} and the rest stands.
// Size is read for every table: mnesia answers 0, locally and at once, for one the node holds no
// copy of, and the decoder ignores it there.
// self: the node that answers, which must be the one asked for.
// db_nodes is read even while Mnesia is stopped: Mnesia answers it from the schema on disk.
// A table whose where_to_read is nowhere is not loaded: the node waits for it (after a full
// outage, for the node that went down last). saw_down: the members this node saw go down while
// it ran (Mnesia's own record, mnesia_recover, by which it decides whether to load from disc).
// which_applications waits for the application controller, which is busy while an application
// starts (ejabberd waiting for its tables): a short wait, then {error, _}.
const std::string kNodeViewQuery = std::string(R"ERL(
Safe = fun(F) -> try F() catch C:R -> {error, {C, R}} end end,
Running = mnesia:system_info(is_running),
Base = #{self => node(),
         otp_release => erlang:system_info(otp_release),
         mnesia => Running,
         applications => Safe(fun() -> [{A, V} || {A, _, V} <- application:which_applications(1000)] end),
         connected => nodes(),
         db_nodes => Safe(fun() -> mnesia:system_info(db_nodes) end),
         directory => Safe(fun() -> mnesia:system_info(directory) end),
         placement_overrides => Safe(fun() ->)ERL") + std::string(kBindSchemaFile) + R"ERL(
           case filelib:is_regular(File) of
             false -> {File, []};
             true ->
               {ok, Docs} = fast_yaml:decode_from_file(File, [plain_as_atom]),
               {File, [{T, S} || {T, Opts} <- lists:flatten(Docs), is_list(Opts), {storage_type, S} <- Opts]}
           end
         end)},
case Running of
  yes ->
    Tables = mnesia:system_info(tables),
    Column = fun(Item) ->
      try lists:zipwith(fun mnesia:table_info/2, Tables, lists:duplicate(length(Tables), Item))
      catch _:_ -> [Safe(fun() -> mnesia:table_info(T, Item) end) || T <- Tables]
      end
    end,
    Base#{running_db_nodes => Safe(fun() -> mnesia:system_info(running_db_nodes) end),
          saw_down => Safe(fun() -> [N || N <- mnesia:system_info(db_nodes), N =/= node(),
                                          mnesia_recover:has_mnesia_down(N)] end),
          tables => list_to_tuple([Tables | [Column(Item) || Item <- [storage_type, type, local_content, ram_copies,
                                                                     disc_copies, disc_only_copies, where_to_read, size]]])};
  _ ->
    Base#{running_db_nodes => [], tables => {[], [], [], [], [], [], [], [], []}}
end.
)ERL";

namespace {

using erl::Term;

std::string text_of(const Term* term) {
  if (!term) return {};
  if (const std::string* atom = term->atom_name()) return *atom;
  return term->text().value_or(term->to_string());
}

// A list of atoms (node names), sorted; anything else (an {error, _}) yields an empty list.
std::vector<std::string> atom_list(const Term* term) {
  std::vector<std::string> out;
  const auto* elements = term ? term->list_elements() : nullptr;
  if (!elements) return out;
  for (const Term& element : *elements) {
    if (const std::string* atom = element.atom_name()) out.push_back(*atom);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The columns of kNodeViewQuery's tables tuple, in its order.
enum TableColumn : std::size_t {
  kName, kStorageType, kType, kLocalContent, kRamCopies, kDiscCopies, kDiscOnlyCopies, kWhereToRead, kSize, kColumnCount
};

// Row `row` of the columns: one table as this node sees it.
TableView decode_table(const std::array<const std::vector<Term>*, kColumnCount>& column, std::size_t row) {
  auto field = [&](TableColumn c) -> const Term& { return (*column[c])[row]; };
  TableView view;
  view.name = text_of(&field(kName));
  view.kind = text_of(&field(kType));
  view.local_content = field(kLocalContent).is_atom("true");
  view.copies[StorageType::kRam] = atom_list(&field(kRamCopies));
  view.copies[StorageType::kDisc] = atom_list(&field(kDiscCopies));
  view.copies[StorageType::kDiscOnly] = atom_list(&field(kDiscOnlyCopies));
  view.local_storage = parse_storage_type(text_of(&field(kStorageType)));  // "unknown": it holds none
  view.loaded = !field(kWhereToRead).is_atom("nowhere");
  // Mnesia sizes a table the node holds no copy of as 0: that is no size at all.
  if (const std::int64_t* size = field(kSize).integer_value(); size && view.local_storage) view.local_size = *size;
  return view;
}

// The tables tuple: its columns, all of the same length, or what is wrong with it.
std::expected<std::vector<TableView>, std::string> decode_tables(const Term& tables) {
  std::array<const std::vector<Term>*, kColumnCount> column{};
  const auto* columns = tables.is_tuple(kColumnCount) ? tables.tuple_elements() : nullptr;
  for (std::size_t c = 0; columns && c < kColumnCount; ++c) {
    column[c] = (*columns)[c].list_elements();
    if (!column[c] || column[c]->size() != column[kName]->size()) columns = nullptr;
  }
  if (!columns) return std::unexpected("tables are not a tuple of " + std::to_string(kColumnCount) + " lists of one length: " + tables.to_string());
  std::vector<TableView> views;
  views.reserve(column[kName]->size());
  for (std::size_t row = 0; row < column[kName]->size(); ++row) views.push_back(decode_table(column, row));
  return views;
}

}  // namespace

std::expected<NodeView, std::string> decode_node_view(const std::string& node, const Term& reply) {
  if (!reply.is_map()) return std::unexpected("observation reply is not a map: " + reply.to_string());
  NodeView observation;
  observation.node = node;
  // With dist_port, a connection goes to an address, not a name: the node there may be another.
  if (const Term* self = reply.find("self"); self && self->atom_name() && *self->atom_name() != node) {
    return std::unexpected("the node that answers there is " + *self->atom_name() + ", not " + node +
                           ": list each node by its own name");
  }
  observation.mnesia = parse_mnesia_state(text_of(reply.find("mnesia")));
  observation.otp_release = text_of(reply.find("otp_release"));
  observation.mnesia_directory = text_of(reply.find("directory"));
  observation.db_nodes = atom_list(reply.find("db_nodes"));
  observation.running_db_nodes = atom_list(reply.find("running_db_nodes"));
  observation.connected = atom_list(reply.find("connected"));
  observation.saw_down = atom_list(reply.find("saw_down"));
  if (const Term* apps = reply.find("applications"); apps && apps->is_tuple(2)) observation.applications_known = false;
  if (const Term* apps = reply.find("applications"); apps && apps->list_elements()) {
    for (const Term& app : *apps->list_elements()) {
      if (!app.is_tuple(2)) continue;
      const auto& pair = *app.tuple_elements();
      observation.applications[text_of(&pair[0])] = text_of(&pair[1]);
    }
  }
  // {File, Entries}, or {error, Reason} when the file exists but could not be read.
  if (const Term* overrides = reply.find("placement_overrides");
      overrides && overrides->is_tuple(2) && !(*overrides->tuple_elements())[0].is_atom("error")) {
    const auto& pair = *overrides->tuple_elements();
    observation.placement_override_file = text_of(&pair[0]);
    if (const auto* entries = pair[1].list_elements()) {
      std::map<std::string, StorageType> read;
      for (const Term& entry : *entries) {
        if (!entry.is_tuple(2)) continue;
        if (auto type = parse_storage_type(text_of(&(*entry.tuple_elements())[1]))) {
          read[text_of(&(*entry.tuple_elements())[0])] = *type;
        }
      }
      observation.placement_overrides = std::move(read);
    }
  }
  if (const Term* tables = reply.find("tables")) {
    auto views = decode_tables(*tables);
    if (!views) return std::unexpected(views.error());
    observation.tables = std::move(*views);
    for (const TableView& view : observation.tables) {
      if (!view.loaded) observation.waiting_for_tables.push_back(view.name);
    }
  }
  std::sort(observation.tables.begin(), observation.tables.end(),
            [](const TableView& a, const TableView& b) { return a.name < b.name; });
  std::sort(observation.waiting_for_tables.begin(), observation.waiting_for_tables.end());
  return observation;
}

NodeView query_node(erl::RemoteEvaluator& evaluator, const erl::NodeName& node,
                             std::chrono::milliseconds timeout) {
  NodeView unreachable;
  unreachable.node = node.full();
  auto reply = evaluator.evaluate(node, kNodeViewQuery, timeout);
  if (!reply) {
    unreachable.error = reply.error();
    return unreachable;
  }
  auto observation = decode_node_view(node.full(), *reply);
  if (!observation) {
    unreachable.error = erl::ErlError{erl::ErlError::Kind::kProtocol, node.full(), observation.error()};
    return unreachable;
  }
  return std::move(*observation);
}

}  // namespace ejcluster::cluster
