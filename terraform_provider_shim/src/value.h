// Value: a Terraform (cty) value as the provider handles it, and its msgpack wire form.
//
// A Value is an nlohmann::json: null, bool, number, string, array (a cty list), object (a cty
// object or map), or an *unknown* ("known after apply"), which is a json binary carrying a
// subtype: msgpack extension 0 is an unknown, extension 12 a "refined" unknown (Terraform knows
// something about it, e.g. that it is not null); both mean unknown here. What leaves the provider
// is always a plain unknown (extension 0), exactly as Terraform writes one.
//
// Objects must carry exactly their schema's attributes: schema.h's conform() sees to that.
#pragma once

#include <expected>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace ejcluster::tf {

using Value = nlohmann::json;

Value unknown();
bool is_unknown(const Value& value);
// No unknown anywhere inside.
bool is_wholly_known(const Value& value);

// msgpack bytes <-> Value. Empty bytes decode as null. Errors say what was wrong, never the bytes.
std::expected<Value, std::string> from_msgpack(std::string_view bytes);
std::string to_msgpack(const Value& value);

// JSON text (RawState, DynamicValue.json) -> Value; JSON has no unknowns.
std::expected<Value, std::string> from_json_text(std::string_view text);

// The value at `key` of an object, or null when `value` is not an object or has no such key.
const Value& attribute(const Value& object, std::string_view key);

// A string attribute that is set and known; nullopt for null or unknown.
std::optional<std::string> known_string(const Value& object, std::string_view key);

}  // namespace ejcluster::tf
