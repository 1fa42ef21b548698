// Reading the desired state for a command: from --file or stdin, parsed, with the cookie resolved.
#pragma once

#include <expected>
#include <optional>
#include <string>
#include <vector>

#include "model/desired_state.h"
#include "erl/cookie.h"

namespace ejcluster::cli {

struct Input {
  cluster::DesiredState desired;
  erl::ResolvedCookie cookie;
};

// `file` empty or "-": standard input. Errors carry JSON paths where they have one.
std::expected<Input, std::vector<cluster::InputError>> read_input(const std::string& file);

}  // namespace ejcluster::cli
