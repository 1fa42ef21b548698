#include "model/desired_state.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace ejcluster::cluster {
namespace {

using enum StorageType;

using namespace std::chrono_literals;

// The example document of the contract (design.md, "Contract v1").
constexpr std::string_view kContractExample = R"({
  "nodes": ["ejabberd@xmpp1.example.com", "ejabberd@xmpp2.example.com", "ejabberd@xmpp3.example.com"],
  "seed": "ejabberd@xmpp1.example.com",
  "cookie_file": "/var/lib/ejabberd/.erlang.cookie",
  "tables": {
    "roster":   {"type": "disc_copies"},
    "muc_room": {"disc_copies": ["ejabberd@xmpp1.example.com", "ejabberd@xmpp2.example.com"],
                 "ram_copies":  ["ejabberd@xmpp3.example.com"]}
  },
  "remove_absent": false,
  "app": "ejabberd",
  "timeouts_ms": {"connect": 5000, "rpc": 30000, "table_sync": 600000}
})";

std::string describe(const std::vector<InputError>& errors) {
  std::string out;
  for (const InputError& e : errors) out += e.to_string() + "\n";
  return out;
}

DesiredState parse_ok(std::string_view json) {
  auto parsed = parse_desired_state(json);
  REQUIRE_MESSAGE(parsed.has_value(), (parsed ? std::string() : describe(parsed.error())));
  return *parsed;
}

std::vector<InputError> parse_errors(std::string_view json) {
  auto parsed = parse_desired_state(json);
  REQUIRE_MESSAGE(!parsed.has_value(), "accepted: " << std::string(json));
  return parsed.error();
}

bool has_error(const std::vector<InputError>& errors, const std::string& path, const std::string& word) {
  return std::any_of(errors.begin(), errors.end(), [&](const InputError& e) {
    return e.path == path && e.message.find(word) != std::string::npos;
  });
}

std::vector<std::string> names(const std::vector<erl::NodeName>& nodes) {
  std::vector<std::string> out;
  for (const auto& node : nodes) out.push_back(node.full());
  return out;
}

TEST_CASE("desired_state: the contract's example document is read in full") {
  DesiredState state = parse_ok(kContractExample);
  CHECK(names(state.nodes) ==
        std::vector<std::string>{"ejabberd@xmpp1.example.com", "ejabberd@xmpp2.example.com", "ejabberd@xmpp3.example.com"});
  CHECK(state.nodes[0].mode() == erl::NameMode::kLong);
  CHECK(state.seed == "ejabberd@xmpp1.example.com");
  CHECK(state.cookie.file == "/var/lib/ejabberd/.erlang.cookie");
  CHECK_FALSE(state.cookie.inline_value.has_value());
  CHECK_FALSE(state.cookie.home.has_value());  // the caller fills in $HOME

  REQUIRE(state.tables.size() == 2);
  REQUIRE(state.tables.count("roster") == 1);
  CHECK(state.tables["roster"].type == kDisc);
  CHECK(state.tables["roster"].copies.empty());
  REQUIRE(state.tables.count("muc_room") == 1);
  const TableRequest& muc = state.tables["muc_room"];
  CHECK_FALSE(muc.type.has_value());
  CHECK(muc.copies.size() == 2);
  CHECK(muc.copies.at(kDisc) ==
        std::vector<std::string>{"ejabberd@xmpp1.example.com", "ejabberd@xmpp2.example.com"});
  CHECK(muc.copies.at(kRam) == std::vector<std::string>{"ejabberd@xmpp3.example.com"});
  CHECK(muc.copies.count(kDiscOnly) == 0);

  CHECK_FALSE(state.remove_absent);
  CHECK(state.app == "ejabberd");
  CHECK(state.timeouts.connect == 5000ms);
  CHECK(state.timeouts.rpc == 30000ms);
  CHECK(state.timeouts.table_sync == 600000ms);
}

