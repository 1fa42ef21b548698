#include "model/placement.h"

#include <doctest/doctest.h>

namespace ejcluster::cluster {
namespace {

using enum StorageType;

const std::string n1 = "ej1@localhost", n2 = "ej2@localhost", n3 = "ej3@localhost";

Placement three_members() {
  return {.members = {n1, n2, n3},
          .running = {n1, n2, n3},
          .tables = {{"roster", {{kDiscOnly, {n1, n2, n3}}}},
                     {"muc_room", {{kDisc, {n1, n2, n3}}}},
                     {"passwd", {{kDisc, {n1, n2}}}},
                     {"session", {{kRam, {n1, n2, n3}}}}}};
}

TEST_CASE("placement: observed placement is the seed's cluster, without storage types that hold nothing") {
  Cluster cluster{.members = {n1, n2}, .running = {n1}};
  cluster.tables["roster"].copies = {{kRam, {}}, {kDisc, {n1, n2}}, {kDiscOnly, {}}};
  ClusterState state{.clusters = {cluster, Cluster{.members = {n3}}}};
  Placement seen = placement_of(state);
  CHECK(seen.members == std::vector<std::string>{n1, n2});
  CHECK(seen.running == std::vector<std::string>{n1});
  CHECK(seen.tables == decltype(seen.tables){{"roster", {{kDisc, {n1, n2}}}}});
  CHECK(placement_of(ClusterState{}) == Placement{});
}

TEST_CASE("placement: a join adds the member, running, with a copy of each table it copies") {
  Placement before{.members = {n1}, .running = {n1},
                   .tables = {{"schema", {{kDisc, {n1}}}}, {"roster", {{kDiscOnly, {n1}}}}}};
  Step join{.kind = StepKind::kJoin, .node = n2, .via = n1,
            .tables = {{"schema", kDisc}, {"roster", kDiscOnly}}};
  Placement after = planned_placement(before, {join});
  CHECK(after.members == std::vector<std::string>{n1, n2});
  CHECK(after.running == std::vector<std::string>{n1, n2});
  CHECK(after.tables["schema"] == Copies{{kDisc, {n1, n2}}});
  CHECK(after.tables["roster"] == Copies{{kDiscOnly, {n1, n2}}});
}

TEST_CASE("placement: table steps and a removal; overrides change nothing") {
  std::vector<Step> steps = {
      {.kind = StepKind::kChangeTableCopyType, .node = n1, .via = n1, .table = "roster", .type = kDisc,
       .from_type = kDiscOnly},
      {.kind = StepKind::kAddTableCopy, .node = n3, .via = n1, .table = "passwd", .type = kDisc},
      {.kind = StepKind::kDelTableCopy, .node = n2, .via = n1, .table = "muc_room", .from_type = kDisc},
      {.kind = StepKind::kSetPlacementOverride, .node = n1, .tables = {{"roster", kDisc}}},
      {.kind = StepKind::kRemoveNode, .node = n3, .via = n1, .node_running = true},
  };
  Placement before = three_members();
  Placement after = planned_placement(before, steps);
  CHECK(after.members == std::vector<std::string>{n1, n2});
  CHECK(after.running == std::vector<std::string>{n1, n2});
  CHECK(after.tables == decltype(after.tables){{"roster", {{kDisc, {n1}}, {kDiscOnly, {n2}}}},
                                              {"muc_room", {{kDisc, {n1}}}},
                                              {"passwd", {{kDisc, {n1, n2}}}},
                                              {"session", {{kRam, {n1, n2}}}}});
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
