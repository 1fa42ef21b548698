// NodeName: an Erlang node name "alive@host", and the naming mode it implies.
//
// Erlang distribution has two naming modes that never mix: short names ("ejabberd@xmpp1") and long
// names ("ejabberd@xmpp1.example.com" or "ejabberd@10.0.0.1"). A C node must address a node in
// that node's own mode, so the mode is derived once here and carried with the name.
#pragma once

#include <expected>
#include <string>
#include <string_view>

namespace ejcluster::erl {

enum class NameMode { kShort, kLong };

std::string_view to_string(NameMode mode);

class NodeName {
 public:
  // Accepts "alive@host" where alive is non-empty [A-Za-z0-9_-] and host is a non-empty host name
  // or IPv4 address. The error names what is wrong with `text`.
  static std::expected<NodeName, std::string> parse(std::string_view text);

  const std::string& full() const { return full_; }
  std::string_view alive() const { return std::string_view(full_).substr(0, at_); }
  std::string_view host() const { return std::string_view(full_).substr(at_ + 1); }
  NameMode mode() const { return host().find('.') == std::string_view::npos ? NameMode::kShort : NameMode::kLong; }

  bool operator==(const NodeName& other) const { return full_ == other.full_; }
  auto operator<=>(const NodeName& other) const { return full_ <=> other.full_; }

 private:
  NodeName(std::string full, std::size_t at) : full_(std::move(full)), at_(at) {}
  std::string full_;
  std::size_t at_;
};

}  // namespace ejcluster::erl
