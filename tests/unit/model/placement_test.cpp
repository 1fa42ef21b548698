#include "model/placement.h"

#include <doctest/doctest.h>

namespace ejcluster::cluster {
namespace {

const std::string n1 = "ej1@localhost", n2 = "ej2@localhost", n3 = "ej3@localhost";

Placement three_members() {
  return {.members = {n1, n2, n3},
          .running = {n1, n2, n3},
          .tables = {{"roster", {{"disc_only_copies", {n1, n2, n3}}}},
                     {"muc_room", {{"disc_copies", {n1, n2, n3}}}},
                     {"passwd", {{"disc_copies", {n1, n2}}}},
                     {"session", {{"ram_copies", {n1, n2, n3}}}}}};
}

TEST_CASE("placement: observed placement is the seed's cluster, without storage types that hold nothing") {
  Cluster cluster{.members = {n1, n2}, .running = {n1}};
  cluster.tables["roster"].copies = {{"ram_copies", {}}, {"disc_copies", {n1, n2}}, {"disc_only_copies", {}}};
  ClusterState state{.clusters = {cluster, Cluster{.members = {n3}}}};
  Placement seen = placement_of(state);
  CHECK(seen.members == std::vector<std::string>{n1, n2});
  CHECK(seen.running == std::vector<std::string>{n1});
  CHECK(seen.tables == decltype(seen.tables){{"roster", {{"disc_copies", {n1, n2}}}}});
  CHECK(placement_of(ClusterState{}) == Placement{});
}

TEST_CASE("placement: a join adds the member, running, with a copy of each table it copies") {
  Placement before{.members = {n1}, .running = {n1},
                   .tables = {{"schema", {{"disc_copies", {n1}}}}, {"roster", {{"disc_only_copies", {n1}}}}}};
  Step join{.kind = StepKind::kJoin, .node = n2, .via = n1,
            .tables = {{"schema", "disc_copies"}, {"roster", "disc_only_copies"}}};
  Placement after = planned_placement(before, {join});
  CHECK(after.members == std::vector<std::string>{n1, n2});
  CHECK(after.running == std::vector<std::string>{n1, n2});
  CHECK(after.tables["schema"] == std::map<std::string, std::vector<std::string>>{{"disc_copies", {n1, n2}}});
  CHECK(after.tables["roster"] == std::map<std::string, std::vector<std::string>>{{"disc_only_copies", {n1, n2}}});
}

TEST_CASE("placement: table steps and a removal; overrides change nothing") {
  std::vector<Step> steps = {
      {.kind = StepKind::kChangeTableCopyType, .node = n1, .via = n1, .table = "roster", .type = "disc_copies",
       .from_type = "disc_only_copies"},
      {.kind = StepKind::kAddTableCopy, .node = n3, .via = n1, .table = "passwd", .type = "disc_copies"},
      {.kind = StepKind::kDelTableCopy, .node = n2, .via = n1, .table = "muc_room", .from_type = "disc_copies"},
      {.kind = StepKind::kSetPlacementOverride, .node = n1, .tables = {{"roster", "disc_copies"}}},
      {.kind = StepKind::kRemoveNode, .node = n3, .via = n1, .node_running = true},
  };
  Placement before = three_members();
  Placement after = planned_placement(before, steps);
  CHECK(after.members == std::vector<std::string>{n1, n2});
  CHECK(after.running == std::vector<std::string>{n1, n2});
  CHECK(after.tables == decltype(after.tables){{"roster", {{"disc_copies", {n1}}, {"disc_only_copies", {n2}}}},
                                              {"muc_room", {{"disc_copies", {n1}}}},
                                              {"passwd", {{"disc_copies", {n1, n2}}}},
                                              {"session", {{"ram_copies", {n1, n2}}}}});
  CHECK(before == three_members());  // taken by value: the observed placement is left alone
}

TEST_CASE("placement: start_node makes a member running; heal and force_load change no placement") {
  Placement before = three_members();
  before.running = {n1};
  Placement after = planned_placement(before, {{.kind = StepKind::kStartNode, .node = n3},
                                               {.kind = StepKind::kHealPartition, .node = n2, .masters = {n1}},
                                               {.kind = StepKind::kForceLoad, .node = n1}});
  CHECK(after.running == std::vector<std::string>{n1, n3});
  CHECK(after.tables == before.tables);
  CHECK(after.members == before.members);
}

}  // namespace
}  // namespace ejcluster::cluster
