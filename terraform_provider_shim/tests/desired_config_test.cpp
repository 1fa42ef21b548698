// desired_config.h: attributes -> the contract's desired state; JSON paths -> attribute paths.
#include <doctest/doctest.h>

#include <map>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "desired_config.h"
#include "schema.h"

namespace ejcluster::tf {
namespace {

using nlohmann::json;

Value config(Value attributes) { return conform(attributes, cluster_schema()); }

AttributePath attr(std::initializer_list<PathStep> steps) { return steps; }
PathStep a(const char* name) { return {PathStep::Kind::kAttribute, name, 0}; }
PathStep k(const char* key) { return {PathStep::Kind::kKey, key, 0}; }
PathStep i(std::int64_t index) { return {PathStep::Kind::kIndex, "", index}; }

TEST_CASE("null attributes are left out; the rest maps to the contract's keys") {
  DesiredJson out = desired_json(config({{"nodes", {"a@h", "b@h"}},
                                         {"seed", "a@h"},
                                         {"remove_absent", true},
                                         {"heal_partitions", true},
                                         {"force_load_from", "b@h"},
                                         {"dist_port", 5210},
                                         {"backup_dir", "/srv/ejcluster-backups"},
                                         {"tables", {{"roster", {{"type", "disc_copies"}}},
                                                     {"muc_room", {{"disc_copies", {"a@h"}}, {"ram_copies", {"b@h"}}}}}},
                                         {"timeouts", {{"connect_ms", 100}, {"table_sync_ms", 2000}}},
                                         {"cookie_file", "/c"}}));
  CHECK(out.complete);
  CHECK(out.json == json{{"nodes", {"a@h", "b@h"}},
                         {"seed", "a@h"},
                         {"remove_absent", true},
                         {"heal_partitions", true},
                         {"force_load_from", "b@h"},
                         {"dist_port", 5210},
                         {"backup_dir", "/srv/ejcluster-backups"},
                         {"tables", {{"roster", {{"type", "disc_copies"}}},
                                     {"muc_room", {{"disc_copies", {"a@h"}}, {"ram_copies", {"b@h"}}}}}},
                         {"timeouts_ms", {{"connect", 100}, {"table_sync", 2000}}},
                         {"cookie_file", "/c"}});
}

TEST_CASE("plain_mnesia is the contract's \"app\": null") {
  DesiredJson out = desired_json(config({{"nodes", {"a@h"}}, {"plain_mnesia", true}}));
  REQUIRE(out.json.contains("app"));
  CHECK(out.json["app"].is_null());
  CHECK_FALSE(desired_json(config({{"nodes", {"a@h"}}, {"plain_mnesia", false}})).json.contains("app"));
  auto conflict = check_attributes(config({{"nodes", {"a@h"}}, {"plain_mnesia", true}, {"app", "ejabberd"}}));
  REQUIRE(conflict.size() == 1);
  CHECK(conflict[0].path == attr({a("plain_mnesia")}));
}

TEST_CASE("unknown attributes are left out and make the input incomplete") {
  DesiredJson out = desired_json(config({{"nodes", {"a@h", unknown()}}, {"seed", "a@h"}}));
  CHECK_FALSE(out.complete);
  CHECK_FALSE(out.json.contains("nodes"));
  CHECK(out.json["seed"] == "a@h");
  CHECK_FALSE(desired_json(config({{"nodes", {"a@h"}}, {"timeouts", {{"rpc_ms", unknown()}}}})).complete);
  CHECK_FALSE(desired_json(config({{"nodes", {"a@h"}}, {"tables", unknown()}})).complete);
}

TEST_CASE("JSON paths map to attribute paths") {
  Value c = config({{"nodes", {"a@h"}}, {"tables", {{"roster", {{"type", "x"}}}, {"a.b", {{"type", "x"}}}}}});
  CHECK(attribute_path("$.nodes[2]", c) == attr({a("nodes"), i(2)}));
  CHECK(attribute_path("$.nodes", c) == attr({a("nodes")}));
  CHECK(attribute_path("$.seed", c) == attr({a("seed")}));
  CHECK(attribute_path("$.allow_data_loss[0]", c) == attr({a("allow_data_loss"), i(0)}));
  CHECK(attribute_path("$.tables.roster", c) == attr({a("tables"), k("roster")}));
  CHECK(attribute_path("$.tables.roster.disc_copies[1]", c) ==
        attr({a("tables"), k("roster"), a("disc_copies"), i(1)}));
  CHECK(attribute_path("$.tables.a.b.type", c) == attr({a("tables"), k("a.b"), a("type")}));
  CHECK(attribute_path("$.timeouts_ms.rpc", c) == attr({a("timeouts"), a("rpc_ms")}));
  CHECK(attribute_path("$.timeouts_ms", c) == attr({a("timeouts")}));
  CHECK(attribute_path("$.cookie", c) == attr({a("cookie")}));
  CHECK(attribute_path("$", c).empty());
  CHECK(attribute_path("$.app", config({{"nodes", {"a@h"}}, {"plain_mnesia", true}})) == attr({a("plain_mnesia")}));
  CHECK(attribute_path("$.app", config({{"nodes", {"a@h"}}, {"app", ""}})) == attr({a("app")}));
}

TEST_CASE("tls: its attributes are the contract's tls, its paths the attributes'; a bad file is named") {
  Value c = config({{"nodes", {"a@h"}}, {"tls", {{"certfile", "/c.pem"}, {"keyfile", "/k.pem"}, {"cacertfile", "/ca.pem"}}}});
  CHECK(desired_json(c).json["tls"] == json{{"certfile", "/c.pem"}, {"keyfile", "/k.pem"}, {"cacertfile", "/ca.pem"}});
  CHECK(attribute_path("$.tls.keyfile", c) == attr({a("tls"), a("keyfile")}));
  CHECK(attribute_path("$.tls", c) == attr({a("tls")}));
  CHECK_FALSE(desired_json(config({{"nodes", {"a@h"}}, {"tls", {{"cacertfile", unknown()}}}})).complete);

  auto missing = desired_from_config(config({{"nodes", {"a@h"}}, {"cookie", "k"}, {"tls", {{"cacertfile", "/nonexistent/ca.pem"}}}}), {});
  REQUIRE_FALSE(missing);
  CHECK(missing.error().front().path == attr({a("tls"), a("cacertfile")}));
  CHECK(missing.error().front().detail.find("cannot load CA certificates from /nonexistent/ca.pem") != std::string::npos);

  auto no_ca = desired_from_config(config({{"nodes", {"a@h"}}, {"cookie", "k"}, {"tls", {{"certfile", "/c.pem"}}}}), {});
  REQUIRE_FALSE(no_ca);
  // Terraform underlines the block; the message names the attribute.
  CHECK(no_ca.error().front().path == attr({a("tls")}));
  CHECK(no_ca.error().front().detail.rfind("tls.cacertfile: is required", 0) == 0);
}

TEST_CASE("attribute paths as the user writes them, and the part Terraform can underline") {
  CHECK(path_text(attr({a("timeouts"), a("rpc_ms")})) == "timeouts.rpc_ms");
  CHECK(path_text(attr({a("tables"), k("roster"), a("type")})) == "tables[\"roster\"].type");
  CHECK(path_text(attr({a("tables"), k("roster"), a("disc_copies"), i(1)})) == "tables[\"roster\"].disc_copies[1]");
  CHECK(path_text(attr({a("nodes"), i(2)})) == "nodes[2]");
  CHECK(path_text({}).empty());
  CHECK(locatable_path(attr({a("timeouts"), a("rpc_ms")})) == attr({a("timeouts")}));
  CHECK(locatable_path(attr({a("tables"), k("roster"), a("type")})) == attr({a("tables"), k("roster")}));
  CHECK(locatable_path(attr({a("nodes"), i(2)})) == attr({a("nodes"), i(2)}));
  CHECK(locatable_path(attr({a("seed")})) == attr({a("seed")}));
  CHECK(locatable_path({}).empty());
}

TEST_CASE("the core's input errors arrive on the attributes, named as the user wrote them") {
  Value c = config({{"nodes", {"x", "b@h"}},
                    {"seed", "c@h"},
                    {"timeouts", {{"rpc_ms", -1}}},
                    {"tables", {{"roster", {{"type", "tape"}}}}},
                    {"cookie", "k"}});
  auto desired = desired_from_config(c, {});
  REQUIRE_FALSE(desired);
  std::map<std::string, AttributePath> by_where;  // the detail up to ": " -> the path
  for (const auto& d : desired.error()) {
    CHECK(d.severity == Diagnostic::Severity::kError);
    CHECK(d.detail.find("$.") == std::string::npos);  // no contract paths
    by_where[d.detail.substr(0, d.detail.find(": "))] = d.path;
  }
  CHECK(by_where.at("nodes[0]") == attr({a("nodes"), i(0)}));
  CHECK(by_where.at("seed") == attr({a("seed")}));
  CHECK(by_where.at("timeouts.rpc_ms") == attr({a("timeouts")}));
  CHECK(by_where.at("tables[\"roster\"].type") == attr({a("tables"), k("roster")}));
}

TEST_CASE("the cookie: the object's own, else the provider's; never in a message") {
  const std::string secret = "SECRETCOOKIEVALUE";
  auto inline_cookie = desired_from_config(config({{"nodes", {"a@h"}}, {"cookie", secret}}), {});
  REQUIRE(inline_cookie);
  CHECK(inline_cookie->cookie.cookie.reveal() == secret);

  auto from_provider = desired_from_config(config({{"nodes", {"a@h"}}}), {.cookie = secret});
  REQUIRE(from_provider);
  CHECK(from_provider->cookie.cookie.reveal() == secret);

  auto missing = desired_from_config(config({{"nodes", {"a@h"}}, {"cookie_file", "/nonexistent/cookie"}}),
                                     {.cookie = secret});
  REQUIRE_FALSE(missing);
  REQUIRE(missing.error().size() == 1);
  CHECK(missing.error()[0].path == attr({a("cookie_file")}));
  CHECK(missing.error()[0].detail.find("/nonexistent/cookie") != std::string::npos);

  auto both = desired_from_config(config({{"nodes", {"a@h"}}, {"cookie", secret}, {"cookie_file", "/f"}}), {});
  REQUIRE_FALSE(both);
  for (const auto& d : both.error()) {
    CHECK(d.detail.find(secret) == std::string::npos);
    CHECK(d.summary.find(secret) == std::string::npos);
  }
}

TEST_CASE("a cookie file of the provider's is read") {
  auto path = std::filesystem::temp_directory_path() / ("ejctf-cookie-" + std::to_string(::getpid()));
  {
    std::ofstream out(path);
    out << "FILECOOKIE\n";
  }
  std::filesystem::permissions(path, std::filesystem::perms::owner_read);
  auto desired = desired_from_config(config({{"nodes", {"a@h"}}}), {.cookie_file = path.string()});
  std::filesystem::remove(path);
  REQUIRE(desired);
  CHECK(desired->cookie.cookie.reveal() == "FILECOOKIE");
}

}  // namespace
}  // namespace ejcluster::tf
