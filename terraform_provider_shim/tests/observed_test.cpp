// observed.h: the observed attributes, placement in as few words as it takes.
#include <doctest/doctest.h>

#include "observed.h"

namespace ejcluster::tf {
namespace {

using cluster::StorageType;

TEST_CASE("placement: a table every member holds one way is its storage type alone") {
  cluster::Placement placement{.members = {"a@h", "b@h"}, .running = {"a@h"},
                               .tables = {{"roster", {{StorageType::kDiscOnly, {"a@h", "b@h"}}}},
                                          {"session", {{StorageType::kRam, {"a@h", "b@h"}}}}}};
  Value object = Value::object();
  set_placement(object, placement);
  CHECK(object["members"] == Value{"a@h", "b@h"});
  CHECK(object["running"] == Value{"a@h"});
  CHECK(object["placement"] == Value{{"roster", "disc_only_copies"}, {"session", "ram_copies"}});
}

TEST_CASE("placement: otherwise the members per storage type, in Mnesia's order") {
  cluster::Placement placement{.members = {"a@h", "b@h", "c@h"},
                               .tables = {{"muc_room", {{StorageType::kDisc, {"a@h", "b@h"}}, {StorageType::kRam, {"c@h"}}}},
                                          {"passwd", {{StorageType::kDisc, {"a@h", "b@h"}}}}}};
  Value object = Value::object();
  set_placement(object, placement);
  CHECK(object["placement"]["muc_room"] == "ram_copies: c@h; disc_copies: a@h, b@h");
  CHECK(object["placement"]["passwd"] == "disc_copies: a@h, b@h");  // a member without a copy
}

TEST_CASE("placement: a member added to a cluster of masters changes no table's entry") {
  cluster::Placement two{.members = {"a@h", "b@h"}, .tables = {{"roster", {{StorageType::kDisc, {"a@h", "b@h"}}}}}};
  cluster::Placement three{.members = {"a@h", "b@h", "c@h"},
                           .tables = {{"roster", {{StorageType::kDisc, {"a@h", "b@h", "c@h"}}}}}};
  Value before = Value::object(), after = Value::object();
  set_placement(before, two);
  set_placement(after, three);
  CHECK(before["placement"] == after["placement"]);
  CHECK(before["members"] != after["members"]);
}

}  // namespace
}  // namespace ejcluster::tf
