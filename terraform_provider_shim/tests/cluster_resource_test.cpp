// cluster_resource.h: the parts of the resource lifecycle that need no node.
#include <doctest/doctest.h>

#include "model/outcome.h"
#include "cluster_resource.h"
#include "report/converge_report.h"
#include "schema.h"

namespace ejcluster::tf {
namespace {

using enum cluster::StorageType;

TEST_CASE("planned_actions: one line per step and refusal, no headers or summaries") {
  cluster::Outcome outcome;
  outcome.mode = cluster::Mode::kPlan;
  outcome.plan.seed = "a@h";
  cluster::Step join{.kind = cluster::StepKind::kJoin, .node = "b@h", .via = "a@h", .tables = {{"roster", kDisc}}};
  cluster::Step retype{.kind = cluster::StepKind::kChangeTableCopyType, .node = "b@h", .via = "a@h",
                       .table = "roster", .type = kDisc, .from_type = kDiscOnly};
  outcome.plan.steps = {join, retype};
  outcome.actions = {{.step = join}, {.step = retype}};
  outcome.plan.refused = {{.step = cluster::StepKind::kJoin, .node = "c@h", .reason = "holds data"}};
  auto lines = report::action_lines(outcome);
  REQUIRE(lines.size() == 3);
  CHECK(lines[0].rfind("+ join b@h via a@h", 0) == 0);
  CHECK(lines[1].rfind("~ change_table_copy_type roster on b@h", 0) == 0);
  CHECK(lines[2].rfind("! refused join on c@h", 0) == 0);
}

TEST_CASE("import takes a node name, and leaves the rest for refresh") {
  Result good = import_cluster("ejabberd@xmpp1");
  CHECK(good.diagnostics.empty());
  CHECK(good.state["id"] == "ejabberd@xmpp1");
  CHECK(good.state["nodes"].is_null());
  CHECK(good.state.size() == cluster_schema().attributes.size());

  Result bad = import_cluster("not a node");
  CHECK(bad.state.is_null());
  REQUIRE(bad.diagnostics.size() == 1);
  CHECK(bad.diagnostics[0].severity == Diagnostic::Severity::kError);
}

TEST_CASE("upgrade drops a placement stored as one JSON string, and the old last_report") {
  Value raw = {{"id", "a@h"}, {"placement", R"({"roster": {"disc_copies": ["a@h"]}})"}, {"last_report", "{}"}};
  Result result = upgrade_cluster(raw);
  CHECK(result.state["placement"].is_null());
  CHECK_FALSE(result.state.contains("last_report"));
  CHECK(result.state["id"] == "a@h");
}

TEST_CASE("upgrade keeps the schema's attributes and never a cookie") {
  Value raw = {{"id", "a@h"}, {"nodes", {"a@h"}}, {"cookie", "leaked"}, {"gone", 1}};
  Result result = upgrade_cluster(raw);
  CHECK(result.state["cookie"].is_null());
  CHECK_FALSE(result.state.contains("gone"));
  CHECK(result.state["nodes"] == Value{"a@h"});
}

TEST_CASE("validation reports the core's errors and skips what is unknown") {
  Value bad = conform(Value{{"nodes", {"a@h"}}, {"seed", "b@h"}}, cluster_schema());
  Diagnostics errors = validate_cluster(bad);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].detail.rfind("seed: 'b@h' is not one of", 0) == 0);

  Value pending = conform(Value{{"nodes", unknown()}, {"seed", "b@h"}}, cluster_schema());
  CHECK(validate_cluster(pending).empty());
}

TEST_CASE("with nodes not known yet, plan contacts nothing and leaves the observed attributes unknown") {
  ProviderContext context;
  Value config = conform(Value{{"nodes", {"a@h", unknown()}}}, cluster_schema());
  Result result = plan_cluster(context, Value(nullptr), config, config);
  CHECK(result.diagnostics.empty());
  for (const char* key : {"id", "members", "running", "unreachable", "placement", "planned_actions"}) {
    CAPTURE(key);
    CHECK(is_unknown(result.state[key]));
  }
  CHECK(result.state["cookie"].is_null());
}

TEST_CASE("destroy leaves the cluster alone: a null state and a warning") {
  ProviderContext context;
  Value prior = conform(Value{{"id", "a@h"}, {"nodes", {"a@h"}}}, cluster_schema());
  Result result = apply_cluster(context, prior, Value(nullptr), Value(nullptr));
  CHECK(result.state.is_null());
  REQUIRE(result.diagnostics.size() == 1);
  CHECK(result.diagnostics[0].severity == Diagnostic::Severity::kWarning);
}

}  // namespace
}  // namespace ejcluster::tf