TEST_CASE("desired_state: a document with only nodes gets the defaults") {
  DesiredState state = parse_ok(R"({"nodes": ["ejabberd@xmpp1", "ejabberd@xmpp2"]})");
  CHECK(names(state.nodes) == std::vector<std::string>{"ejabberd@xmpp1", "ejabberd@xmpp2"});
  CHECK(state.nodes[0].mode() == erl::NameMode::kShort);
  CHECK_FALSE(state.seed.has_value());
  CHECK_FALSE(state.cookie.inline_value.has_value());
  CHECK_FALSE(state.cookie.file.has_value());
  CHECK(state.tables.empty());
  CHECK_FALSE(state.remove_absent);
  CHECK(state.app == "ejabberd");
  CHECK(state.timeouts.connect == 5000ms);
  CHECK(state.timeouts.rpc == 30000ms);
  CHECK(state.timeouts.table_sync == 600000ms);
}

TEST_CASE("desired_state: nodes keep the listed order") {
  DesiredState state = parse_ok(R"({"nodes": ["c@h", "a@h", "b@h"]})");
  CHECK(names(state.nodes) == std::vector<std::string>{"c@h", "a@h", "b@h"});
}

TEST_CASE("desired_state: optional keys are read") {
  DesiredState state = parse_ok(R"({"nodes": ["a@h"], "cookie": "inline", "remove_absent": true, "app": "mnesia_app",
                                    "timeouts_ms": {"connect": 1, "rpc": 86400000}})");
  CHECK(state.cookie.inline_value == "inline");
  CHECK_FALSE(state.cookie.file.has_value());
  CHECK(state.remove_absent);
  CHECK(state.app == "mnesia_app");
  CHECK(state.timeouts.connect == 1ms);
  CHECK(state.timeouts.rpc == 86400000ms);
  CHECK(state.timeouts.table_sync == 600000ms);  // not given: the default
}

TEST_CASE("desired_state: app null means plain Mnesia nodes") {
  DesiredState state = parse_ok(R"({"nodes": ["a@h"], "app": null})");
  CHECK_FALSE(state.app.has_value());
}

TEST_CASE("desired_state: table placement by type or by per-type node lists") {
  DesiredState state = parse_ok(R"({
    "nodes": ["a@h", "b@h", "c@h"],
    "app": null,
    "tables": {
      "session": {"type": "ram_copies"},
      "offline_msg": {"type": "disc_only_copies"},
      "roster": {"disc_copies": ["c@h", "a@h"], "disc_only_copies": ["b@h"]},
      "empty_type_list": {"ram_copies": []}
    }
  })");
  REQUIRE(state.tables.size() == 4);
  CHECK(state.tables["session"].type == kRam);
  CHECK(state.tables["offline_msg"].type == kDiscOnly);
  const TableRequest& roster = state.tables["roster"];
  CHECK_FALSE(roster.type.has_value());
  CHECK(roster.copies.at(kDisc) == std::vector<std::string>{"a@h", "c@h"});  // sorted
  CHECK(roster.copies.at(kDiscOnly) == std::vector<std::string>{"b@h"});
  CHECK(roster.copies.count(kRam) == 0);
}

