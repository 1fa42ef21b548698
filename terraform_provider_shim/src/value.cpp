#include "value.h"

namespace ejcluster::tf {
namespace {

constexpr std::uint8_t kUnknownExtension = 0;
constexpr std::uint8_t kRefinedUnknownExtension = 12;

}  // namespace

Value unknown() {
  // Terraform writes an unknown as fixext1 (0xd4), type 0, one zero byte: the same here.
  return Value::binary({0}, kUnknownExtension);
}

bool is_unknown(const Value& value) {
  if (!value.is_binary() || !value.get_binary().has_subtype()) return false;
  auto subtype = value.get_binary().subtype();
  return subtype == kUnknownExtension || subtype == kRefinedUnknownExtension;
}

bool is_wholly_known(const Value& value) {
  if (is_unknown(value)) return false;
  if (value.is_array() || value.is_object()) {
    for (const auto& item : value) {
      if (!is_wholly_known(item)) return false;
    }
  }
  return true;
}

std::expected<Value, std::string> from_msgpack(std::string_view bytes) {
  if (bytes.empty()) return Value(nullptr);
  try {
    return Value::from_msgpack(bytes.begin(), bytes.end());
  } catch (const nlohmann::json::exception& e) {
    return std::unexpected(std::string("not a msgpack value: ") + e.what());
  }
}

std::string to_msgpack(const Value& value) {
  std::string out;
  Value::to_msgpack(value, nlohmann::detail::output_adapter<char>(out));
  return out;
}

std::expected<Value, std::string> from_json_text(std::string_view text) {
  if (text.empty()) return Value(nullptr);
  try {
    return Value::parse(text);
  } catch (const nlohmann::json::exception& e) {
    return std::unexpected(std::string("not JSON: ") + e.what());
  }
}

const Value& attribute(const Value& object, std::string_view key) {
  static const Value null_value;
  if (!object.is_object()) return null_value;
  auto found = object.find(key);
  return found == object.end() ? null_value : *found;
}

std::optional<std::string> known_string(const Value& object, std::string_view key) {
  const Value& value = attribute(object, key);
  if (!value.is_string()) return std::nullopt;
  return value.get<std::string>();
}

}  // namespace ejcluster::tf
