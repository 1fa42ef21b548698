// Cookie: the Erlang distribution secret, and where it comes from.
//
// The value is reachable only through reveal(), which the libei client calls when it connects.
// There is deliberately no way to print or serialise a Cookie: it must never reach output, logs,
// reports or error messages.
#pragma once

#include <expected>
#include <optional>
#include <string>
#include <vector>

namespace ejcluster::erl {

class Cookie {
 public:
  explicit Cookie(std::string value) : value_(std::move(value)) {}
  const std::string& reveal() const { return value_; }

 private:
  std::string value_;
};

struct CookieSource {
  std::optional<std::string> inline_value;  // the desired state's "cookie"
  std::optional<std::string> file;          // the desired state's "cookie_file"
  std::optional<std::string> home;          // $HOME, for the default $HOME/.erlang.cookie
};

struct ResolvedCookie {
  Cookie cookie;
  std::string origin;                 // "cookie", or the file's path: safe to show
  std::vector<std::string> warnings;  // e.g. a file that others can read
};

// Picks the cookie: the inline value, else the file, else $HOME/.erlang.cookie. Trailing white
// space in a file is ignored (as erl does). Errors name the file and the reason, never the value.
std::expected<ResolvedCookie, std::string> resolve_cookie(const CookieSource& source);

}  // namespace ejcluster::erl