TEST_CASE("desired_state: each bad input is reported at its JSON path") {
  struct Row {
    const char* name;
    std::string json;
    std::string path;
    std::string word;  // must appear in the message
  };
  const std::string one = R"("nodes": ["a@h"])";
  const std::string three = R"("nodes": ["a@h", "b@h", "c@h"])";
  const Row rows[] = {
      {"empty input", "", "$", "no input"},
      {"white space only", " \n\t\r\n ", "$", "no input"},
      {"not JSON", "nodes: a@h", "$", "not valid JSON"},
      {"truncated JSON", R"({"nodes": ["a@h")", "$", "not valid JSON"},
      {"trailing garbage", R"({"nodes": ["a@h"]} x)", "$", "not valid JSON"},
      {"array at the top", R"(["a@h"])", "$", "must be a JSON object, not an array"},
      {"string at the top", R"("a@h")", "$", "must be a JSON object, not a string"},
      {"null at the top", "null", "$", "not null"},
      {"unknown key at the top", "{" + one + R"(, "node": ["a@h"]})", "$.node", "unknown key"},
      {"unknown key in a table", "{" + one + R"(, "tables": {"roster": {"type": "ram_copies", "typ": 1}}})",
       "$.tables.roster.typ", "unknown key"},
      {"unknown key in timeouts", "{" + one + R"(, "timeouts_ms": {"conect": 10}})", "$.timeouts_ms.conect",
       "unknown key"},
      {"nodes missing", R"({"seed": "a@h"})", "$.nodes", "required"},
      {"nodes not an array", R"({"nodes": "a@h"})", "$.nodes", "must be an array of node names, not a string"},
      {"nodes an object", R"({"nodes": {"a@h": true}})", "$.nodes", "not an object"},
      {"nodes empty", R"({"nodes": []})", "$.nodes", "at least one node"},
      {"node not a string", R"({"nodes": ["a@h", 7]})", "$.nodes[1]", "must be a node name string, not a number"},
      {"node null", R"({"nodes": [null]})", "$.nodes[0]", "not null"},
      {"node listed twice", R"({"nodes": ["a@h", "b@h", "a@h"]})", "$.nodes[2]", "listed twice"},
      {"node without @", R"({"nodes": ["a@h", "ejabberd"]})", "$.nodes[1]", "no '@'"},
      {"node with a bad host", R"({"nodes": ["a@h..x"]})", "$.nodes[0]", "not a valid host name"},
      {"mixed short and long names", R"({"nodes": ["a@h", "b@h.example.com"]})", "$.nodes", "mixes short and long"},
      {"seed not a member", "{" + three + R"(, "seed": "d@h"})", "$.seed", "'d@h' is not one of $.nodes"},
      {"seed not a string", "{" + three + R"(, "seed": 1})", "$.seed", "must be a node name string"},
      {"cookie and cookie_file", "{" + one + R"(, "cookie": "c", "cookie_file": "/f"})", "$.cookie", "not both"},
      {"cookie not a string", "{" + one + R"(, "cookie": 12345})", "$.cookie", "must be a string, not a number"},
      {"cookie_file not a string", "{" + one + R"(, "cookie_file": ["/f"]})", "$.cookie_file", "file path string"},
      {"tables not an object", "{" + one + R"(, "tables": ["roster"]})", "$.tables", "an object keyed by table name"},
      {"table not an object", "{" + one + R"(, "tables": {"roster": "disc_copies"}})", "$.tables.roster",
       "must be an object"},
      {"table with neither type nor lists", "{" + one + R"(, "tables": {"roster": {}}})", "$.tables.roster",
       "give \"type\" or at least one of"},
      {"type not a storage type", "{" + one + R"(, "tables": {"roster": {"type": "disk_copies"}}})",
       "$.tables.roster.type", "'disk_copies' is not a storage type"},
      {"type not a string", "{" + one + R"(, "tables": {"roster": {"type": 1}}})", "$.tables.roster.type",
       "storage type string"},
      {"type plus lists", "{" + one + R"(, "tables": {"roster": {"type": "ram_copies", "disc_copies": ["a@h"]}}})",
       "$.tables.roster.disc_copies", "not both"},
      {"list not an array", "{" + one + R"(, "tables": {"roster": {"ram_copies": "a@h"}}})",
       "$.tables.roster.ram_copies", "an array of node names"},
      {"list element not a string", "{" + one + R"(, "tables": {"roster": {"ram_copies": [1]}}})",
       "$.tables.roster.ram_copies[0]", "node name string"},
      {"node in a list not a member", "{" + three + R"(, "tables": {"roster": {"ram_copies": ["a@h", "z@h"]}}})",
       "$.tables.roster.ram_copies[1]", "'z@h' is not one of $.nodes"},
      {"node under two types of one table",
       "{" + three + R"(, "tables": {"roster": {"ram_copies": ["a@h"], "disc_copies": ["b@h", "a@h"]}}})",
       "$.tables.roster.disc_copies[1]", "'a@h' is given more than one storage type for table roster"},
      {"node twice in one list", "{" + three + R"(, "tables": {"roster": {"ram_copies": ["b@h", "b@h"]}}})",
       "$.tables.roster.ram_copies[1]", "'b@h'"},
      {"remove_absent not a boolean", "{" + one + R"(, "remove_absent": "false"})", "$.remove_absent",
       "true or false"},
      {"remove_absent a number", "{" + one + R"(, "remove_absent": 0})", "$.remove_absent", "true or false"},
      {"app empty", "{" + one + R"(, "app": ""})", "$.app", "must not be empty"},
      {"app a number", "{" + one + R"(, "app": 1})", "$.app", "application name string or null"},
      {"app false", "{" + one + R"(, "app": false})", "$.app", "application name string or null"},
      {"timeouts not an object", "{" + one + R"(, "timeouts_ms": 5000})", "$.timeouts_ms", "an object"},
      {"timeout zero", "{" + one + R"(, "timeouts_ms": {"connect": 0}})", "$.timeouts_ms.connect", "more than 0"},
      {"timeout negative", "{" + one + R"(, "timeouts_ms": {"rpc": -5}})", "$.timeouts_ms.rpc", "more than 0"},
      {"timeout most negative", "{" + one + R"(, "timeouts_ms": {"rpc": -9223372036854775808}})", "$.timeouts_ms.rpc",
       "more than 0"},
      {"timeout with a fraction", "{" + one + R"(, "timeouts_ms": {"connect": 1.5}})", "$.timeouts_ms.connect",
       "whole number"},
      {"timeout a string", "{" + one + R"(, "timeouts_ms": {"table_sync": "600000"}})", "$.timeouts_ms.table_sync",
       "whole number of milliseconds, not a string"},
      {"timeout over a day", "{" + one + R"(, "timeouts_ms": {"table_sync": 86400001}})", "$.timeouts_ms.table_sync",
       "at most 86400000"},
      {"timeout 2^63", "{" + one + R"(, "timeouts_ms": {"connect": 9223372036854775808}})", "$.timeouts_ms.connect",
       "at most"},
      {"timeout 2^64-1", "{" + one + R"(, "timeouts_ms": {"connect": 18446744073709551615}})",
       "$.timeouts_ms.connect", "at most"},
  };
  for (const Row& row : rows) {
    INFO("row: " << std::string(row.name) << "\n  input: " << row.json);
    auto parsed = parse_desired_state(row.json);
    REQUIRE_FALSE(parsed.has_value());
    CHECK_MESSAGE(has_error(parsed.error(), row.path, row.word),
                  "wanted " << row.path << ": ..." << row.word << "...; got\n" << describe(parsed.error()));
  }
}

