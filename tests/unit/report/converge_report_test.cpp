// report/converge_report.h: the JSON and text reports of plan and apply, as golden files: the
// whole report for a small outcome, so any change to what a face or a person reads shows here.
#include "report/converge_report.h"

#include <doctest/doctest.h>

#include "model/desired_state.h"

namespace ejcluster::report {
namespace {

using enum cluster::StorageType;

using cluster::ActionResult;
using cluster::Step;
using cluster::StepKind;

const std::string n1 = "ej1@localhost", n2 = "ej2@localhost", n3 = "ej3@localhost";

cluster::DesiredState desired() {
  auto parsed = cluster::parse_desired_state(R"({"nodes": ["ej1@localhost", "ej2@localhost", "ej3@localhost"], "cookie": "c"})");
  REQUIRE(parsed.has_value());
  return *parsed;
}

cluster::NodeView running(const std::string& node, std::vector<std::string> db_nodes) {
  cluster::NodeView view{.node = node, .mnesia = cluster::MnesiaState::kRunning, .db_nodes = db_nodes, .running_db_nodes = db_nodes,
                         .otp_release = "25", .mnesia_directory = "/var/lib/ejabberd/" + node};
  view.applications = {{"ejabberd", "23.01"}};
  return view;
}

// ej1 alone with roster (disc_only) and schema; ej2 fresh; ej3 does not answer.
cluster::ClusterState before() {
  cluster::Cluster alone{.members = {n1}, .running = {n1}, .observed_via = {n1}};
  alone.tables["roster"] = {.kind = "set", .copies = {{kDiscOnly, {n1}}}, .size = {{n1, 2}}};
  alone.tables["schema"] = {.kind = "set", .copies = {{kDisc, {n1}}}, .size = {{n1, 9}}};
  cluster::Cluster fresh{.members = {n2}, .running = {n2}, .observed_via = {n2}};
  cluster::NodeView down{.node = n3, .error = erl::ErlError{erl::ErlError::Kind::kNotRegistered, n3, ""}};
  return {.nodes = {running(n1, {n1}), running(n2, {n2}), down}, .clusters = {alone, fresh}, .unreachable = {n3}};
}

Step join_n2() {
  return {.kind = StepKind::kJoin, .node = n2, .via = n1, .tables = {{"schema", kDisc}, {"roster", kDiscOnly}}};
}

cluster::Outcome plan_outcome() {
  cluster::Outcome outcome{.mode = cluster::Mode::kPlan, .before = before()};
  outcome.plan.seed = n1;
  outcome.plan.steps = {join_n2()};
  outcome.plan.refused = {{.step = StepKind::kJoin, .node = n3, .reason = "ej3@localhost did not answer; it cannot be joined now"}};
  outcome.actions = {{.step = join_n2()}};
  outcome.errors = {"ej3@localhost: no node of that name is registered in epmd: is it started?",
                    "refused join on ej3@localhost: ej3@localhost did not answer; it cannot be joined now"};
  return outcome;
}

TEST_CASE("converge_report: the plan as text") {
  CHECK(outcome_to_text(plan_outcome()) ==
        "seed: ej1@localhost\n"
        "ejcluster will perform these actions:\n"
        "  + join ej2@localhost via ej1@localhost (resets its Mnesia schema; copies 2 tables)\n"
        "  ! refused join on ej3@localhost: ej3@localhost did not answer; it cannot be joined now\n"
        "unreachable: ej3@localhost: no node of that name is registered in epmd: is it started?\n"
        "Plan: 1 to do, 1 refused.\n");
}

TEST_CASE("converge_report: the plan as JSON, with the placement it leads to") {
  nlohmann::ordered_json report = outcome_to_json(plan_outcome(), desired());
  CHECK(report["mode"] == "plan");
  CHECK(report["seed"] == n1);
  CHECK(report["actions"].dump() ==
        R"([{"op":"join","node":"ej2@localhost","via":"ej1@localhost","tables":{"schema":"disc_copies","roster":"disc_only_copies"},)"
        R"("resets_node":true,"status":"planned"},)"
        R"({"op":"join","node":"ej3@localhost","status":"refused","reason":"ej3@localhost did not answer; it cannot be joined now"}])");
  CHECK(report["planned"].dump() ==
        R"({"members":["ej1@localhost","ej2@localhost"],"running":["ej1@localhost","ej2@localhost"],)"
        R"("tables":{"roster":{"disc_only_copies":["ej1@localhost","ej2@localhost"]},"schema":{"disc_copies":["ej1@localhost","ej2@localhost"]}}})");
  CHECK(report["before"]["members"] == nlohmann::ordered_json{n1});
  CHECK(report["after"].is_null());
  CHECK(report["unreachable"] == nlohmann::ordered_json{n3});
  CHECK(report["errors"].dump() ==
        R"([{"message":"ej3@localhost: no node of that name is registered in epmd: is it started?"},)"
        R"({"message":"refused join on ej3@localhost: ej3@localhost did not answer; it cannot be joined now"}])");
  std::vector<std::string> keys;
  for (const auto& [key, value] : report.items()) keys.push_back(key);
  CHECK(keys == std::vector<std::string>{"mode", "changed", "converged", "seed", "actions", "checks", "rolled_back",
                                         "backups", "planned", "before", "after", "unreachable", "warnings", "errors"});
}

TEST_CASE("converge_report: an apply that failed midway, as text: each action with its result") {
  cluster::Outcome outcome{.mode = cluster::Mode::kApply, .before = before()};
  outcome.plan.seed = n1;
  Step retype{.kind = StepKind::kChangeTableCopyType, .node = n1, .via = n1, .table = "roster", .type = kDisc,
              .from_type = kDiscOnly};
  outcome.actions = {{.step = join_n2(), .status = ActionResult::Status::kDone, .ms = 812},
                     {.step = retype, .status = ActionResult::Status::kFailed, .ms = 40,
                      .error = "mnesia:change_table_copy_type on ej1@localhost: {aborted,nope}"},
                     {.step = {.kind = StepKind::kDelTableCopy, .node = n2, .via = n1, .table = "roster",
                               .from_type = kDiscOnly},
                      .status = ActionResult::Status::kSkipped}};
  outcome.after = before();
  outcome.changed = true;
  CHECK(outcome_to_text(outcome) ==
        "seed: ej1@localhost\n"
        "Actions:\n"
        "  + join ej2@localhost via ej1@localhost (resets its Mnesia schema; copies 2 tables)  [done, 812 ms]\n"
        "  ~ change_table_copy_type roster on ej1@localhost: disc_only_copies -> disc_copies  [failed, 40 ms]\n"
        "      mnesia:change_table_copy_type on ej1@localhost: {aborted,nope}\n"
        "  - del_table_copy roster on ej2@localhost (was disc_only_copies)  [skipped]\n"
        "unreachable: ej3@localhost: no node of that name is registered in epmd: is it started?\n"
        "Apply: 1 done; the cluster is NOT in the desired state.\n");
  CHECK(action_lines(outcome) ==
        std::vector<std::string>{
            "+ join ej2@localhost via ej1@localhost (resets its Mnesia schema; copies 2 tables)  [done, 812 ms]",
            "~ change_table_copy_type roster on ej1@localhost: disc_only_copies -> disc_copies  [failed, 40 ms]",
            "- del_table_copy roster on ej2@localhost (was disc_only_copies)  [skipped]"});
  nlohmann::ordered_json report = outcome_to_json(outcome, desired());
  CHECK(report["actions"][0]["ms"] == 812);
  CHECK(report["actions"][1]["error"] == "mnesia:change_table_copy_type on ej1@localhost: {aborted,nope}");
  CHECK_FALSE(report["actions"][2].contains("ms"));
  CHECK(report["after"]["members"] == nlohmann::ordered_json{n1});
}

TEST_CASE("converge_report: no changes is said only of a cluster that is as desired") {
  cluster::Outcome converged{.mode = cluster::Mode::kPlan, .converged = true};
  converged.plan.seed = n1;
  CHECK(outcome_to_text(converged) ==
        "seed: ej1@localhost\n"
        "No changes: the cluster matches the desired state.\n"
        "Plan: 0 to do, 0 refused.\n");
}

// Regression (issue 11): a refused step with nothing else planned printed "No changes: the
// cluster matches the desired state." above the refusal and "NOT in the desired state".
TEST_CASE("converge_report: a refusal with nothing planned is not reported as no changes") {
  for (cluster::Mode mode : {cluster::Mode::kPlan, cluster::Mode::kApply}) {
    cluster::Outcome outcome{.mode = mode};
    outcome.plan.seed = n1;
    outcome.plan.refused = {{.step = StepKind::kJoin, .node = n2, .reason = "ej2@localhost holds data"}};
    std::string text = outcome_to_text(outcome);
    CAPTURE(text);
    CHECK(text.find("No changes") == std::string::npos);
    CHECK(text.find("No actions can be taken; the cluster is NOT in the desired state:\n"
                    "  ! refused join on ej2@localhost: ej2@localhost holds data\n") != std::string::npos);
  }
}

}  // namespace
}  // namespace ejcluster::report

