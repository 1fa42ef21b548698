#include "model/desired_state.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <set>

#include "model/storage_type.h"
#include "util/join.h"

namespace ejcluster::cluster {
namespace {

using nlohmann::json;

constexpr std::int64_t kMaxTimeoutMs = 24LL * 3600 * 1000;  // a day: beyond it, a typo

std::string type_name(const json& value) {
  switch (value.type()) {
    case json::value_t::null: return "null";
    case json::value_t::boolean: return "a boolean";
    case json::value_t::string: return "a string";
    case json::value_t::object: return "an object";
    case json::value_t::array: return "an array";
    case json::value_t::number_float: return "a number with a fraction";
    default: return "a number";
  }
}

class Parser {
 public:
  std::vector<InputError> errors;

  void error(const std::string& path, std::string message) { errors.push_back({path, std::move(message)}); }

  // Reports every key of `object` outside `known`.
  void reject_unknown_keys(const json& object, const std::string& path, const std::set<std::string>& known) {
    for (const auto& [key, value] : object.items()) {
      if (!known.count(key)) {
        error(path + "." + key, "unknown key (known keys: " + util::join({known.begin(), known.end()}) + ")");
      }
    }
  }

  bool expect(const json& value, json::value_t type, const std::string& path, const char* what) {
    bool ok = value.type() == type || (type == json::value_t::number_integer && value.is_number_unsigned());
    if (!ok) error(path, std::string("must be ") + what + ", not " + type_name(value));
    return ok;
  }

  void nodes(const json& value, DesiredState& out) {
    const std::string path = "$.nodes";
    if (!expect(value, json::value_t::array, path, "an array of node names")) return;
    if (value.empty()) return error(path, "must list at least one node");
    std::set<std::string> seen;
    for (std::size_t i = 0; i < value.size(); ++i) {
      std::string item_path = path + "[" + std::to_string(i) + "]";
      if (!expect(value[i], json::value_t::string, item_path, "a node name string")) continue;
      auto name = erl::NodeName::parse(value[i].get<std::string>());
      if (!name) {
        error(item_path, name.error());
        continue;
      }
      if (!seen.insert(name->full()).second) {
        error(item_path, "'" + name->full() + "' is listed twice");
        continue;
      }
      out.nodes.push_back(*name);
    }
    for (std::size_t i = 1; i < out.nodes.size(); ++i) {
      if (out.nodes[i].mode() != out.nodes[0].mode()) {
        error(path, "mixes short and long node names ('" + out.nodes[0].full() + "' is a " +
                        std::string(erl::to_string(out.nodes[0].mode())) + " name, '" + out.nodes[i].full() +
                        "' a " + std::string(erl::to_string(out.nodes[i].mode())) +
                        " one); Erlang distribution cannot mix them");
        break;
      }
    }
  }

  std::optional<std::string> string_value(const json& value, const std::string& path, const char* what) {
    if (!expect(value, json::value_t::string, path, what)) return std::nullopt;
    return value.get<std::string>();
  }

  void table(const std::string& name, const json& value, DesiredState& out) {
    const std::string path = "$.tables." + name;
    if (!expect(value, json::value_t::object, path, "an object with \"type\" or per-type node lists")) return;
    std::set<std::string> known{"type"};
    for (StorageType type : kStorageTypes) known.insert(std::string(to_string(type)));
    reject_unknown_keys(value, path, known);
    TableRequest request;
    if (value.contains("type")) {
      auto word = string_value(value["type"], path + ".type", "a storage type string");
      request.type = word ? parse_storage_type(*word) : std::nullopt;
      if (word && !request.type) {
        error(path + ".type", "'" + *word + "' is not a storage type (ram_copies, disc_copies, disc_only_copies)");
      }
    }
    std::set<std::string> placed;
    for (StorageType type : kStorageTypes) {
      const std::string key(to_string(type));
      if (!value.contains(key)) continue;
      std::string list_path = path + "." + key;
      if (value.contains("type")) {
        error(list_path, "give either \"type\" or per-type node lists, not both");
        continue;
      }
      const json& list = value[key];
      if (!expect(list, json::value_t::array, list_path, "an array of node names")) continue;
      auto& nodes = request.copies[type];
      for (std::size_t i = 0; i < list.size(); ++i) {
        std::string item_path = list_path + "[" + std::to_string(i) + "]";
        auto node = string_value(list[i], item_path, "a node name string");
        if (!node) continue;
        bool member = std::any_of(out.nodes.begin(), out.nodes.end(), [&](const erl::NodeName& n) { return n.full() == *node; });
        if (!member) {
          error(item_path, "'" + *node + "' is not one of $.nodes");
        } else if (std::find(nodes.begin(), nodes.end(), *node) != nodes.end()) {
          error(item_path, "'" + *node + "' is listed twice");
        } else if (!placed.insert(*node).second) {
          error(item_path, "'" + *node + "' is given more than one storage type for table " + name);
        } else {
          nodes.push_back(*node);
        }
      }
      std::sort(nodes.begin(), nodes.end());
    }
    if (!value.contains("type") && request.copies.empty()) {
      error(path, "give \"type\" or at least one of ram_copies, disc_copies, disc_only_copies");
    }
    out.tables[name] = std::move(request);
  }