TEST_CASE("desired_state: the rows above are fixed by the smallest change") {
  // Guards the table: each bad input differs from an accepted one only in what it tests.
  parse_ok(R"({"nodes": ["a@h"], "timeouts_ms": {"connect": 86400000, "rpc": 1, "table_sync": 600000}})");
  parse_ok(R"({"nodes": ["a@h", "b@h", "c@h"], "seed": "c@h"})");
  parse_ok(R"({"nodes": ["a@h", "b@h", "c@h"], "app": null, "tables": {"roster": {"disc_copies": ["a@h"], "ram_copies": ["b@h"]}}})");
  parse_ok(R"({"nodes": ["a@h"], "cookie_file": "/f"})");
  parse_ok(R"({"nodes": ["a@h.x", "b@h.y"]})");
}

TEST_CASE("desired_state: an input error prints as path: message") {
  auto errors = parse_errors(R"({"nodes": []})");
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].to_string() == "$.nodes: must list at least one node");
}

TEST_CASE("desired_state: all problems are reported at once") {
  auto errors = parse_errors(R"({
    "nodes": ["a@h", "bad", "a@h"],
    "seed": "z@h",
    "colour": "blue",
    "tables": {"roster": {"type": "tape"}, "muc": {}},
    "remove_absent": "yes",
    "app": "",
    "timeouts_ms": {"connect": 0, "rpc": 1.5, "extra": 1}
  })");
  const std::set<std::string> expected_paths{"$.nodes[1]",      "$.nodes[2]",        "$.seed",
                                             "$.colour",        "$.tables.roster.type", "$.tables.muc",
                                             "$.remove_absent", "$.app",             "$.timeouts_ms.connect",
                                             "$.timeouts_ms.rpc", "$.timeouts_ms.extra"};
  std::set<std::string> paths;
  for (const InputError& e : errors) paths.insert(e.path);
  CHECK_MESSAGE(paths == expected_paths, describe(errors));
  CHECK(errors.size() == expected_paths.size());
}

