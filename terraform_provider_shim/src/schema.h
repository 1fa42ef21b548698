// The provider's schemas: the provider block, the resource ejcluster_cluster and the data source
// ejcluster_status, as plain values (schema_proto.h turns them into protocol messages).
//
// The attribute names, their meaning and the cookie rules are documented in
// terraform_provider_shim/README.md; the descriptions here are what `terraform providers schema`
// shows.
#pragma once

#include <string>
#include <vector>

#include "value.h"

namespace ejcluster::tf {

struct Attribute;

// The attributes of a nested attribute's object, and how the objects nest.
struct NestedObject {
  enum class Nesting { kSingle, kMap };
  std::vector<Attribute> attributes;
  Nesting nesting = Nesting::kSingle;
};

struct Attribute {
  std::string name;
  Value type;  // cty type as JSON ("string", ["list","string"]); null for a nested attribute
  std::vector<NestedObject> nested;  // one element for a nested attribute, else empty
  std::string description;
  bool required = false;
  bool optional = false;
  bool computed = false;
  bool sensitive = false;
  bool write_only = false;  // in the configuration only; always null in plan and state
};

struct Block {
  std::vector<Attribute> attributes;
  std::string description;
  std::int64_t version = 0;

  const Attribute* find(std::string_view name) const;
};

inline constexpr const char* kClusterType = "ejcluster_cluster";
inline constexpr const char* kStatusType = "ejcluster_status";

const Block& provider_schema();
const Block& cluster_schema();
const Block& status_schema();

// `value` as an object with exactly `block`'s attributes: missing ones become null, unknown keys
// are dropped, nested objects likewise. Null and unknown pass through unchanged.
Value conform(const Value& value, const Block& block);

// `value` with every write-only attribute set to null (Terraform rejects anything else in plans
// and state).
Value strip_write_only(Value value, const Block& block);

}  // namespace ejcluster::tf
