#include "erl/cookie.h"

#include <sys/stat.h>

#include <cerrno>
#include <cctype>
#include <cstring>
#include <fstream>
#include <sstream>

namespace ejcluster::erl {
namespace {

constexpr std::size_t kMaxCookieLength = 255;  // Erlang's limit for a cookie atom

std::expected<std::string, std::string> check_value(std::string value, const std::string& origin) {
  if (value.empty()) return std::unexpected("the cookie from " + origin + " is empty");
  if (value.size() > kMaxCookieLength) {
    return std::unexpected("the cookie from " + origin + " is longer than " + std::to_string(kMaxCookieLength) + " characters");
  }
  for (char c : value) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
      return std::unexpected("the cookie from " + origin + " contains a control character");
    }
  }
  return value;
}

}  // namespace

std::expected<ResolvedCookie, std::string> resolve_cookie(const CookieSource& source) {
  if (source.inline_value) {
    auto value = check_value(*source.inline_value, "\"cookie\"");
    if (!value) return std::unexpected(value.error());
    return ResolvedCookie{Cookie(std::move(*value)), "cookie", {}};
  }
  std::string path;
  if (source.file) {
    path = *source.file;
  } else if (source.home && !source.home->empty()) {
    path = *source.home + "/.erlang.cookie";
  } else {
    return std::unexpected(std::string("no cookie: give \"cookie\" or \"cookie_file\", or set HOME so that $HOME/.erlang.cookie is read"));
  }

  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    return std::unexpected("cannot read cookie file " + path + ": " + std::strerror(errno));
  }
  if (S_ISDIR(info.st_mode)) return std::unexpected("cookie file " + path + " is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::unexpected("cannot read cookie file " + path + ": " + std::strerror(errno));
  std::ostringstream content;
  content << in.rdbuf();
  std::string value = content.str();
  while (!value.empty() && std::isspace(static_cast<unsigned char>(value.back()))) value.pop_back();
  auto checked = check_value(std::move(value), "cookie file " + path);
  if (!checked) return std::unexpected(checked.error());

  ResolvedCookie resolved{Cookie(std::move(*checked)), path, {}};
  if (info.st_mode & (S_IRWXG | S_IRWXO)) {
    resolved.warnings.push_back("cookie file " + path + " can be read by group or others; make it mode 0400");
  }
  return resolved;
}

}  // namespace ejcluster::erl