TEST_CASE("desired_state: a JSON syntax error inside the cookie never echoes the cookie") {
  const std::string inputs[] = {
      R"({"nodes":["a@b"],"cookie":"SECRETVALUE)",
      R"({"nodes":["a@b"],"cookie":"SECRETVALUE)" "\n}",
      R"({"nodes":["a@b"],"cookie":"SECRET\VALUE"})",
      R"({"nodes":["a@b"],"cookie":"SECRETVALUE" "nodes"})",
      "{\"nodes\":[\"a@b\"],\"cookie\":\"SECRETVALUE\xFF\"}",
      "{\"nodes\":[\"a@b\"],\"cookie\":\"SECRET\x01VALUE\"}",
      R"({"cookie":"SECRETVALUE", "nodes":["a@b"],})",
      R"({"nodes":["a@b"],"cookie":"SECRET\uD800VALUE"})",
      R"({"nodes":["a@b"],"cookie":"SECRETVALUE"} {"more": "SECRETVALUE"})",
  };
  for (const std::string& input : inputs) {
    CAPTURE(input);
    auto errors = parse_errors(input);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].path == "$");
    CHECK(errors[0].message.find("not valid JSON") != std::string::npos);
    CHECK(errors[0].message.find("(line ") != std::string::npos);  // says where, without quoting
    CHECK(errors[0].message.find("column") == std::string::npos);  // a column would tell the cookie's length
    CHECK(errors[0].message.find("SECRET") == std::string::npos);
    CHECK(errors[0].message.find("VALUE") == std::string::npos);
  }
}

TEST_CASE("desired_state: errors about a valid document never echo the cookie") {
  const std::string inputs[] = {
      R"({"nodes":["a@b"],"cookie":"SECRETVALUE","cookie_file":"/f"})",
      R"({"nodes":[],"cookie":"SECRETVALUE","oops":1})",
      R"({"cookie":"SECRETVALUE"})",
  };
  for (const std::string& input : inputs) {
    CAPTURE(input);
    for (const InputError& e : parse_errors(input)) {
      CHECK(e.to_string().find("SECRET") == std::string::npos);
    }
  }
}

TEST_CASE("desired_state: a number too large for a double is bad input, not a crash") {
  auto parsed = parse_desired_state(R"({"nodes":["a@b"],"timeouts_ms":{"connect":1e999}})");
  REQUIRE_FALSE(parsed.has_value());
  REQUIRE(parsed.error().size() == 1);
  CHECK(parsed.error()[0].path == "$");
  CHECK(parsed.error()[0].message.find("number overflow") != std::string::npos);
}

TEST_CASE("desired_state: a node listed twice in one storage list is called a duplicate") {
  auto parsed = parse_desired_state(R"({"nodes":["a@b","c@b"],"app":null,"tables":{"t":{"ram_copies":["a@b","a@b"]}}})");
  REQUIRE_FALSE(parsed.has_value());
  REQUIRE(parsed.error().size() == 1);
  CHECK(parsed.error()[0].path == "$.tables.t.ram_copies[1]");
  CHECK(parsed.error()[0].message.find("listed twice") != std::string::npos);
}

