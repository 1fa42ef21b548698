#include "cluster/node_query.h"

#include <doctest/doctest.h>

#include <string>
#include <utility>
#include <vector>

#include "../support/terms.h"

namespace ejcluster::cluster {
namespace {

using enum StorageType;

using erl::Term;
using testing::atoms;
using testing::map_of;
using namespace std::chrono_literals;

Term atom(const char* name) { return Term::atom(name); }
Term str(const char* text) { return Term::charlist(text); }

// What mnesia:table_info answers when the item cannot be read, as Safe wraps it.
Term safe_error() {
  return Term::tuple({atom("error"), Term::tuple({atom("exit"), Term::tuple({atom("aborted"),
                                                                             Term::tuple({atom("no_exists"), atom("t")})})})});
}

// One table's fields, in the order of kNodeViewQuery's columns (table_columns() makes the reply's
// columns of them). A table that is not loaded has nowhere to read it from.
Term table(const char* name, Term storage, Term type, Term local_content, Term ram, Term disc, Term disc_only, Term size,
           bool loaded = true) {
  return Term::tuple({atom(name), std::move(storage), std::move(type), std::move(local_content), std::move(ram),
                      std::move(disc), std::move(disc_only), atom(loaded ? "ejabberd@xmpp1" : "nowhere"), std::move(size)});
}
using testing::table_columns;

// A running node's reply, shaped as kNodeViewQuery returns it, in the (unsorted) order Erlang may give.
Term running_reply() {
  return map_of({
      {"otp_release", str("25")},
      {"mnesia", atom("yes")},
      {"applications", Term::list({Term::tuple({atom("kernel"), str("8.5.3")}),
                                   Term::tuple({atom("mnesia"), str("4.21.3")}),
                                   Term::tuple({atom("ejabberd"), str("23.01")})})},
      {"db_nodes", atoms({"ejabberd@xmpp3", "ejabberd@xmpp1", "ejabberd@xmpp2"})},
      {"directory", str("/var/lib/ejabberd/database")},
      {"running_db_nodes", atoms({"ejabberd@xmpp2", "ejabberd@xmpp1"})},
      {"tables",
       table_columns({
           table("session", atom("ram_copies"), atom("set"), atom("false"),
                 atoms({"ejabberd@xmpp2", "ejabberd@xmpp1", "ejabberd@xmpp3"}), atoms({}), atoms({}), Term::integer(4)),
           table("roster", atom("disc_copies"), atom("bag"), atom("false"), atoms({"ejabberd@xmpp3"}),
                 atoms({"ejabberd@xmpp2", "ejabberd@xmpp1"}), atoms({}), Term::integer(1200)),
           table("muc_online_room", atom("unknown"), atom("ordered_set"), atom("false"), atoms({"ejabberd@xmpp2"}),
                 atoms({}), atoms({}), Term::integer(0)),
           table("bosh", atom("ram_copies"), atom("set"), atom("true"), atoms({"ejabberd@xmpp1"}), atoms({}), atoms({}),
                 Term::integer(0)),
           table("offline_msg", atom("disc_only_copies"), atom("bag"), atom("false"), atoms({}), atoms({}),
                 atoms({"ejabberd@xmpp1", "ejabberd@xmpp2", "ejabberd@xmpp3"}), Term::integer(7)),
       })},
  });
}

NodeView decode_ok(const std::string& node, const Term& reply) {
  auto observation = decode_node_view(node, reply);
  REQUIRE_MESSAGE(observation.has_value(), (observation ? std::string() : observation.error()));
  return *observation;
}

const TableView* find_table(const NodeView& observation, const std::string& name) {
  for (const TableView& table : observation.tables) {
    if (table.name == name) return &table;
  }
  return nullptr;
}

using Nodes = std::vector<std::string>;

TEST_CASE("node_query: a running node's reply is read field by field") {
  NodeView observation = decode_ok("ejabberd@xmpp1", running_reply());
  CHECK(observation.node == "ejabberd@xmpp1");
  CHECK(observation.reachable());
  CHECK(observation.mnesia == MnesiaState::kRunning);
  CHECK(observation.mnesia_running());
  CHECK(observation.otp_release == "25");
  CHECK(observation.mnesia_directory == "/var/lib/ejabberd/database");
  CHECK(observation.applications ==
        std::map<std::string, std::string>{{"ejabberd", "23.01"}, {"kernel", "8.5.3"}, {"mnesia", "4.21.3"}});
  CHECK(observation.db_nodes == Nodes{"ejabberd@xmpp1", "ejabberd@xmpp2", "ejabberd@xmpp3"});
  CHECK(observation.running_db_nodes == Nodes{"ejabberd@xmpp1", "ejabberd@xmpp2"});
}

TEST_CASE("node_query: tables are sorted by name and every field is read") {
  NodeView observation = decode_ok("ejabberd@xmpp1", running_reply());
  std::vector<std::string> order;
  for (const TableView& t : observation.tables) order.push_back(t.name);
  CHECK(order == Nodes{"bosh", "muc_online_room", "offline_msg", "roster", "session"});

  struct Row {
    const char* name;
    const char* kind;
    bool local_content;
    Nodes ram, disc, disc_only;
    Copy local_storage;
    std::optional<std::int64_t> size;
  };
  const Row rows[] = {
      {"bosh", "set", true, {"ejabberd@xmpp1"}, {}, {}, kRam, 0},
      {"muc_online_room", "ordered_set", false, {"ejabberd@xmpp2"}, {}, {}, std::nullopt, std::nullopt},  // "unknown": holds none
      {"offline_msg", "bag", false, {}, {}, {"ejabberd@xmpp1", "ejabberd@xmpp2", "ejabberd@xmpp3"}, kDiscOnly, 7},
      {"roster", "bag", false, {"ejabberd@xmpp3"}, {"ejabberd@xmpp1", "ejabberd@xmpp2"}, {}, kDisc, 1200},
      {"session", "set", false, {"ejabberd@xmpp1", "ejabberd@xmpp2", "ejabberd@xmpp3"}, {}, {}, kRam, 4},
  };
  for (const Row& row : rows) {
    INFO("table: " << std::string(row.name));
    const TableView* view = find_table(observation, row.name);
    REQUIRE(view != nullptr);
    CHECK(view->kind == row.kind);
    CHECK(view->local_content == row.local_content);
    CHECK(view->copies.size() == 3);  // every storage type is present, even when empty
    CHECK(view->copies.at(kRam) == row.ram);
    CHECK(view->copies.at(kDisc) == row.disc);
    CHECK(view->copies.at(kDiscOnly) == row.disc_only);
    CHECK(view->local_storage == row.local_storage);
    CHECK(view->local_size == row.size);
  }
}

TEST_CASE("node_query: a node with Mnesia stopped still reports its db_nodes") {
  Term reply = map_of({
      {"otp_release", str("26")},
      {"mnesia", atom("no")},
      {"applications", Term::list({Term::tuple({atom("kernel"), str("9.0")})})},
      {"db_nodes", atoms({"ejabberd@xmpp2", "ejabberd@xmpp1"})},
      {"directory", str("/tmp/Mnesia.x")},
      {"running_db_nodes", Term()},
      {"tables", table_columns({})},
  });
  NodeView observation = decode_ok("ejabberd@xmpp2", reply);
  CHECK(observation.mnesia == MnesiaState::kStopped);
  CHECK_FALSE(observation.mnesia_running());
  CHECK(observation.reachable());
  CHECK(observation.db_nodes == Nodes{"ejabberd@xmpp1", "ejabberd@xmpp2"});
  CHECK(observation.running_db_nodes.empty());
  CHECK(observation.tables.empty());
  CHECK(observation.otp_release == "26");
}

TEST_CASE("node_query: the mnesia states starting and stopping are not running") {
  for (auto [word, state] : {std::pair{"starting", MnesiaState::kStarting}, std::pair{"stopping", MnesiaState::kStopping}}) {
    CAPTURE(word);
    NodeView observation = decode_ok("a@h", map_of({{"mnesia", atom(word)}}));
    CHECK(observation.mnesia == state);
    CHECK_FALSE(observation.mnesia_running());
  }
}

TEST_CASE("node_query: {error, ...} in place of an item is tolerated") {
  Term reply = map_of({
      {"otp_release", str("25")},
      {"mnesia", atom("yes")},
      {"applications", safe_error()},
      {"db_nodes", safe_error()},
      {"directory", str("/d")},
      {"running_db_nodes", safe_error()},
      {"tables", table_columns({table("roster", atom("disc_copies"), atom("set"), safe_error(), safe_error(),
                                      atoms({"a@h"}), safe_error(), safe_error())})},
  });
  NodeView observation = decode_ok("a@h", reply);
  CHECK(observation.applications.empty());
  CHECK(observation.db_nodes.empty());
  CHECK(observation.running_db_nodes.empty());
  CHECK(observation.mnesia_directory == "/d");
  REQUIRE(observation.tables.size() == 1);
  const TableView& roster = observation.tables[0];
  CHECK(roster.name == "roster");
  CHECK(roster.kind == "set");
  CHECK_FALSE(roster.local_content);
  CHECK(roster.copies.at(kRam).empty());
  CHECK(roster.copies.at(kDisc) == Nodes{"a@h"});
  CHECK(roster.copies.at(kDiscOnly).empty());
  CHECK(roster.local_storage == kDisc);
  CHECK_FALSE(roster.local_size.has_value());
}

TEST_CASE("node_query: a reply from another node than the one asked is an error naming both") {
  CHECK(decode_node_view("a@h", map_of({{"self", atom("a@h")}, {"mnesia", atom("no")}})).has_value());
  auto other = decode_node_view("a@h", map_of({{"self", atom("b@h")}, {"mnesia", atom("no")}}));
  REQUIRE_FALSE(other.has_value());
  CHECK(other.error() == "the node that answers there is b@h, not a@h: list each node by its own name");
}

TEST_CASE("node_query: applications that are not {Name, Version} pairs are skipped") {
  Term reply = map_of({
      {"mnesia", atom("no")},
      {"applications", Term::list({Term::tuple({atom("kernel"), str("8.5")}), atom("stray"),
                                   Term::tuple({atom("a"), str("1"), str("extra")}),
                                   Term::tuple({atom("sasl"), Term::binary("4.2")})})},
  });
  NodeView observation = decode_ok("a@h", reply);
  CHECK(observation.applications == std::map<std::string, std::string>{{"kernel", "8.5"}, {"sasl", "4.2"}});
}

TEST_CASE("node_query: text items may come as binaries") {
  Term reply = map_of({{"otp_release", Term::binary("27")}, {"mnesia", atom("no")}, {"directory", Term::binary("/var/db")}});
  NodeView observation = decode_ok("a@h", reply);
  CHECK(observation.otp_release == "27");
  CHECK(observation.mnesia_directory == "/var/db");
}

TEST_CASE("node_query: node lists keep only atoms, sorted") {
  Term reply = map_of({{"mnesia", atom("no")},
                       {"db_nodes", Term::list({atom("c@h"), Term::integer(1), atom("a@h"), str("x@h"), atom("b@h")})}});
  NodeView observation = decode_ok("a@h", reply);
  CHECK(observation.db_nodes == Nodes{"a@h", "b@h", "c@h"});
}

TEST_CASE("node_query: an empty map gives an observation with nothing in it") {
  NodeView observation = decode_ok("a@h", map_of({}));
  CHECK(observation.node == "a@h");
  CHECK(observation.mnesia == MnesiaState::kStopped);  // no word: not running
  CHECK_FALSE(observation.mnesia_running());
  CHECK(observation.db_nodes.empty());
  CHECK(observation.tables.empty());
}

TEST_CASE("node_query: a reply that is not a map is an error that shows the reply") {
  struct Row {
    Term reply;
    const char* shown;
  };
  const Row rows[] = {
      {Term::tuple({atom("badrpc"), atom("nodedown")}), "{badrpc,nodedown}"},
      {atom("ok"), "ok"},
      {Term::list({Term::tuple({atom("mnesia"), atom("yes")})}), "[{mnesia,yes}]"},
      {Term(), "[]"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.shown);
    auto observation = decode_node_view("a@h", row.reply);
    REQUIRE_FALSE(observation.has_value());
    CHECK(observation.error().find("not a map") != std::string::npos);
    CHECK(observation.error().find(row.shown) != std::string::npos);
  }
}

TEST_CASE("node_query: tables that are not columns of one length are an error that shows them") {
  for (Term tables : {Term::list({atom("roster")}),
                      Term::tuple({atoms({"roster", "session"}), atoms({"ram_copies"}), atoms({}), atoms({}), atoms({}),
                                   atoms({}), atoms({}), atoms({}), atoms({})})}) {
    auto observation = decode_node_view("a@h", map_of({{"mnesia", atom("yes")}, {"tables", tables}}));
    REQUIRE_FALSE(observation.has_value());
    CHECK(observation.error().find("tables are not a tuple of 9 lists of one length") != std::string::npos);
    CHECK(observation.error().find("roster") != std::string::npos);
  }
}

TEST_CASE("node_query: the query asks for every item the decoder reads") {
  const std::string query = kNodeViewQuery;
  for (const char* item : {"self", "otp_release", "mnesia", "applications", "connected", "db_nodes", "directory",
                           "placement_overrides", "running_db_nodes", "saw_down", "tables"}) {
    CAPTURE(item);
    CHECK(query.find(std::string(item) + " =>") != std::string::npos);
  }
  // One column per item, in the decoder's order, each mapped by compiled code over every table.
  CHECK(query.find("lists:zipwith(fun mnesia:table_info/2, Tables,") != std::string::npos);
  std::string::size_type at = query.find("Column(Item) || Item <- [");
  REQUIRE(at != std::string::npos);
  for (const char* item : {"storage_type", "type", "local_content", "ram_copies", "disc_copies", "disc_only_copies",
                           "where_to_read", "size"}) {
    CAPTURE(item);
    at = query.find(item, at);
    CHECK(at != std::string::npos);
  }
  CHECK(query.find_last_not_of(" \n") == query.rfind('.'));  // erl_eval needs the closing full stop
}

TEST_CASE("node_query: a table that is not loaded is listed among those the node waits for") {
  erl::Map reply = *running_reply().map();
  for (std::size_t i = 0; i < reply.keys.size(); ++i) {
    if (!reply.keys[i].is_atom("tables")) continue;
    reply.values[i] = table_columns({table("roster", atom("disc_copies"), atom("set"), atom("false"), atoms({}),
                                           atoms({"ejabberd@xmpp1"}), atoms({}), Term::integer(0), false),
                                     table("session", atom("ram_copies"), atom("set"), atom("false"),
                                           atoms({"ejabberd@xmpp1"}), atoms({}), atoms({}), Term::integer(0))});
  }
  NodeView observation = decode_ok("ejabberd@xmpp1", Term(std::move(reply)));
  CHECK(observation.waiting_for_tables == std::vector<std::string>{"roster"});
  REQUIRE(observation.tables.size() == 2);
  CHECK_FALSE(observation.tables[0].loaded);
  CHECK(observation.tables[1].loaded);
}

// A NodeClient that answers RemoteEvaluator's one call with a canned term.
class ScriptedClient : public erl::NodeClient {
 public:
  std::optional<erl::ErlError> failure;
  Term reply;
  std::vector<std::string> calls;

