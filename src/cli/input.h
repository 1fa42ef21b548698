// Reading the desired state for a command: from --file or stdin, parsed, with the cookie resolved.
#pragma once

#include <expected>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/desired_state.h"
#include "erl/cookie.h"
#include "erl/tls_transport.h"

namespace ejcluster::cli {

struct Input {
  cluster::DesiredState desired;
  erl::ResolvedCookie cookie;
  std::shared_ptr<erl::TlsTransport> tls;  // from desired.tls, its files loaded; null without tls
};

// `file` empty or "-": standard input. Errors carry JSON paths where they have one: a TLS file
// that cannot be used is reported at its key ($.tls.keyfile), like any other bad input.
std::expected<Input, std::vector<cluster::InputError>> read_input(const std::string& file);

}  // namespace ejcluster::cli
