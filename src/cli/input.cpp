#include "cli/input.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>

namespace ejcluster::cli {

std::expected<Input, std::vector<cluster::InputError>> read_input(const std::string& file) {
  std::ostringstream text;
  if (file.empty() || file == "-") {
    text << std::cin.rdbuf();
  } else {
    std::ifstream in(file, std::ios::binary);
    if (!in) return std::unexpected(std::vector<cluster::InputError>{{"--file", "cannot read " + file + ": " + std::strerror(errno)}});
    text << in.rdbuf();
  }
  auto desired = cluster::parse_desired_state(text.str());
  if (!desired) return std::unexpected(desired.error());

  erl::CookieSource source = desired->cookie;
  if (const char* home = std::getenv("HOME")) source.home = home;
  auto cookie = erl::resolve_cookie(source);
  if (!cookie) {
    std::string path = desired->cookie.inline_value ? "$.cookie" : desired->cookie.file ? "$.cookie_file" : "$";
    return std::unexpected(std::vector<cluster::InputError>{{path, cookie.error()}});
  }
  std::shared_ptr<erl::TlsTransport> tls;
  if (desired->tls) {
    auto made = erl::TlsTransport::create(*desired->tls);
    if (!made) {
      std::string path = made.error().field.empty() ? "$.tls" : "$.tls." + made.error().field;
      return std::unexpected(std::vector<cluster::InputError>{{path, made.error().message}});
    }
    tls = std::move(*made);
  }
  return Input{std::move(*desired), std::move(*cookie), std::move(tls)};
}

}  // namespace ejcluster::cli