TEST_CASE("desired_state: on ejabberd nodes a placement must give every member a copy") {
  const char* partial = R"({"nodes": ["a@h", "b@h", "c@h"], "tables": {"roster": {"disc_copies": ["a@h", "b@h"]}}})";
  auto errors = parse_errors(partial);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].path == "$.tables.roster");
  CHECK(errors[0].message.find("every member holds every table") != std::string::npos);
  CHECK(errors[0].message.find("\"app\": null") != std::string::npos);
  // The same placement is fine for plain Mnesia nodes, and per-node types covering all members are fine.
  parse_ok(R"({"nodes": ["a@h", "b@h", "c@h"], "app": null, "tables": {"roster": {"disc_copies": ["a@h", "b@h"]}}})");
  parse_ok(R"({"nodes": ["a@h", "b@h"], "tables": {"roster": {"disc_copies": ["a@h"], "ram_copies": ["b@h"]}}})");
}

TEST_CASE("desired_state: on ejabberd nodes the schema stays disc_copies") {
  auto errors = parse_errors(R"({"nodes": ["a@h"], "tables": {"schema": {"type": "ram_copies"}}})");
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].path == "$.tables.schema");
  CHECK(errors[0].message.find("disc_copies") != std::string::npos);
  parse_ok(R"({"nodes": ["a@h"], "tables": {"schema": {"type": "disc_copies"}}})");
}

TEST_CASE("desired_state: the schema is disc_copies on every member, for plain Mnesia and ejabberd nodes alike") {
  const std::string three = R"("nodes": ["a@h", "b@h", "c@h"])";
  const char* bad[] = {
      R"({"disc_copies": ["a@h", "b@h"]})",                    // a member left without a schema copy
      R"({"ram_copies": ["a@h", "b@h", "c@h"]})",
      R"({"type": "ram_copies"})",
      R"({"type": "disc_only_copies"})",
      R"({"disc_copies": ["a@h", "b@h"], "ram_copies": ["c@h"]})",
  };
  const char* good[] = {
      R"({"type": "disc_copies"})",
      R"({"disc_copies": ["a@h", "b@h", "c@h"]})",
      R"({"disc_copies": ["c@h", "a@h", "b@h"]})",
  };
  for (const char* app : {R"("app": null)", R"("app": "ejabberd")"}) {
    for (const char* schema : bad) {
      const std::string json = "{" + three + ", " + app + R"(, "tables": {"schema": )" + schema + "}}";
      CAPTURE(json);
      auto errors = parse_errors(json);
      REQUIRE_MESSAGE(errors.size() == 1, describe(errors));
      CHECK(errors[0].path == "$.tables.schema");
      CHECK(errors[0].message.find("disc_copies") != std::string::npos);
      CHECK(errors[0].message.find("every member") != std::string::npos);
    }
    for (const char* schema : good) {
      const std::string json = "{" + three + ", " + app + R"(, "tables": {"schema": )" + schema + "}}";
      CAPTURE(json);
      DesiredState state = parse_ok(json);
      CHECK(state.tables.count("schema") == 1);
    }
  }
}

TEST_CASE("desired_state: allow_data_loss names members other than the seed") {
  DesiredState state = parse_ok(R"({"nodes": ["a@h", "b@h"], "seed": "a@h", "allow_data_loss": ["b@h"]})");
  CHECK(state.allow_data_loss == std::vector<std::string>{"b@h"});
  auto errors = parse_errors(R"({"nodes": ["a@h", "b@h"], "seed": "a@h", "allow_data_loss": ["a@h", "z@h", 3]})");
  REQUIRE(errors.size() == 3);
  CHECK(errors[0].path == "$.allow_data_loss[0]");
  CHECK(errors[0].message.find("is the seed") != std::string::npos);
  CHECK(errors[1].path == "$.allow_data_loss[1]");
  CHECK(errors[2].path == "$.allow_data_loss[2]");
  CHECK(parse_errors(R"({"nodes": ["a@h"], "allow_data_loss": "a@h"})")[0].path == "$.allow_data_loss");
}

}  // namespace
}  // namespace ejcluster::cluster

