#include "erl/cookie.h"

#include <sys/stat.h>
#include <unistd.h>

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace ejcluster::erl {
namespace {

// A distinctive value: if any part of it shows up in a message, the message leaks the cookie.
constexpr const char* kSecret = "Zq7xSECRETcookieVALUEw9";

// A fresh directory under /tmp, removed with everything in it at the end of the test.
class TempDir {
 public:
  TempDir() {
    char pattern[] = "/tmp/ejcluster-cookie-test-XXXXXX";
    const char* made = ::mkdtemp(pattern);
    REQUIRE(made != nullptr);
    path_ = made;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }

  // Writes `content` to `name` inside the directory with the given mode, and returns the path.
  std::string write(const std::string& name, const std::string& content, mode_t mode = 0400) const {
    std::string file = path_ + "/" + name;
    {
      std::ofstream out(file, std::ios::binary | std::ios::trunc);
      REQUIRE(out.good());
      out << content;
    }
    REQUIRE(::chmod(file.c_str(), mode) == 0);
    return file;
  }

 private:
  std::string path_;
};

CookieSource from_file(const std::string& file) {
  CookieSource source;
  source.file = file;
  return source;
}

TEST_CASE("cookie: the inline value wins over a file and over $HOME") {
  TempDir dir;
  std::string file = dir.write("cookie", "FROMFILE\n");
  dir.write(".erlang.cookie", "FROMHOME\n");
  CookieSource source;
  source.inline_value = "INLINEVALUE";
  source.file = file;
  source.home = dir.path();
  auto resolved = resolve_cookie(source);
  REQUIRE(resolved.has_value());
  CHECK(resolved->cookie.reveal() == "INLINEVALUE");
  CHECK(resolved->origin == "cookie");
  CHECK(resolved->warnings.empty());
}

TEST_CASE("cookie: the inline value is used even when the file named next to it does not exist") {
  CookieSource source;
  source.inline_value = "INLINEVALUE";
  source.file = "/nonexistent/ejcluster/cookie";
  auto resolved = resolve_cookie(source);
  REQUIRE(resolved.has_value());
  CHECK(resolved->cookie.reveal() == "INLINEVALUE");
}

TEST_CASE("cookie: a file's trailing newline and white space are ignored") {
  struct Row {
    const char* name;
    std::string content;
    std::string value;
  };
  const Row rows[] = {
      {"no newline", "ABCDEF", "ABCDEF"},
      {"newline", "ABCDEF\n", "ABCDEF"},
      {"CRLF", "ABCDEF\r\n", "ABCDEF"},
      {"spaces, tabs and blank lines", "ABCDEF \t \n\n", "ABCDEF"},
      {"inner space kept", "ABC DEF\n", "ABC DEF"},
      {"255 characters", std::string(255, 'C') + "\n", std::string(255, 'C')},
  };
  for (const Row& row : rows) {
    INFO("row: " << std::string(row.name));
    TempDir dir;
    std::string file = dir.write("cookie", row.content);
    auto resolved = resolve_cookie(from_file(file));
    REQUIRE_MESSAGE(resolved.has_value(), (resolved ? std::string() : resolved.error()));
    CHECK(resolved->cookie.reveal() == row.value);
    CHECK(resolved->origin == file);
    CHECK(resolved->warnings.empty());
  }
}

TEST_CASE("cookie: without cookie or cookie_file, $HOME/.erlang.cookie is read") {
  TempDir dir;
  dir.write(".erlang.cookie", "HOMECOOKIE\n");
  CookieSource source;
  source.home = dir.path();
  auto resolved = resolve_cookie(source);
  REQUIRE(resolved.has_value());
  CHECK(resolved->cookie.reveal() == "HOMECOOKIE");
  CHECK(resolved->origin == dir.path() + "/.erlang.cookie");
}

TEST_CASE("cookie: cookie_file wins over $HOME/.erlang.cookie") {
  TempDir dir;
  std::string file = dir.write("other", "FILECOOKIE");
  dir.write(".erlang.cookie", "HOMECOOKIE");
  CookieSource source = from_file(file);
  source.home = dir.path();
  auto resolved = resolve_cookie(source);
  REQUIRE(resolved.has_value());
  CHECK(resolved->cookie.reveal() == "FILECOOKIE");
  CHECK(resolved->origin == file);
}

TEST_CASE("cookie: with nothing to read from, the error says what to give") {
  for (const char* home : {static_cast<const char*>(""), static_cast<const char*>(nullptr)}) {
    CookieSource source;
    if (home) source.home = home;
    auto resolved = resolve_cookie(source);
    REQUIRE_FALSE(resolved.has_value());
    CHECK(resolved.error().find("\"cookie\"") != std::string::npos);
    CHECK(resolved.error().find("\"cookie_file\"") != std::string::npos);
    CHECK(resolved.error().find("HOME") != std::string::npos);
  }
}

TEST_CASE("cookie: a missing file is an error that names the path and the reason") {
  TempDir dir;
  std::string missing = dir.path() + "/no-such-cookie";
  auto resolved = resolve_cookie(from_file(missing));
  REQUIRE_FALSE(resolved.has_value());
  CHECK(resolved.error().find(missing) != std::string::npos);
  CHECK(resolved.error().find("No such file") != std::string::npos);

  CookieSource home_only;
  home_only.home = dir.path();  // no .erlang.cookie in it
  auto from_home = resolve_cookie(home_only);
  REQUIRE_FALSE(from_home.has_value());
  CHECK(from_home.error().find(dir.path() + "/.erlang.cookie") != std::string::npos);
}

TEST_CASE("cookie: a directory is not a cookie file") {
  TempDir dir;
  auto resolved = resolve_cookie(from_file(dir.path()));
  REQUIRE_FALSE(resolved.has_value());
  CHECK(resolved.error().find(dir.path()) != std::string::npos);
  CHECK(resolved.error().find("directory") != std::string::npos);
}

TEST_CASE("cookie: bad cookie values are refused with the reason and where they came from") {
  struct Row {
    const char* name;
    std::string content;
    const char* reason;
  };
  const Row rows[] = {
      {"empty file", "", "empty"},
      {"only white space", " \n\t\n", "empty"},
      {"256 characters", std::string(256, 'C'), "longer than 255"},
      {"a control character", std::string("ABC\x01" "DEF"), "control character"},
      {"a NUL byte", std::string("ABC\0DEF", 7), "control character"},
      {"a tab inside", "ABC\tDEF", "control character"},
      {"a newline inside", "ABC\nDEF", "control character"},
      {"DEL", "ABC\x7F", "control character"},
  };
  for (const Row& row : rows) {
    INFO("row: " << std::string(row.name));
    TempDir dir;
    std::string file = dir.write("cookie", row.content);
    auto resolved = resolve_cookie(from_file(file));
    REQUIRE_FALSE(resolved.has_value());
    CHECK(resolved.error().find(row.reason) != std::string::npos);
    CHECK(resolved.error().find(file) != std::string::npos);

    CookieSource inline_source;
    inline_source.inline_value = row.content;
    auto inline_resolved = resolve_cookie(inline_source);
    if (std::string(row.name) == "only white space") continue;  // inline values are taken as given
    REQUIRE_FALSE(inline_resolved.has_value());
    CHECK(inline_resolved.error().find(row.reason) != std::string::npos);
    CHECK(inline_resolved.error().find("\"cookie\"") != std::string::npos);
  }
}

TEST_CASE("cookie: a file that group or others can read gives a warning, an owner-only file none") {
  struct Row {
    mode_t mode;
    bool warns;
  };
  const Row rows[] = {{0400, false}, {0600, false}, {0700, false}, {0644, true},
                      {0640, true},  {0604, true},  {0440, true},  {0666, true}};
  for (const Row& row : rows) {
    CAPTURE(row.mode);
    TempDir dir;
    std::string file = dir.write("cookie", "MODECOOKIE\n", row.mode);
    auto resolved = resolve_cookie(from_file(file));
    REQUIRE(resolved.has_value());
    CHECK(resolved->cookie.reveal() == "MODECOOKIE");
    if (row.warns) {
      REQUIRE(resolved->warnings.size() == 1);
      CHECK(resolved->warnings[0].find(file) != std::string::npos);
      CHECK(resolved->warnings[0].find("0400") != std::string::npos);
    } else {
      CHECK(resolved->warnings.empty());
    }
  }
}

TEST_CASE("cookie: no error or warning ever contains the cookie value") {
  const std::string secret = kSecret;
  TempDir dir;
  std::vector<CookieSource> sources;

  auto add_file = [&](const std::string& name, const std::string& content, mode_t mode) {
    sources.push_back(from_file(dir.write(name, content, mode)));
  };
  add_file("readable", secret + "\n", 0644);                           // a warning
  add_file("too-long", secret + std::string(300, 'x'), 0400);         // too long
  add_file("too-long-end", std::string(300, 'x') + secret, 0400);     // too long, secret at the end
  add_file("control", secret + "\x01" + secret, 0400);                // a control character
  add_file("newline", secret + "\n" + secret + "\n", 0400);           // two lines
  add_file("nul", secret + std::string(1, '\0') + secret, 0644);      // NUL, and readable
  for (const std::string& value : {secret + std::string(300, 'x'), secret + "\x02", secret + "\n" + secret}) {
    CookieSource inline_source;
    inline_source.inline_value = value;
    sources.push_back(inline_source);
  }

  std::vector<std::string> messages;
  for (const CookieSource& source : sources) {
    auto resolved = resolve_cookie(source);
    if (resolved) {
      for (const std::string& warning : resolved->warnings) messages.push_back(warning);
    } else {
      messages.push_back(resolved.error());
    }
  }
  REQUIRE(messages.size() >= sources.size());
  for (const std::string& message : messages) {
    CAPTURE(message);
    CHECK(message.find(secret) == std::string::npos);
    CHECK(message.find("SECRET") == std::string::npos);
    CHECK(message.find("Zq7x") == std::string::npos);
    CHECK(message.find("VALUEw9") == std::string::npos);
  }
}

}  // namespace
}  // namespace ejcluster::erl