  void timeouts(const json& value, DesiredState& out) {
    const std::string path = "$.timeouts_ms";
    if (!expect(value, json::value_t::object, path, "an object")) return;
    reject_unknown_keys(value, path, {"connect", "rpc", "table_sync", "lock"});
    auto read = [&](const char* key, std::chrono::milliseconds& target) {
      if (!value.contains(key)) return;
      std::string item_path = path + "." + key;
      const json& item = value[key];
      // A whole number past 64 bits reaches us as a float: it is too large, not a fraction.
      if (item.is_number_float() && std::isfinite(item.get<double>()) && std::trunc(item.get<double>()) == item.get<double>() &&
          std::fabs(item.get<double>()) > 9.2e18) {
        return error(item_path, item.get<double>() < 0 ? "must be more than 0 ms"
                                                       : "is too large: must be at most " + std::to_string(kMaxTimeoutMs) + " ms (a day)");
      }
      if (!expect(item, json::value_t::number_integer, item_path, "a whole number of milliseconds")) return;
      std::int64_t ms = item.is_number_unsigned() && item.get<std::uint64_t>() > std::uint64_t(kMaxTimeoutMs)
                            ? kMaxTimeoutMs + 1
                            : item.get<std::int64_t>();
      if (ms <= 0) return error(item_path, "must be more than 0 ms");
      if (ms > kMaxTimeoutMs) return error(item_path, "is too large: must be at most " + std::to_string(kMaxTimeoutMs) + " ms (a day)");
      target = std::chrono::milliseconds(ms);
    };
    read("connect", out.timeouts.connect);
    read("rpc", out.timeouts.rpc);
    read("table_sync", out.timeouts.table_sync);
    read("lock", out.timeouts.lock);
  }

  void dist_port(const json& value, DesiredState& out) {
    const char* what = "a TCP port number, 1 to 65535 (the nodes' ERL_DIST_PORT)";
    if (!expect(value, json::value_t::number_integer, "$.dist_port", what)) return;
    std::int64_t port = value.is_number_unsigned() && value.get<std::uint64_t>() > 65535 ? 0 : value.get<std::int64_t>();
    if (port < 1 || port > 65535) return error("$.dist_port", std::string("must be ") + what);
    out.dist_port = static_cast<int>(port);
  }

  // A path on every node's host, so it is absolute: a relative one would depend on each node's
  // working directory.
  void backup_dir(const json& value, DesiredState& out) {
    const std::string path = "$.backup_dir";
    auto text = string_value(value, path, "an absolute directory path on the nodes' hosts");
    if (!text) return;
    if (text->empty() || text->front() != '/') return error(path, "must be an absolute path (it is used on every node's host)");
    if (text->find('\0') != std::string::npos) return error(path, "must not contain a NUL character");
    // Whether it lies inside a node's Mnesia directory is judged on the node, part by part.
    for (std::size_t start = 1; start <= text->size();) {
      std::size_t end = std::min(text->find('/', start), text->size());
      std::string_view part = std::string_view(*text).substr(start, end - start);
      if (part == "." || part == "..") return error(path, "must not contain \".\" or \"..\" parts");
      start = end + 1;
    }
    out.backup_dir = *text;
  }