namespace ejcluster::cluster {

TEST_CASE("desired_state: heal_partitions and force_load_from are off unless given, and checked") {
  DesiredState plain = parse_ok(R"({"nodes": ["a@h", "b@h"]})");
  CHECK_FALSE(plain.heal_partitions);
  CHECK_FALSE(plain.force_load_from.has_value());

  DesiredState chosen = parse_ok(R"({"nodes": ["a@h", "b@h"], "heal_partitions": true, "force_load_from": "b@h"})");
  CHECK(chosen.heal_partitions);
  CHECK(chosen.force_load_from == "b@h");

  auto errors = parse_errors(R"({"nodes": ["a@h", "b@h"], "heal_partitions": "yes", "force_load_from": "z@h"})");
  REQUIRE(errors.size() == 2);
  CHECK(errors[0].path == "$.heal_partitions");
  CHECK(errors[1].path == "$.force_load_from");
  CHECK(errors[1].message.find("not one of $.nodes") != std::string::npos);
  CHECK(parse_errors(R"({"nodes": ["a@h"], "force_load_from": 1})")[0].path == "$.force_load_from");
}

TEST_CASE("desired_state: dist_port is unset unless given, and a TCP port when given") {
  CHECK_FALSE(parse_ok(R"({"nodes": ["a@h"]})").dist_port.has_value());
  CHECK(parse_ok(R"({"nodes": ["a@h"], "dist_port": 5210})").dist_port == 5210);
  CHECK(parse_ok(R"({"nodes": ["a@h"], "dist_port": 65535})").dist_port == 65535);
  for (const char* bad : {"0", "-1", "65536", "18446744073709551615", "5210.5", "\"5210\"", "null"}) {
    CAPTURE(bad);
    auto errors = parse_errors(std::string(R"({"nodes": ["a@h"], "dist_port": )") + bad + "}");
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].path == "$.dist_port");
    CHECK(errors[0].message.find("a TCP port number, 1 to 65535") != std::string::npos);
  }
}

TEST_CASE("desired_state: tls is off unless given; given, its files as named, verify on by default") {
  CHECK_FALSE(parse_ok(R"({"nodes": ["a@h"]})").tls.has_value());

  DesiredState full = parse_ok(R"({"nodes": ["a@h"], "tls": {"certfile": "/c.pem", "keyfile": "/k.pem", "cacertfile": "/ca.pem"}})");
  REQUIRE(full.tls.has_value());
  CHECK(*full.tls == erl::TlsOptions{"/c.pem", "/k.pem", "/ca.pem", true});

  DesiredState trusting = parse_ok(R"({"nodes": ["a@h"], "tls": {"verify": false}})");
  REQUIRE(trusting.tls.has_value());
  CHECK_FALSE(trusting.tls->verify);
  CHECK(trusting.tls->cacertfile.empty());

  // A certificate with its key inside it.
  CHECK(parse_ok(R"({"nodes": ["a@h"], "tls": {"certfile": "/both.pem", "cacertfile": "/ca.pem"}})").tls->keyfile.empty());
}

TEST_CASE("desired_state: tls settings that cannot work are named") {
  CHECK(has_error(parse_errors(R"({"nodes": ["a@h"], "tls": {"certfile": "/c.pem"}})"), "$.tls.cacertfile", "is required"));
  CHECK(has_error(parse_errors(R"({"nodes": ["a@h"], "tls": {"keyfile": "/k.pem", "cacertfile": "/ca.pem"}})"), "$.tls.keyfile",
                  "give certfile too"));
  CHECK(has_error(parse_errors(R"({"nodes": ["a@h"], "tls": {"cacertfile": "/ca.pem", "ca": 1}})"), "$.tls.ca", "unknown key"));
  CHECK(has_error(parse_errors(R"({"nodes": ["a@h"], "tls": {"cacertfile": ""}})"), "$.tls.cacertfile", "must not be empty"));
  CHECK(has_error(parse_errors(R"({"nodes": ["a@h"], "tls": {"cacertfile": "/ca.pem", "verify": 1}})"), "$.tls.verify", "true or false"));
  CHECK(has_error(parse_errors(R"({"nodes": ["a@h"], "tls": "on"})"), "$.tls", "must be an object"));
}

}  // namespace ejcluster::cluster
