// Term: one C++ value for any Erlang term that a node can send us.
//
// Values are immutable once built and cheap enough to copy for the small replies that cluster
// observation deals in. Erlang strings are lists of integers (as they are in Erlang); Term::text()
// reads either a charlist or a binary as text. Pids, ports, refs and funs are kept as their raw
// external-format bytes, so that they can be sent back to the node unchanged.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace ejcluster::erl {

class Term;

struct Atom {
  std::string name;  // UTF-8
  bool operator==(const Atom&) const = default;
};

// An integer that does not fit in 64 bits, kept as its decimal digits (with a leading '-').
struct BigInteger {
  std::string decimal;
  bool operator==(const BigInteger&) const = default;
};

struct Tuple {
  std::vector<Term> elements;
  bool operator==(const Tuple&) const;
};

struct List {
  std::vector<Term> elements;
  std::shared_ptr<const Term> tail;  // null for a proper list; the tail of an improper one
  bool operator==(const List&) const;
};

struct Binary {
  std::string bytes;
  bool operator==(const Binary&) const = default;
};

struct Map {
  std::vector<Term> keys;    // keys[i] maps to values[i]; order as received
  std::vector<Term> values;
  bool operator==(const Map&) const;
};

// A pid, port, reference, fun or bitstring: compared and re-sent as bytes, printed as text.
struct Opaque {
  enum class Kind { kPid, kPort, kRef, kFun, kBitstring };
  Kind kind;
  std::string external;  // the term's bytes in the external term format (no version byte)
  std::string printed;   // how Erlang would print it, for messages
  bool operator==(const Opaque& other) const {
    return kind == other.kind && external == other.external;
  }
};

class Term {
 public:
  using Value = std::variant<Atom, std::int64_t, BigInteger, double, Tuple, List, Binary, Map, Opaque>;

  Term() : value_(List{}) {}  // [] : the empty list
  Term(Value value) : value_(std::move(value)) {}

  static Term atom(std::string_view name) { return Term(Atom{std::string(name)}); }
  static Term integer(std::int64_t n) { return Term(n); }
  static Term tuple(std::vector<Term> elements) { return Term(Tuple{std::move(elements)}); }
  static Term list(std::vector<Term> elements) { return Term(List{std::move(elements), nullptr}); }
  static Term binary(std::string_view bytes) { return Term(Binary{std::string(bytes)}); }
  static Term charlist(std::string_view text);  // an Erlang string: a list of character codes

  const Value& value() const { return value_; }

  bool is_atom() const { return std::holds_alternative<Atom>(value_); }
  bool is_atom(std::string_view name) const;
  bool is_integer() const { return std::holds_alternative<std::int64_t>(value_); }
  bool is_tuple() const { return std::holds_alternative<Tuple>(value_); }
  bool is_tuple(std::size_t arity) const;
  bool is_list() const { return std::holds_alternative<List>(value_); }
  bool is_map() const { return std::holds_alternative<Map>(value_); }

  // Accessors return null when the term is of another kind.
  const std::string* atom_name() const;
  const std::int64_t* integer_value() const { return std::get_if<std::int64_t>(&value_); }
  const std::vector<Term>* tuple_elements() const;
  // A tuple's elements, moved out of a term that is done with (a large reply is not copied to
  // keep one of its parts); empty for anything else.
  std::vector<Term> take_tuple_elements() &&;
  const std::vector<Term>* list_elements() const;  // proper lists only
  const Map* map() const { return std::get_if<Map>(&value_); }

  // The text of a binary or a proper list of character codes (UTF-8 encoded); nullopt otherwise.
  std::optional<std::string> text() const;

  // The value under an atom key in a map, or nullptr.
  const Term* find(std::string_view atom_key) const;

  // The term as Erlang's ~p would roughly print it, for error messages.
  std::string to_string() const;

  bool operator==(const Term& other) const { return value_ == other.value_; }

 private:
  Value value_;
};

}  // namespace ejcluster::erl
