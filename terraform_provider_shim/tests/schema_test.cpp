// schema.h and schema_proto.h: the schemas Terraform gets, and objects shaped to them.
#include <doctest/doctest.h>

#include <set>

#include "schema.h"
#include "schema_proto.h"

namespace ejcluster::tf {
namespace {

std::set<std::string> names(const tfplugin6::Schema& schema) {
  std::set<std::string> out;
  for (const auto& attr : schema.block().attributes()) out.insert(attr.name());
  return out;
}

const tfplugin6::Schema::Attribute& find(const tfplugin6::Schema& schema, const std::string& name) {
  for (const auto& attr : schema.block().attributes()) {
    if (attr.name() == name) return attr;
  }
  FAIL("no attribute " << name);
  throw 0;
}

TEST_CASE("every attribute is required, optional or computed, in a combination Terraform accepts") {
  for (const Block* block : {&provider_schema(), &cluster_schema(), &status_schema()}) {
    for (const Attribute& attr : block->attributes) {
      CAPTURE(attr.name);
      CHECK((attr.required || attr.optional || attr.computed));
      CHECK_FALSE((attr.required && (attr.optional || attr.computed)));
      CHECK_FALSE((attr.write_only && attr.computed));
      CHECK(attr.type.is_null() == !attr.nested.empty());
      CHECK_FALSE(attr.description.empty());
    }
  }
}

TEST_CASE("the resource schema as Terraform receives it") {
  tfplugin6::Schema schema;
  to_proto(cluster_schema(), &schema);
  CHECK(names(schema) == std::set<std::string>{"id", "nodes", "seed", "tables", "remove_absent", "allow_data_loss", "allow_version_skew",
                                               "heal_partitions", "force_load_from", "dist_port", "backup_dir", "app", "plain_mnesia", "timeouts", "tls", "cookie_file", "cookie", "members",
                                               "running", "unreachable", "placement", "planned_actions"});
  const auto& nodes = find(schema, "nodes");
  CHECK(nodes.type() == R"(["list","string"])");
  CHECK(nodes.required());

  const auto& cookie = find(schema, "cookie");
  CHECK(cookie.type() == R"("string")");
  CHECK(cookie.sensitive());
  CHECK(cookie.write_only());
  CHECK(cookie.optional());

  const auto& tables = find(schema, "tables");
  CHECK(tables.type().empty());
  CHECK(tables.nested_type().nesting() == tfplugin6::Schema::Object::MAP);
  CHECK(tables.nested_type().attributes_size() == 4);

  const auto& timeouts = find(schema, "timeouts");
  CHECK(timeouts.nested_type().nesting() == tfplugin6::Schema::Object::SINGLE);

  CHECK(find(schema, "id").computed());
  CHECK_FALSE(find(schema, "id").optional());
}

TEST_CASE("the data source's cookie is sensitive but not write-only (data sources have none)") {
  tfplugin6::Schema schema;
  to_proto(status_schema(), &schema);
  CHECK(find(schema, "cookie").sensitive());
  CHECK_FALSE(find(schema, "cookie").write_only());
  CHECK(find(schema, "status").computed());
}

TEST_CASE("conform gives exactly the schema's attributes, nested ones too") {
  Value raw = {{"id", "a@h"},
               {"nodes", {"a@h"}},
               {"no_such_attribute", 1},
               {"tables", {{"roster", {{"type", "disc_copies"}, {"extra", true}}}}},
               {"timeouts", {{"rpc_ms", 10}}}};
  Value object = conform(raw, cluster_schema());
  CHECK(object.size() == cluster_schema().attributes.size());
  CHECK_FALSE(object.contains("no_such_attribute"));
  CHECK(object["seed"].is_null());
  CHECK(object["tables"]["roster"] == Value{{"type", "disc_copies"}, {"ram_copies", nullptr},
                                            {"disc_copies", nullptr}, {"disc_only_copies", nullptr}});
  CHECK(object["timeouts"] == Value{{"connect_ms", nullptr}, {"rpc_ms", 10}, {"table_sync_ms", nullptr},
                                    {"lock_ms", nullptr}});
}

TEST_CASE("conform leaves null and unknown alone") {
  CHECK(conform(Value(nullptr), cluster_schema()).is_null());
  CHECK(is_unknown(conform(unknown(), cluster_schema())));
  Value object = conform(Value{{"tables", unknown()}}, cluster_schema());
  CHECK(is_unknown(object["tables"]));
}

TEST_CASE("strip_write_only nulls the cookie and nothing else") {
  Value object = conform(Value{{"cookie", "secret"}, {"cookie_file", "/f"}, {"nodes", {"a@h"}}}, cluster_schema());
  Value stripped = strip_write_only(object, cluster_schema());
  CHECK(stripped["cookie"].is_null());
  CHECK(stripped["cookie_file"] == "/f");
  CHECK(stripped["nodes"] == Value{"a@h"});
}

TEST_CASE("diagnostics carry their attribute paths") {
  Diagnostic d{.severity = Diagnostic::Severity::kError,
               .summary = "s",
               .detail = "d",
               .path = {{PathStep::Kind::kAttribute, "tables", 0},
                        {PathStep::Kind::kKey, "roster", 0},
                        {PathStep::Kind::kAttribute, "disc_copies", 0},
                        {PathStep::Kind::kIndex, "", 1}}};
  tfplugin6::Diagnostic proto;
  to_proto(d, &proto);
  CHECK(proto.severity() == tfplugin6::Diagnostic::ERROR);
  REQUIRE(proto.attribute().steps_size() == 4);
  CHECK(proto.attribute().steps(0).attribute_name() == "tables");
  CHECK(proto.attribute().steps(1).element_key_string() == "roster");
  CHECK(proto.attribute().steps(3).element_key_int() == 1);
}

}  // namespace
}  // namespace ejcluster::tf
