// From Terraform attributes to the contract's desired state (README "The desired state"), and
// from the contract's JSON paths back to attribute paths.
//
// The provider holds no rules of its own: it writes the attributes into the desired-state JSON
// and lets cluster::parse_desired_state() judge it, so Terraform users get the CLI's checks and
// messages. Only what has no JSON counterpart is checked here (plain_mnesia together with app).
#pragma once

#include <cstdint>
#include <expected>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/desired_state.h"
#include "erl/cookie.h"
#include "erl/tls_transport.h"
#include "value.h"

namespace ejcluster::tf {

// One step of an attribute path (tfplugin6 AttributePath.Step).
struct PathStep {
  enum class Kind { kAttribute, kKey, kIndex };
  Kind kind = Kind::kAttribute;
  std::string name;       // attribute name or map key
  std::int64_t index = 0;  // list index

  bool operator==(const PathStep&) const = default;
};
using AttributePath = std::vector<PathStep>;

struct Diagnostic {
  enum class Severity { kError, kWarning };
  Severity severity = Severity::kError;
  std::string summary;
  std::string detail;
  AttributePath path;  // empty: the whole resource
};
using Diagnostics = std::vector<Diagnostic>;

bool has_errors(const Diagnostics& diagnostics);

// The desired-state JSON for a resource's or data source's configuration object. Attributes that
// are null are left out (the contract's defaults apply). Unknown attributes are left out too, and
// `complete` says whether any was.
struct DesiredJson {
  nlohmann::json json = nlohmann::json::object();
  bool complete = true;
};
DesiredJson desired_json(const Value& config);

// "$.tables.roster.disc_copies[1]" -> tables["roster"].disc_copies[1], using `config` to tell
// table names (which may contain dots) from what follows them. Unmappable parts are dropped.
AttributePath attribute_path(const std::string& json_path, const Value& config);

// The path as a user writes it in configuration: timeouts.rpc_ms, tables["roster"].type, nodes[1].
std::string path_text(const AttributePath& path);

// The part of `path` that Terraform can find in the configuration to underline: the top-level
// attribute, and an index or map key right after it. (Terraform looks only through nested blocks,
// not into nested attributes' values; a longer path points at the resource header instead.)
AttributePath locatable_path(const AttributePath& path);

// Input errors as error diagnostics on their attributes: the detail names the attribute as the
// user wrote it, the path is what Terraform underlines.
Diagnostics input_diagnostics(const std::vector<cluster::InputError>& errors, const Value& config,
                              const std::string& summary);

// Checks that have no place in the desired-state JSON.
Diagnostics check_attributes(const Value& config);

// The cookie used when a resource or data source gives none (the provider block's).
struct CookieDefaults {
  std::optional<std::string> cookie;
  std::optional<std::string> cookie_file;
};

// Parses the configuration into a DesiredState (errors as diagnostics on attributes) and fills in
// the cookie: the object's own, else `defaults`, else $HOME/.erlang.cookie.
struct Desired {
  cluster::DesiredState state;
  erl::ResolvedCookie cookie;
  std::shared_ptr<erl::TlsTransport> tls;  // from state.tls, its files loaded; null without tls
};
std::expected<Desired, Diagnostics> desired_from_config(const Value& config, const CookieDefaults& defaults);

}  // namespace ejcluster::tf