  // Erlang distribution over TLS, named as in Erlang's ssl_dist optfile. The files are read
  // when the client is made (cli), not here.
  void tls(const json& value, DesiredState& out) {
    const std::string path = "$.tls";
    if (!expect(value, json::value_t::object, path, "an object (certfile, keyfile, cacertfile, verify)")) return;
    reject_unknown_keys(value, path, {"certfile", "keyfile", "cacertfile", "verify"});
    erl::TlsOptions options;
    auto file = [&](const char* key, std::string& target) {
      if (!value.contains(key)) return;
      auto text = string_value(value[key], path + "." + key, "a file path string");
      if (text && text->empty()) return error(path + "." + key, "must not be empty");
      if (text) target = *text;
    };
    file("certfile", options.certfile);
    file("keyfile", options.keyfile);
    file("cacertfile", options.cacertfile);
    if (value.contains("verify") && expect(value["verify"], json::value_t::boolean, path + ".verify", "true or false")) {
      options.verify = value["verify"].get<bool>();
    }
    if (!options.keyfile.empty() && options.certfile.empty()) {
      error(path + ".keyfile", "is the key of a certificate: give certfile too");
    }
    if (options.verify && options.cacertfile.empty() && !value.contains("cacertfile")) {
      error(path + ".cacertfile", "is required to check the nodes' certificates (or \"verify\": false, which trusts any node)");
    }
    out.tls = std::move(options);
  }

  void document(const json& root, DesiredState& out) {
    if (!expect(root, json::value_t::object, "$", "a JSON object")) return;
    reject_unknown_keys(root, "$", {"$schema", "nodes", "seed", "cookie", "cookie_file", "tables", "remove_absent", "allow_data_loss",
                                  "app", "timeouts_ms", "heal_partitions", "force_load_from", "tls", "allow_version_skew",
                                  "dist_port", "backup_dir"});
    // "$schema" lets an editor find the JSON Schema; it means nothing here but must be a string.
    if (root.contains("$schema")) string_value(root["$schema"], "$.$schema", "a string (where the JSON Schema is)");
    if (!root.contains("nodes")) {
      error("$.nodes", "is required: the list of member node names");
    } else {
      nodes(root["nodes"], out);
    }
    if (root.contains("seed")) {
      out.seed = string_value(root["seed"], "$.seed", "a node name string");
      bool member = out.seed && std::any_of(out.nodes.begin(), out.nodes.end(), [&](const erl::NodeName& n) { return n.full() == *out.seed; });
      if (out.seed && !member) error("$.seed", "'" + *out.seed + "' is not one of $.nodes");
    }
    if (root.contains("cookie")) out.cookie.inline_value = string_value(root["cookie"], "$.cookie", "a string");
    if (root.contains("cookie_file")) out.cookie.file = string_value(root["cookie_file"], "$.cookie_file", "a file path string");
    if (root.contains("cookie") && root.contains("cookie_file")) error("$.cookie", "give \"cookie\" or \"cookie_file\", not both");
    if (root.contains("tables") && expect(root["tables"], json::value_t::object, "$.tables", "an object keyed by table name")) {
      for (const auto& [name, value] : root["tables"].items()) table(name, value, out);
    }
    if (root.contains("remove_absent") &&
        expect(root["remove_absent"], json::value_t::boolean, "$.remove_absent", "true or false")) {
      out.remove_absent = root["remove_absent"].get<bool>();
    }
    if (root.contains("app")) {
      if (root["app"].is_null()) {
        out.app.reset();
      } else {
        out.app = string_value(root["app"], "$.app", "an application name string or null");
        if (out.app && out.app->empty()) error("$.app", "must not be empty (use null for plain Mnesia nodes)");
      }
    }
    if (root.contains("allow_data_loss")) allow_data_loss(root["allow_data_loss"], out);
    if (root.contains("allow_version_skew") &&
        expect(root["allow_version_skew"], json::value_t::boolean, "$.allow_version_skew", "true or false")) {
      out.allow_version_skew = root["allow_version_skew"].get<bool>();
    }
    if (root.contains("dist_port")) dist_port(root["dist_port"], out);
    if (root.contains("backup_dir")) backup_dir(root["backup_dir"], out);
    if (root.contains("heal_partitions") &&
        expect(root["heal_partitions"], json::value_t::boolean, "$.heal_partitions", "true or false")) {
      out.heal_partitions = root["heal_partitions"].get<bool>();
    }
    if (root.contains("force_load_from")) {
      out.force_load_from = string_value(root["force_load_from"], "$.force_load_from", "a node name string");
      if (out.force_load_from && !is_member(out, *out.force_load_from)) {
        error("$.force_load_from", "'" + *out.force_load_from + "' is not one of $.nodes");
      }
    }
    if (root.contains("timeouts_ms")) timeouts(root["timeouts_ms"], out);
    if (root.contains("tls")) tls(root["tls"], out);
    schema_placement(out);
    if (out.app && !out.app->empty()) ejabberd_placement(out);
  }

