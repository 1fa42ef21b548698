// The report of `plan` and `apply` (README "The report"), as JSON and as text for people.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "model/outcome.h"

namespace ejcluster::report {

nlohmann::ordered_json outcome_to_json(const cluster::Outcome& outcome, const cluster::DesiredState& desired);

// Like `terraform plan`: one line per action, then refusals, errors and a summary.
std::string outcome_to_text(const cluster::Outcome& outcome);

// The action and refusal lines of the text report, without indentation or the error under a
// failed action: "+ join b@h via a@h (...)", in apply with "  [done, 812 ms]"; "! refused ...".
std::vector<std::string> action_lines(const cluster::Outcome& outcome);

}  // namespace ejcluster::report
