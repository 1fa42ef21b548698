#include "erl/node_name.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace ejcluster::erl {
namespace {

TEST_CASE("node_name: valid names give their parts and naming mode") {
  struct Row {
    std::string text;
    std::string alive;
    std::string host;
    NameMode mode;
  };
  const Row rows[] = {
      {"ejabberd@xmpp1", "ejabberd", "xmpp1", NameMode::kShort},
      {"ejabberd@localhost", "ejabberd", "localhost", NameMode::kShort},
      {"a@b", "a", "b", NameMode::kShort},
      {"node_1-x@host-2", "node_1-x", "host-2", NameMode::kShort},
      {"EJ@XMPP", "EJ", "XMPP", NameMode::kShort},
      {"ejabberd@xmpp1.example.com", "ejabberd", "xmpp1.example.com", NameMode::kLong},
      {"ejabberd@10.0.0.1", "ejabberd", "10.0.0.1", NameMode::kLong},
      {"mnesia@a.b", "mnesia", "a.b", NameMode::kLong},
      {"x@my_host.local", "x", "my_host.local", NameMode::kLong},
  };
  for (const Row& row : rows) {
    CAPTURE(row.text);
    auto name = NodeName::parse(row.text);
    REQUIRE_MESSAGE(name.has_value(), (name ? std::string() : name.error()));
    CHECK(name->full() == row.text);
    CHECK(name->alive() == row.alive);
    CHECK(name->host() == row.host);
    CHECK(name->mode() == row.mode);
  }
}

TEST_CASE("node_name: modes print as short and long") {
  CHECK(to_string(NameMode::kShort) == "short");
  CHECK(to_string(NameMode::kLong) == "long");
  CHECK(to_string(NodeName::parse("a@b")->mode()) == "short");
  CHECK(to_string(NodeName::parse("a@b.c")->mode()) == "long");
}

TEST_CASE("node_name: the longest allowed parts are accepted") {
  std::string alive(255, 'a');
  std::string host(253, 'h');
  auto name = NodeName::parse(alive + "@" + host);
  REQUIRE(name.has_value());
  CHECK(name->alive().size() == 255);
  CHECK(name->host().size() == 253);
}

TEST_CASE("node_name: invalid names are refused with a message that quotes the input and says why") {
  struct Row {
    std::string text;
    std::vector<std::string> message_parts;  // each must appear in the message
  };
  const Row rows[] = {
      {"ejabberd", {"'ejabberd'", "no '@'"}},
      {"", {"''", "no '@'"}},
      {"ejabberd.xmpp1.example.com", {"'ejabberd.xmpp1.example.com'", "no '@'"}},
      {"a@b@c", {"'a@b@c'", "more than one '@'"}},
      {"@@", {"'@@'", "more than one '@'"}},
      {"@xmpp1", {"'@xmpp1'", "empty name"}},
      {"ejabberd@", {"'ejabberd@'", "empty host"}},
      {"@", {"'@'", "empty"}},
      {"ej abberd@xmpp1", {"'ej abberd@xmpp1'", "letters, digits"}},
      {"ej.abberd@xmpp1", {"'ej.abberd@xmpp1'", "letters, digits"}},
      {"ej\xC3\xA9@xmpp1", {"'ej\xC3\xA9@xmpp1'", "letters, digits"}},
      {"ejabberd@xmpp 1", {"'ejabberd@xmpp 1'", "'xmpp 1' is not a valid host name"}},
      {"ejabberd@xmpp1..example.com", {"'ejabberd@xmpp1..example.com'", "'xmpp1..example.com'", "not a valid host"}},
      {"ejabberd@.example.com", {"'ejabberd@.example.com'", "'.example.com'", "not a valid host"}},
      {"ejabberd@example.com.", {"'example.com.'", "not a valid host"}},
      {"ejabberd@.", {"'.'", "not a valid host"}},
      {"ejabberd@host/x", {"'host/x'", "not a valid host"}},
      {"ejabberd@[::1]", {"'[::1]'", "not a valid host"}},
      {"ejabberd@ho:st", {"'ho:st'", "not a valid host"}},
      {std::string(256, 'a') + "@h", {"too long"}},
      {"a@" + std::string(254, 'h'), {"too long"}},
  };
  for (const Row& row : rows) {
    CAPTURE(row.text);
    auto name = NodeName::parse(row.text);
    REQUIRE_FALSE(name.has_value());
    for (const std::string& part : row.message_parts) {
      CAPTURE(part);
      CHECK_MESSAGE(name.error().find(part) != std::string::npos, name.error());
    }
  }
}

TEST_CASE("node_name: names compare by their full text") {
  auto a = NodeName::parse("ejabberd@xmpp1");
  auto b = NodeName::parse("ejabberd@xmpp2");
  auto a_again = NodeName::parse("ejabberd@xmpp1");
  REQUIRE(a.has_value());
  REQUIRE(b.has_value());
  REQUIRE(a_again.has_value());
  CHECK(*a == *a_again);
  CHECK(*a != *b);
  CHECK(*a < *b);
  CHECK_FALSE(*b < *a);
  CHECK(*NodeName::parse("Ejabberd@xmpp1") != *a);  // case matters in node names
}

}  // namespace
}  // namespace ejcluster::erl
