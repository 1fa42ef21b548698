// value.h: Terraform values in msgpack, unknowns and nulls.
#include <doctest/doctest.h>

#include "value.h"

namespace ejcluster::tf {
namespace {

std::string bytes(std::initializer_list<unsigned char> list) { return std::string(list.begin(), list.end()); }

TEST_CASE("a known object survives msgpack both ways") {
  Value object = {{"nodes", {"a@h", "b@h"}}, {"seed", nullptr}, {"remove_absent", true}, {"n", 5000}, {"f", 1.5}};
  auto decoded = from_msgpack(to_msgpack(object));
  REQUIRE(decoded);
  CHECK(*decoded == object);
  CHECK(is_wholly_known(*decoded));
}

TEST_CASE("msgpack as Terraform writes it decodes") {
  // {"a": "b"}: fixmap 1, fixstr "a", fixstr "b"
  auto decoded = from_msgpack(bytes({0x81, 0xa1, 'a', 0xa1, 'b'}));
  REQUIRE(decoded);
  CHECK(*decoded == Value{{"a", "b"}});
  // nil
  auto null_value = from_msgpack(bytes({0xc0}));
  REQUIRE(null_value);
  CHECK(null_value->is_null());
}

TEST_CASE("an unknown is written as Terraform writes one: fixext1, type 0, one zero byte") {
  CHECK(to_msgpack(unknown()) == bytes({0xd4, 0x00, 0x00}));
  CHECK(to_msgpack(Value{{"id", unknown()}}) == bytes({0x81, 0xa2, 'i', 'd', 0xd4, 0x00, 0x00}));
}

TEST_CASE("unknowns are read, plain and refined") {
  auto plain = from_msgpack(bytes({0xd4, 0x00, 0x00}));
  REQUIRE(plain);
  CHECK(is_unknown(*plain));
  // A refined unknown: extension 12 with a msgpack map of refinements (here {1: true}: not null).
  auto refined = from_msgpack(bytes({0xc7, 0x03, 0x0c, 0x81, 0x01, 0xc3}));
  REQUIRE(refined);
  CHECK(is_unknown(*refined));
  // Another extension type is not an unknown.
  auto other = from_msgpack(bytes({0xd4, 0x05, 0x00}));
  REQUIRE(other);
  CHECK_FALSE(is_unknown(*other));
}

TEST_CASE("an unknown anywhere inside makes a value not wholly known") {
  Value value = {{"nodes", Value::array({"a@h", unknown()})}, {"seed", "a@h"}};
  CHECK_FALSE(is_unknown(value));
  CHECK_FALSE(is_wholly_known(value));
  value["nodes"][1] = "b@h";
  CHECK(is_wholly_known(value));
}

TEST_CASE("nulls: empty bytes, and null attributes, stay null") {
  auto empty = from_msgpack("");
  REQUIRE(empty);
  CHECK(empty->is_null());
  auto decoded = from_msgpack(to_msgpack(Value{{"seed", nullptr}}));
  REQUIRE(decoded);
  CHECK(decoded->at("seed").is_null());
  CHECK(is_wholly_known(*decoded));
}

TEST_CASE("garbage is an error, not an exception") {
  auto bad = from_msgpack(bytes({0x92, 0x01}));  // an array of 2 with one element
  CHECK_FALSE(bad);
  auto bad_json = from_json_text("{");
  CHECK_FALSE(bad_json);
}

TEST_CASE("attribute and known_string read objects defensively") {
  Value object = {{"a", "x"}, {"b", unknown()}, {"c", nullptr}};
  CHECK(known_string(object, "a") == "x");
  CHECK_FALSE(known_string(object, "b"));
  CHECK_FALSE(known_string(object, "c"));
  CHECK_FALSE(known_string(object, "missing"));
  CHECK(attribute(Value(nullptr), "a").is_null());
}

}  // namespace
}  // namespace ejcluster::tf
