#include "erl/node_name.h"

#include <algorithm>
#include <cctype>

namespace ejcluster::erl {

std::string_view to_string(NameMode mode) { return mode == NameMode::kShort ? "short" : "long"; }

std::expected<NodeName, std::string> NodeName::parse(std::string_view text) {
  auto quoted = "'" + std::string(text) + "'";
  std::size_t at = text.find('@');
  if (at == std::string_view::npos) return std::unexpected(quoted + " is not a node name: it has no '@' (expected name@host)");
  if (text.find('@', at + 1) != std::string_view::npos) return std::unexpected(quoted + " has more than one '@'");
  std::string_view alive = text.substr(0, at);
  std::string_view host = text.substr(at + 1);
  if (alive.empty()) return std::unexpected(quoted + " has an empty name before '@'");
  if (host.empty()) return std::unexpected(quoted + " has an empty host after '@'");
  auto alive_char = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-'; };
  if (!std::all_of(alive.begin(), alive.end(), alive_char)) {
    return std::unexpected(quoted + ": the name before '@' may hold only letters, digits, '_' and '-'");
  }
  auto host_char = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_'; };
  if (!std::all_of(host.begin(), host.end(), host_char) || host.front() == '.' || host.back() == '.' ||
      host.find("..") != std::string_view::npos) {
    return std::unexpected(quoted + ": '" + std::string(host) + "' is not a valid host name");
  }
  if (alive.size() > 255 || host.size() > 253) return std::unexpected(quoted + " is too long for an Erlang node name");
  return NodeName(std::string(text), at);
}

}  // namespace ejcluster::erl
