// Pre-flight: what would make a join fail or do harm, checked before any step runs. A plain
// judgement of facts that the effects layer gathers (cluster/preflight_facts.h); a check that fails
// refuses the join it endangers, and every step on that node with it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/cluster_state.h"
#include "model/desired_state.h"
#include "model/plan.h"

namespace ejcluster::cluster {

// What a plan's joins need to know beyond the observation, per joining node. A fact left out
// (the node did not say) is not judged: the check is reported as not run.
struct JoinFacts {
  std::optional<bool> reaches_seed;            // the joining node reaches the seed's epmd and distribution port
  std::string reach_error;                     // how it did not, as the node said
  std::optional<std::int64_t> free_bytes;      // free space where its Mnesia directory is
  std::optional<std::int64_t> needed_bytes;    // its disc copies' size, by the seed's own accounting
  std::optional<std::vector<std::string>> hosts;  // the ejabberd virtual hosts it serves
  std::string detail;                          // why a fact is missing, when one is
};

struct PreflightFacts {
  std::map<std::string, JoinFacts> joining;  // by joining node
  std::optional<std::vector<std::string>> seed_hosts;
};

struct Check {
  enum class Status { kPassed, kFailed, kNotRun };
  std::string name;  // "versions", "reaches_seed", "disk_space", "virtual_hosts", "reachable"
  std::string node;  // the joining node it is about; empty for the cluster as a whole
  Status status = Status::kPassed;
  std::string detail;

  bool operator==(const Check&) const = default;
};

std::string_view to_string(Check::Status status);

// Whether every listed node answered: the one check of the cluster as a whole, made once a run.
Check reachable_check(const ClusterState& state);

// The checks of `plan`'s joins against `state` and `facts`.
std::vector<Check> join_checks(const Plan& plan, const ClusterState& state, const DesiredState& desired,
                               const PreflightFacts& facts);

// `plan` without the joins a failed check endangers, nor any other step on those nodes; each
// refused join is a refusal that says which check failed and why.
Plan refuse_failed_checks(Plan plan, const std::vector<Check>& checks);

// OTP releases whose majors differ by more than this are not joined: a release is guaranteed to
// talk to the two before it (OTP's compatibility rule, which Mnesia's schema merge follows).
inline constexpr int kMaxOtpSkew = 2;

}  // namespace ejcluster::cluster