  std::expected<Term, erl::ErlError> call(const erl::NodeName& node, std::string_view module, std::string_view function,
                                          const std::vector<Term>&, std::chrono::milliseconds) override {
    calls.push_back(node.full() + " " + std::string(module) + ":" + std::string(function));
    if (failure) return std::unexpected(*failure);
    return reply;
  }
};

TEST_CASE("node_query: query_node returns the decoded view of a node that answers") {
  ScriptedClient client;
  client.reply = running_reply();
  erl::RemoteEvaluator evaluator(client);
  auto node = erl::NodeName::parse("ejabberd@xmpp1");
  REQUIRE(node.has_value());
  NodeView observation = query_node(evaluator, *node, 1000ms);
  CHECK(observation.reachable());
  CHECK(observation.node == "ejabberd@xmpp1");
  CHECK(observation.tables.size() == 5);
  CHECK(client.calls == std::vector<std::string>{"ejabberd@xmpp1 erl_eval:expr"});  // one round trip
}

TEST_CASE("node_query: query_node never fails: errors come back in the observation") {
  auto node = erl::NodeName::parse("ejabberd@xmpp2");
  REQUIRE(node.has_value());

  ScriptedClient down;
  down.failure = erl::ErlError{erl::ErlError::Kind::kNotRegistered, "ejabberd@xmpp2", "not registered"};
  erl::RemoteEvaluator down_evaluator(down);
  NodeView unreachable = query_node(down_evaluator, *node, 1000ms);
  CHECK(unreachable.node == "ejabberd@xmpp2");
  CHECK_FALSE(unreachable.reachable());
  REQUIRE(unreachable.error.has_value());
  CHECK(unreachable.error->kind == erl::ErlError::Kind::kNotRegistered);

  ScriptedClient odd;
  odd.reply = Term::tuple({atom("badrpc"), atom("nodedown")});
  erl::RemoteEvaluator odd_evaluator(odd);
  NodeView unreadable = query_node(odd_evaluator, *node, 1000ms);
  CHECK_FALSE(unreadable.reachable());
  REQUIRE(unreadable.error.has_value());
  CHECK(unreadable.error->kind == erl::ErlError::Kind::kProtocol);
  CHECK(unreadable.error->node == "ejabberd@xmpp2");
  CHECK(unreadable.error->detail.find("{badrpc,nodedown}") != std::string::npos);
}

}  // namespace
}  // namespace ejcluster::cluster
