#include "desired_config.h"

#include <cstdlib>

namespace ejcluster::tf {
namespace {

using nlohmann::json;

// Attribute name -> the desired state's key, for attributes copied as they are.
constexpr std::pair<const char*, const char*> kPlainKeys[] = {
    {"nodes", "nodes"},           {"seed", "seed"},
    {"remove_absent", "remove_absent"}, {"allow_data_loss", "allow_data_loss"},
    {"app", "app"},               {"cookie_file", "cookie_file"},
    {"cookie", "cookie"},         {"heal_partitions", "heal_partitions"},
    {"force_load_from", "force_load_from"}, {"allow_version_skew", "allow_version_skew"},
    {"dist_port", "dist_port"},   {"backup_dir", "backup_dir"},
};

// Timeout attribute -> the key in timeouts_ms.
constexpr std::pair<const char*, const char*> kTimeoutKeys[] = {
    {"connect_ms", "connect"}, {"rpc_ms", "rpc"}, {"table_sync_ms", "table_sync"}, {"lock_ms", "lock"}};

// Terraform numbers arrive as msgpack integers when whole; a fraction is passed on as it is, so
// that the parser names it.
json number(const Value& value) { return value; }

json table_json(const Value& table, bool& complete) {
  json out = json::object();
  for (const char* key : {"type", "ram_copies", "disc_copies", "disc_only_copies"}) {
    const Value& item = attribute(table, key);
    if (item.is_null()) continue;
    if (!is_wholly_known(item)) {
      complete = false;
      continue;
    }
    out[key] = item;
  }
  return out;
}

std::optional<std::int64_t> parse_index(const std::string& text) {
  if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  return std::stoll(text);
}

// Appends the steps for "name[3][4]..." / "name" to `path`.
void append_segment(std::string segment, AttributePath& path, bool as_key) {
  std::size_t bracket = segment.find('[');
  std::string name = segment.substr(0, bracket);
  if (!name.empty()) path.push_back({as_key ? PathStep::Kind::kKey : PathStep::Kind::kAttribute, name, 0});
  while (bracket != std::string::npos) {
    std::size_t close = segment.find(']', bracket);
    if (close == std::string::npos) return;
    if (auto index = parse_index(segment.substr(bracket + 1, close - bracket - 1))) {
      path.push_back({PathStep::Kind::kIndex, "", *index});
    }
    bracket = segment.find('[', close);
  }
}

std::vector<std::string> split_dots(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    std::size_t dot = text.find('.', start);
    out.push_back(text.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
    if (dot == std::string::npos) return out;
    start = dot + 1;
  }
}

}  // namespace

bool has_errors(const Diagnostics& diagnostics) {
  for (const auto& d : diagnostics) {
    if (d.severity == Diagnostic::Severity::kError) return true;
  }
  return false;
}

DesiredJson desired_json(const Value& config) {
  DesiredJson out;
  auto copy = [&](const char* attr, const char* key) {
    const Value& value = attribute(config, attr);
    if (value.is_null()) return;
    if (!is_wholly_known(value)) {
      out.complete = false;
      return;
    }
    out.json[key] = value;
  };
  for (const auto& [attr, key] : kPlainKeys) copy(attr, key);

  const Value& plain = attribute(config, "plain_mnesia");
  if (is_unknown(plain)) out.complete = false;
  if (plain.is_boolean() && plain.get<bool>() && !out.json.contains("app")) out.json["app"] = nullptr;

  const Value& tables = attribute(config, "tables");
  if (is_unknown(tables)) {
    out.complete = false;
  } else if (tables.is_object()) {
    json converted = json::object();
    for (const auto& [name, table] : tables.items()) {
      if (is_unknown(table)) {
        out.complete = false;
        continue;
      }
      if (!table.is_null()) converted[name] = table_json(table, out.complete);
    }
    out.json["tables"] = std::move(converted);
  }

  const Value& timeouts = attribute(config, "timeouts");
  if (is_unknown(timeouts)) {
    out.complete = false;
  } else if (timeouts.is_object()) {
    json converted = json::object();
    for (const auto& [attr, key] : kTimeoutKeys) {
      const Value& item = attribute(timeouts, attr);
      if (item.is_null()) continue;
      if (is_unknown(item)) {
        out.complete = false;
        continue;
      }
      converted[key] = number(item);
    }
    if (!converted.empty()) out.json["timeouts_ms"] = std::move(converted);
  }

  const Value& tls = attribute(config, "tls");
  if (is_unknown(tls)) {
    out.complete = false;
  } else if (tls.is_object()) {
    json converted = json::object();
    for (const char* key : {"certfile", "keyfile", "cacertfile", "verify"}) {
      const Value& item = attribute(tls, key);
      if (item.is_null()) continue;
      if (is_unknown(item)) {
        out.complete = false;
        continue;
      }
      converted[key] = item;
    }
    out.json["tls"] = std::move(converted);
  }
  return out;
}

AttributePath attribute_path(const std::string& json_path, const Value& config) {
  AttributePath path;
  if (json_path.rfind("$.", 0) != 0) return path;
  std::string rest = json_path.substr(2);

  if (rest.rfind("tables.", 0) == 0) {
    path.push_back({PathStep::Kind::kAttribute, "tables", 0});
    std::string after = rest.substr(7);
    // The longest configured table name that `after` starts with, followed by '.' or the end.
    std::string table;
    const Value& tables = attribute(config, "tables");
    if (tables.is_object()) {
      for (const auto& [name, unused] : tables.items()) {
        bool fits = after.rfind(name, 0) == 0 && (after.size() == name.size() || after[name.size()] == '.');
        if (fits && name.size() > table.size()) table = name;
      }
    }
    if (table.empty()) table = after.substr(0, after.find('.'));
    path.push_back({PathStep::Kind::kKey, table, 0});
    if (after.size() > table.size() + 1) append_segment(after.substr(table.size() + 1), path, false);
    return path;
  }
  if (rest == "tls" || rest.rfind("tls.", 0) == 0) {
    path.push_back({PathStep::Kind::kAttribute, "tls", 0});
    if (rest.size() > 4) path.push_back({PathStep::Kind::kAttribute, rest.substr(4), 0});
    return path;
  }
  if (rest.rfind("timeouts_ms", 0) == 0) {
    path.push_back({PathStep::Kind::kAttribute, "timeouts", 0});
    if (rest.size() > 12) {
      std::string key = rest.substr(12);
      for (const auto& [attr, name] : kTimeoutKeys) {
        if (key == name) path.push_back({PathStep::Kind::kAttribute, attr, 0});
      }
    }
    return path;
  }
  std::vector<std::string> parts = split_dots(rest);
  std::string first = parts.front().substr(0, parts.front().find('['));
  if (first == "app" && attribute(config, "app").is_null()) {
    path.push_back({PathStep::Kind::kAttribute, "plain_mnesia", 0});
    return path;
  }
  for (const auto& [attr, key] : kPlainKeys) {
    if (first == key) {
      append_segment(parts.front(), path, false);
      return path;
    }
  }
  return path;  // "$" or a key with no attribute: the whole object
}

std::string path_text(const AttributePath& path) {
  std::string out;
  for (const PathStep& step : path) {
    switch (step.kind) {
      case PathStep::Kind::kAttribute: out += (out.empty() ? "" : ".") + step.name; break;
      case PathStep::Kind::kKey: out += "[\"" + step.name + "\"]"; break;
      case PathStep::Kind::kIndex: out += "[" + std::to_string(step.index) + "]"; break;
    }
  }
  return out;
}

AttributePath locatable_path(const AttributePath& path) {
  if (path.empty() || path.front().kind != PathStep::Kind::kAttribute) return {};
  AttributePath out{path.front()};
  if (path.size() > 1 && path[1].kind != PathStep::Kind::kAttribute) out.push_back(path[1]);
  return out;
}

// The core's message with the contract's paths in it ("is not one of $.nodes") in the user's words.
std::string in_attribute_words(const std::string& message, const Value& config) {
  std::string out;
  std::size_t at = 0;
  while (true) {
    std::size_t start = message.find("$.", at);
    if (start == std::string::npos) return out + message.substr(at);
    std::size_t end = message.find_first_not_of(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.[]", start + 2);
    if (end == std::string::npos) end = message.size();
    while (end > start + 2 && message[end - 1] == '.') --end;  // a full stop ends the sentence
    std::string words = path_text(attribute_path(message.substr(start, end - start), config));
    out += message.substr(at, start - at) + (words.empty() ? message.substr(start, end - start) : words);
    at = end;
  }
}

Diagnostics input_diagnostics(const std::vector<cluster::InputError>& errors, const Value& config,
                              const std::string& summary) {
  Diagnostics out;
  for (const auto& error : errors) {
    AttributePath path = attribute_path(error.path, config);
    // The whole object when no attribute matches ("$"): the core's words are all there is.
    std::string where = path.empty() ? "" : path_text(path) + ": ";
    out.push_back({.severity = Diagnostic::Severity::kError,
                   .summary = summary,
                   .detail = where + in_attribute_words(error.message, config),
                   .path = locatable_path(path)});
  }
  return out;
}

Diagnostics check_attributes(const Value& config) {
  Diagnostics out;
  const Value& plain = attribute(config, "plain_mnesia");
  if (plain.is_boolean() && plain.get<bool>() && !attribute(config, "app").is_null()) {
    out.push_back({.severity = Diagnostic::Severity::kError,
                   .summary = "Conflicting attributes",
                   .detail = "plain_mnesia = true means no application: leave app unset.",
                   .path = {{PathStep::Kind::kAttribute, "plain_mnesia", 0}}});
  }
  return out;
}

std::expected<Desired, Diagnostics> desired_from_config(const Value& config, const CookieDefaults& defaults) {
  Diagnostics diagnostics = check_attributes(config);
  DesiredJson input = desired_json(config);
  auto parsed = cluster::parse_desired_state(input.json.dump());
  if (!parsed) {
    Diagnostics errors = input_diagnostics(parsed.error(), config, "Invalid desired state");
    diagnostics.insert(diagnostics.end(), errors.begin(), errors.end());
  }
  if (has_errors(diagnostics)) return std::unexpected(std::move(diagnostics));

  erl::CookieSource source = parsed->cookie;
  AttributePath cookie_path;
  if (source.inline_value) {
    cookie_path = {{PathStep::Kind::kAttribute, "cookie", 0}};
  } else if (source.file) {
    cookie_path = {{PathStep::Kind::kAttribute, "cookie_file", 0}};
  } else {
    source.inline_value = defaults.cookie;
    source.file = defaults.cookie_file;
  }
  if (const char* home = std::getenv("HOME")) source.home = home;
  auto cookie = erl::resolve_cookie(source);
  if (!cookie) {
    std::string where = !cookie_path.empty() ? "" : defaults.cookie || defaults.cookie_file ? " (the provider's)" : " (the default)";
    return std::unexpected(Diagnostics{{.severity = Diagnostic::Severity::kError,
                                        .summary = "Cannot use the Erlang cookie" + where,
                                        .detail = cookie.error(),
                                        .path = cookie_path}});
  }
  parsed->cookie = source;
  std::shared_ptr<erl::TlsTransport> tls;
  if (parsed->tls) {
    auto made = erl::TlsTransport::create(*parsed->tls);
    if (!made) {
      AttributePath where = {{PathStep::Kind::kAttribute, "tls", 0}};
      if (!made.error().field.empty()) where.push_back({PathStep::Kind::kAttribute, made.error().field, 0});
      return std::unexpected(Diagnostics{{.severity = Diagnostic::Severity::kError,
                                          .summary = "Cannot use the TLS settings",
                                          .detail = made.error().message,
                                          .path = where}});
    }
    tls = std::move(*made);
  }
  return Desired{std::move(*parsed), std::move(*cookie), std::move(tls)};
}

}  // namespace ejcluster::tf