namespace ejcluster::report {

TEST_CASE("converge_report: a step that backed up names its backup, in the action and in backups") {
  cluster::Outcome outcome{.mode = cluster::Mode::kApply, .before = before()};
  Step removal{.kind = StepKind::kRemoveNode, .node = n2, .via = n1, .node_running = true, .backup = true};
  const std::string path = "/var/lib/ejcluster/backups/ej2@localhost/20261202T193448Z-remove_node.mnesia-backup";
  outcome.actions = {{.step = removal, .status = ActionResult::Status::kDone, .ms = 40,
                      .backup = cluster::NodeBackup{.node = n2, .path = path, .bytes = 4604}}};
  auto report = outcome_to_json(outcome, desired());
  const nlohmann::ordered_json expected = {{"node", n2}, {"path", path}, {"bytes", 4604}, {"kind", "mnesia_backup"}};
  CHECK(report["actions"][0]["backs_up"] == true);
  CHECK(report["actions"][0]["backup"] == expected);
  nlohmann::ordered_json listed = expected;
  listed["op"] = "remove_node";
  CHECK(report["backups"] == nlohmann::ordered_json::array({listed}));
  const std::string text = outcome_to_text(outcome);
  CHECK(text.find("remove_node ej2@localhost (it leaves and restarts alone), after a backup of its data  [done, 40 ms]") != std::string::npos);
  CHECK(text.find("      backup: " + path + " on ej2@localhost (4604 bytes)\n") != std::string::npos);
}

}  // namespace ejcluster::report
