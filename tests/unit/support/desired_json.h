// A DesiredState for tests, parsed from JSON the way the CLI does: {"nodes": [...], <extra>}.
#pragma once

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "model/desired_state.h"

namespace ejcluster::testing {

inline cluster::DesiredState desired_state(const std::vector<std::string>& nodes, const std::string& extra = "") {
  std::string json = "{\"nodes\": [";
  for (std::size_t i = 0; i < nodes.size(); ++i) json += (i ? ", \"" : "\"") + nodes[i] + "\"";
  json += "], \"cookie\": \"secret\"" + (extra.empty() ? "" : ", " + extra) + "}";
  auto parsed = cluster::parse_desired_state(json);
  if (!parsed) {
    std::string errors;
    for (const auto& e : parsed.error()) errors += e.to_string() + "\n";
    FAIL("the test's desired state does not parse: " << json << "\n" << errors);
  }
  return *parsed;
}

}  // namespace ejcluster::testing
