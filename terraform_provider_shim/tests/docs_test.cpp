// docs/: the registry documentation lists exactly the provider's schema: every attribute (nested
// ones too) under the right heading (Required, Optional, Read-Only), with its type, sensitivity,
// write-only flag and description as the provider gives them to Terraform.
#include <doctest/doctest.h>

#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "schema.h"

namespace ejcluster::tf {
namespace {

// "section/name" -> the text in parentheses and the description, from "- `name` (...) ...".
// Top-level sections are "required", "optional", "read-only"; nested ones "<parent>.optional".
std::map<std::string, std::pair<std::string, std::string>> documented(const std::string& file) {
  std::ifstream in(std::string(EJCLUSTER_TF_DOCS_DIR) + "/" + file);
  REQUIRE_MESSAGE(in.good(), "cannot read docs/" << file);
  std::map<std::string, std::pair<std::string, std::string>> out;
  std::string line, section, nested;
  while (std::getline(in, line)) {
    if (line == "### Required") section = "required", nested.clear();
    if (line == "### Optional") section = "optional", nested.clear();
    if (line == "### Read-Only") section = "read-only", nested.clear();
    if (line.rfind("### Nested Schema for `", 0) == 0) nested = line.substr(23, line.size() - 24), section.clear();
    if (line == "Optional:") section = "optional";
    if (line.rfind("- `", 0) != 0 || section.empty()) continue;
    std::size_t name_end = line.find('`', 3);
    std::size_t open = line.find(" (", name_end), close = line.find(") ", open);
    REQUIRE_MESSAGE(close != std::string::npos, "unreadable line in docs/" << file << ": " << line);
    std::string description = line.substr(close + 2);
    if (std::size_t see = description.find(" (see [below"); see != std::string::npos) description.resize(see);
    out[(nested.empty() ? "" : nested + ".") + section + "/" + line.substr(3, name_end - 3)] = {
        line.substr(open + 2, close - open - 2), description};
  }
  return out;
}

std::string type_words(const Attribute& attribute) {
  if (!attribute.nested.empty()) {
    return attribute.nested.front().nesting == NestedObject::Nesting::kMap ? "Attributes Map" : "Attributes";
  }
  auto word = [](const std::string& t) { return t == "bool" ? std::string("Boolean") : std::string(1, char(t[0] - 32)) + t.substr(1); };
  if (attribute.type.is_string()) return word(attribute.type.get<std::string>());
  std::string kind = attribute.type[0].get<std::string>();
  return (kind == "list" ? "List of " : "Map of ") + word(attribute.type[1].get<std::string>());
}

// What the schema says the docs must hold, keyed as documented() keys them.
void expected(const std::vector<Attribute>& attributes, const std::string& parent,
              std::map<std::string, std::pair<std::string, std::string>>& out) {
  for (const Attribute& attribute : attributes) {
    std::string section = attribute.required ? "required" : attribute.optional ? "optional" : "read-only";
    std::string flags = type_words(attribute) + (attribute.sensitive ? ", Sensitive" : "") +
                        (attribute.write_only ? ", Write-only" : "");
    out[(parent.empty() ? "" : parent + ".") + section + "/" + attribute.name] = {flags, attribute.description};
    if (!attribute.nested.empty()) expected(attribute.nested.front().attributes, attribute.name, out);
  }
}

void check_docs(const std::string& file, const Block& block) {
  std::map<std::string, std::pair<std::string, std::string>> want;
  expected(block.attributes, "", want);
  auto got = documented(file);
  for (const auto& [key, value] : want) {
    CAPTURE(file);
    CAPTURE(key);
    REQUIRE_MESSAGE(got.count(key), "not documented");
    CHECK(got[key].first == value.first);
    CHECK(got[key].second == value.second);
  }
  for (const auto& [key, value] : got) {
    CAPTURE(file);
    CAPTURE(key);
    CHECK_MESSAGE(want.count(key), "documented, but not in the provider's schema");
  }
}

TEST_CASE("docs: the registry docs list exactly the provider's, the resource's and the data source's attributes") {
  check_docs("index.md", provider_schema());
  check_docs("resources/cluster.md", cluster_schema());
  check_docs("data-sources/status.md", status_schema());
}

TEST_CASE("docs: each page has the registry's front matter, an example and, for the resource, import") {
  for (const char* file : {"index.md", "resources/cluster.md", "data-sources/status.md"}) {
    CAPTURE(file);
    std::ifstream in(std::string(EJCLUSTER_TF_DOCS_DIR) + "/" + file);
    std::stringstream text;
    text << in.rdbuf();
    CHECK(text.str().rfind("---\npage_title: ", 0) == 0);
    CHECK(text.str().find("\n## Example Usage\n") != std::string::npos);
    CHECK(text.str().find("\n## Schema\n") != std::string::npos);
  }
  std::ifstream in(std::string(EJCLUSTER_TF_DOCS_DIR) + "/resources/cluster.md");
  std::stringstream text;
  text << in.rdbuf();
  CHECK(text.str().find("\n## Import\n") != std::string::npos);
  CHECK(text.str().find("terraform import ejcluster_cluster.") != std::string::npos);
}

}  // namespace
}  // namespace ejcluster::tf