  void allow_data_loss(const json& value, DesiredState& out) {
    const std::string path = "$.allow_data_loss";
    if (!expect(value, json::value_t::array, path, "an array of member node names")) return;
    for (std::size_t i = 0; i < value.size(); ++i) {
      std::string item_path = path + "[" + std::to_string(i) + "]";
      auto node = string_value(value[i], item_path, "a node name string");
      if (!node) continue;
      if (!is_member(out, *node)) {
        error(item_path, "'" + *node + "' is not one of $.nodes");
      } else if (out.seed && *out.seed == *node) {
        error(item_path, "'" + *node + "' is the seed: the seed's data is what the others keep");
      } else {
        out.allow_data_loss.push_back(*node);
      }
    }
  }

  // ejabberd re-adds a member's missing replica at boot, and the schema must stay on disc: such
  // placements would be undone by the next restart, so they are refused up front.
  void ejabberd_placement(const DesiredState& out) {
    for (const auto& [name, request] : out.tables) {
      const std::string path = "$.tables." + name;
      if (name == "schema") continue;  // schema_placement() covers it
      if (request.type || request.copies.empty()) continue;  // the latter is reported already
      std::size_t placed = 0;
      for (const auto& [type, nodes] : request.copies) placed += nodes.size();
      if (placed < out.nodes.size()) {
        error(path, "leaves a member without a copy of " + name +
                        ": on ejabberd nodes every member holds every table (ejabberd re-adds a missing copy when "
                        "it starts), so list every member; for plain Mnesia nodes set \"app\": null");
      }
    }
  }

  // A member without a schema copy is no member, and a ram schema cannot hold disc tables: the
  // schema is disc_copies on every member (membership changes through nodes/remove_absent).
  void schema_placement(const DesiredState& out) {
    auto request = out.tables.find("schema");
    if (request == out.tables.end()) return;
    const TableRequest& schema = request->second;
    std::size_t elsewhere = 0;  // nodes given another type (an empty list names none)
    for (const auto& [type, nodes] : schema.copies) elsewhere += type == StorageType::kDisc ? 0 : nodes.size();
    bool all_disc = schema.type ? *schema.type == StorageType::kDisc
                                : elsewhere == 0 && schema.copies.count(StorageType::kDisc) &&
                                      schema.copies.at(StorageType::kDisc).size() == out.nodes.size();
    if (!all_disc) {
      error("$.tables.schema", "the schema must be disc_copies on every member (membership is set by \"nodes\")");
    }
  }

  static bool is_member(const DesiredState& out, const std::string& node) {
    return std::any_of(out.nodes.begin(), out.nodes.end(), [&](const erl::NodeName& n) { return n.full() == node; });
  }
};

// Where and what the parser found, without its "last read: '...'" excerpt or the column: either
// could give away a cookie (its text, or its length).
std::string describe(const json::parse_error& e, std::string_view text) {
  std::string what = e.what();
  if (auto detail = what.find(": "); detail != std::string::npos) what.erase(0, detail + 2);
  if (auto excerpt = what.find("; last read"); excerpt != std::string::npos) what.erase(excerpt);
  std::size_t line = 1 + std::count(text.begin(), text.begin() + std::min(e.byte, text.size()), '\n');
  return "not valid JSON (line " + std::to_string(line) + "): " + what;
}

}  // namespace

std::expected<DesiredState, std::vector<InputError>> parse_desired_state(std::string_view json_text) {
  json root;
  try {
    root = json::parse(json_text);
  } catch (const json::parse_error& e) {
    bool blank = json_text.find_first_not_of(" \t\r\n") == std::string_view::npos;
    return std::unexpected(std::vector<InputError>{{"$", blank ? "no input: expected a JSON object" : describe(e, json_text)}});
  } catch (const json::exception& e) {  // e.g. a number too large for a double
    return std::unexpected(std::vector<InputError>{{"$", "not usable JSON: " + std::string(e.what()).substr(std::string(e.what()).find("] ") + 2)}});
  }
  Parser parser;
  DesiredState state;
  parser.document(root, state);
  if (!parser.errors.empty()) return std::unexpected(std::move(parser.errors));
  return state;
}

}  // namespace ejcluster::cluster
