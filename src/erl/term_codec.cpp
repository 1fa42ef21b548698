#include "erl/term_codec.h"

#include <ei.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>

#include "erl/ei_buffer.h"
#include "erl/utf8.h"

namespace ejcluster::erl {
namespace {

constexpr int kMaxDepth = 512;  // deeper replies are not something a cluster query returns


std::uint32_t read_be32(const unsigned char* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
}

// Turns a little-endian magnitude of base-256 digits into decimal text.
std::string magnitude_to_decimal(std::vector<unsigned char> digits, bool negative) {
  std::string out;
  while (!digits.empty()) {
    unsigned remainder = 0;
    for (std::size_t i = digits.size(); i-- > 0;) {
      unsigned current = (remainder << 8) | digits[i];
      digits[i] = static_cast<unsigned char>(current / 10);
      remainder = current % 10;
    }
    out.insert(out.begin(), static_cast<char>('0' + remainder));
    while (!digits.empty() && digits.back() == 0) digits.pop_back();
  }
  if (out.empty()) out = "0";
  if (negative && out != "0") out.insert(out.begin(), '-');
  return out;
}

class Decoder {
 public:
  explicit Decoder(std::string_view data) : data_(data), buf_(data.data()) {}

  std::expected<Term, std::string> term(int* index, int depth) {
    if (depth > kMaxDepth) return fail(*index, "nesting deeper than " + std::to_string(kMaxDepth));
    if (!available(*index, 1)) return fail(*index, "truncated term");
    // libei reads a term's length fields without knowing where the buffer ends: check them first.
    // Header sizes depend on the exact tag, which ei_get_type may report in a normalised form.
    const int tag = static_cast<unsigned char>(buf_[*index]);
    auto header = fixed_header_size(tag);
    if (!header) return fail(*index, "unsupported term type " + std::to_string(tag));
    if (!available(*index, *header)) return fail(*index, "truncated term header");
    int type = 0, size = 0;
    if (ei_get_type(buf_, index, &type, &size) < 0) return fail(*index, "unreadable term header");
    switch (type) {
      case ERL_SMALL_INTEGER_EXT:
      case ERL_INTEGER_EXT:
        return integer(index, tag);
      case ERL_SMALL_BIG_EXT:
      case ERL_LARGE_BIG_EXT:
        return big_integer(index, tag);
      case ERL_FLOAT_EXT:
      case NEW_FLOAT_EXT:
        return floating(index, tag);
      case ERL_ATOM_EXT:
      case ERL_SMALL_ATOM_EXT:
      case ERL_ATOM_UTF8_EXT:
      case ERL_SMALL_ATOM_UTF8_EXT:
        return atom(index, tag, size);
      case ERL_SMALL_TUPLE_EXT:
      case ERL_LARGE_TUPLE_EXT:
        return tuple(index, depth);
      case ERL_NIL_EXT:
      case ERL_LIST_EXT:
        return list(index, depth);
      case ERL_STRING_EXT:
        return string(index, size);
      case ERL_BINARY_EXT:
        return binary(index, size);
      case ERL_MAP_EXT:
        return map(index, depth);
      case ERL_PID_EXT:
      case ERL_NEW_PID_EXT:
        return opaque(index, Opaque::Kind::kPid);
      case ERL_PORT_EXT:
      case ERL_NEW_PORT_EXT:
      case ERL_V4_PORT_EXT:
        return opaque(index, Opaque::Kind::kPort);
      case ERL_REFERENCE_EXT:
      case ERL_NEW_REFERENCE_EXT:
      case ERL_NEWER_REFERENCE_EXT:
        return opaque(index, Opaque::Kind::kRef);
      case ERL_NEW_FUN_EXT:
      case ERL_FUN_EXT:
      case ERL_EXPORT_EXT:
        return opaque(index, Opaque::Kind::kFun);
      case ERL_BIT_BINARY_EXT:
        return opaque(index, Opaque::Kind::kBitstring);
      default:
        return fail(*index, "unsupported term type " + std::to_string(type));
    }
  }

 private:
  bool available(int index, std::size_t count) const {
    return index >= 0 && static_cast<std::size_t>(index) <= data_.size() &&
           count <= data_.size() - static_cast<std::size_t>(index);
  }
  // The bytes from a tag up to where its contents start (for pids, ports, refs, funs and
  // bitstrings only the tag: opaque() checks the rest).
  static std::optional<std::size_t> fixed_header_size(int tag) {
    switch (tag) {
      case ERL_NIL_EXT: return 1;
      case ERL_SMALL_INTEGER_EXT: case ERL_SMALL_ATOM_EXT: case ERL_SMALL_ATOM_UTF8_EXT: case ERL_SMALL_TUPLE_EXT: return 2;
      case ERL_ATOM_EXT: case ERL_ATOM_UTF8_EXT: case ERL_STRING_EXT: case ERL_SMALL_BIG_EXT: return 3;
      case ERL_INTEGER_EXT: case ERL_LARGE_TUPLE_EXT: case ERL_LIST_EXT: case ERL_BINARY_EXT: case ERL_MAP_EXT: return 5;
      case ERL_LARGE_BIG_EXT: return 6;
      case NEW_FLOAT_EXT: return 9;
      case ERL_FLOAT_EXT: return 32;
      case ERL_PID_EXT: case ERL_NEW_PID_EXT: case ERL_PORT_EXT: case ERL_NEW_PORT_EXT: case ERL_V4_PORT_EXT:
      case ERL_REFERENCE_EXT: case ERL_NEW_REFERENCE_EXT: case ERL_NEWER_REFERENCE_EXT:
      case ERL_EXPORT_EXT: return 1;
      case ERL_NEW_FUN_EXT: return 5;
      case ERL_BIT_BINARY_EXT: return 6;
      default: return std::nullopt;
    }
  }

  const unsigned char* bytes_at(int index) const {
    return reinterpret_cast<const unsigned char*>(buf_ + index);
  }
  static std::unexpected<std::string> fail(int index, const std::string& what) {
    return std::unexpected("bad Erlang term at byte " + std::to_string(index) + ": " + what);
  }

  std::expected<Term, std::string> integer(int* index, int tag) {
    if (!available(*index, tag == ERL_SMALL_INTEGER_EXT ? 2 : 5)) return fail(*index, "truncated integer");
    long long value = 0;
    if (ei_decode_longlong(buf_, index, &value) < 0) return fail(*index, "bad integer");
    return Term::integer(value);
  }

  // ei_decode_longlong fails beyond 64 bits, so wide integers are read from the documented layout:
  // tag, digit count (1 or 4 bytes), sign byte, little-endian base-256 digits.
  std::expected<Term, std::string> big_integer(int* index, int tag) {
    std::size_t count_width = tag == ERL_SMALL_BIG_EXT ? 1 : 4;
    const unsigned char* p = bytes_at(*index + 1);
    std::size_t digits = count_width == 1 ? p[0] : read_be32(p);
    if (!available(*index, 1 + count_width + 1 + digits)) return fail(*index, "truncated big integer");
    int probe = *index;
    long long fits = 0;
    if (ei_decode_longlong(buf_, &probe, &fits) == 0) {
      *index = probe;
      return Term::integer(fits);
    }
    bool negative = p[count_width] != 0;
    const unsigned char* first = p + count_width + 1;
    std::vector<unsigned char> magnitude(first, first + digits);
    while (!magnitude.empty() && magnitude.back() == 0) magnitude.pop_back();
    *index += static_cast<int>(1 + count_width + 1 + digits);
    return Term(BigInteger{magnitude_to_decimal(std::move(magnitude), negative)});
  }

  std::expected<Term, std::string> floating(int* index, int tag) {
    if (!available(*index, tag == NEW_FLOAT_EXT ? 9 : 32)) return fail(*index, "truncated float");
    double value = 0;
    int start = *index;
    if (ei_decode_double(buf_, index, &value) < 0) return fail(start, "bad float");
    // Erlang has no NaN or infinities: such bytes did not come from a node.
    if (!std::isfinite(value)) return fail(start, "float is not finite");
    return Term(value);
  }

  std::expected<Term, std::string> atom(int* index, int tag, int size) {
    int header = (tag == ERL_SMALL_ATOM_EXT || tag == ERL_SMALL_ATOM_UTF8_EXT) ? 2 : 3;
    if (size < 0 || !available(*index, header + static_cast<std::size_t>(size))) return fail(*index, "truncated atom");
    char name[MAXATOMLEN_UTF8];
    int start = *index;
    if (ei_decode_atom_as(buf_, index, name, sizeof name, ERLANG_UTF8, nullptr, nullptr) < 0) {
      return fail(start, "bad atom");
    }
    if (!is_valid_utf8(name)) return fail(start, "atom is not valid UTF-8");
    return Term::atom(name);
  }

  std::expected<Term, std::string> tuple(int* index, int depth) {
    int arity = 0;
    if (ei_decode_tuple_header(buf_, index, &arity) < 0) return fail(*index, "bad tuple header");
    if (arity < 0) return fail(*index, "tuple longer than the data");
    if (!available(*index, static_cast<std::size_t>(arity))) return fail(*index, "tuple longer than the data");
    std::vector<Term> elements;
    elements.reserve(arity);
    for (int i = 0; i < arity; ++i) {
      auto element = term(index, depth + 1);
      if (!element) return element;
      elements.push_back(std::move(*element));
    }
    return Term::tuple(std::move(elements));
  }

  std::expected<Term, std::string> list(int* index, int depth) {
    const bool nil = static_cast<unsigned char>(buf_[*index]) == ERL_NIL_EXT;
    int arity = 0;
    if (ei_decode_list_header(buf_, index, &arity) < 0) return fail(*index, "bad list header");
    if (arity < 0) return fail(*index, "list longer than the data");
    if (arity == 0) {
      // NIL_EXT, or a LIST_EXT of no elements (no node sends one): that is just its tail.
      if (nil) return Term::list({});
      return term(index, depth + 1);
    }
    if (!available(*index, static_cast<std::size_t>(arity) + 1)) return fail(*index, "list longer than the data");
    List result;
    result.elements.reserve(arity);
    for (int i = 0; i < arity; ++i) {
      auto element = term(index, depth + 1);
      if (!element) return element;
      result.elements.push_back(std::move(*element));
    }
    if (!available(*index, 1)) return fail(*index, "list without a tail");
    if (static_cast<unsigned char>(buf_[*index]) == ERL_NIL_EXT) {
      ++*index;
    } else {
      auto tail = term(index, depth + 1);
      if (!tail) return tail;
      if (const auto* more = std::get_if<List>(&tail->value())) {
        // [a | [b | c]] is [a, b | c]: splice, so that one term has one form (and one encoding).
        result.elements.insert(result.elements.end(), more->elements.begin(), more->elements.end());
        result.tail = more->tail;
      } else {
        result.tail = std::make_shared<const Term>(std::move(*tail));
      }
    }
    return Term(std::move(result));
  }

  // A list of small integers that Erlang packs as bytes.
  std::expected<Term, std::string> string(int* index, int size) {
    if (size < 0 || !available(*index, 3 + static_cast<std::size_t>(size))) return fail(*index, "truncated string");
    const unsigned char* p = bytes_at(*index + 3);
    std::vector<Term> codes;
    codes.reserve(size);
    for (int i = 0; i < size; ++i) codes.push_back(Term::integer(p[i]));
    *index += 3 + size;
    return Term::list(std::move(codes));
  }

  std::expected<Term, std::string> binary(int* index, int size) {
    if (size < 0 || !available(*index, 5 + static_cast<std::size_t>(size))) return fail(*index, "truncated binary");
    std::string bytes(static_cast<std::size_t>(size), '\0');
    long length = 0;
    if (ei_decode_binary(buf_, index, bytes.data(), &length) < 0) return fail(*index, "bad binary");
    return Term::binary(bytes);
  }

  std::expected<Term, std::string> map(int* index, int depth) {
    int arity = 0;
    if (ei_decode_map_header(buf_, index, &arity) < 0) return fail(*index, "bad map header");
    if (arity < 0) return fail(*index, "map longer than the data");
    if (!available(*index, 2 * static_cast<std::size_t>(arity))) return fail(*index, "map longer than the data");
    Map result;
    for (int i = 0; i < arity; ++i) {
      auto key = term(index, depth + 1);
      if (!key) return key;
      auto value = term(index, depth + 1);
      if (!value) return value;
      result.keys.push_back(std::move(*key));
      result.values.push_back(std::move(*value));
    }
    return Term(std::move(result));
  }

  // Pids, ports, refs, funs and bitstrings are kept as bytes. Their lengths follow from the
  // documented layouts (an atom for the node, then fixed-width fields), checked before libei reads.
  std::expected<Term, std::string> opaque(int* index, Opaque::Kind kind) {
    int start = *index;
    auto length = opaque_length(start);
    if (!length || !available(start, *length)) return fail(start, "truncated or unknown opaque term");
    std::string text = kind == Opaque::Kind::kFun         ? "#Fun<>"
                       : kind == Opaque::Kind::kBitstring ? "<<bitstring>>"
                                                          : print_with_libei(start);
    *index = start + static_cast<int>(*length);
    return Term(Opaque{kind, std::string(buf_ + start, *length), std::move(text)});
  }

  std::optional<std::size_t> opaque_length(int start) {
    int tag = static_cast<unsigned char>(buf_[start]);
    auto after_atom = [&](int at) -> std::optional<std::size_t> {
      auto atom = atom_length(at);
      if (!atom) return std::nullopt;
      return static_cast<std::size_t>(at - start) + *atom;
    };
    auto plus = [](std::optional<std::size_t> head, std::size_t tail) -> std::optional<std::size_t> {
      if (!head) return std::nullopt;
      return *head + tail;
    };
    switch (tag) {
      case ERL_NEW_PID_EXT: return plus(after_atom(start + 1), 12);
      case ERL_PID_EXT: return plus(after_atom(start + 1), 9);
      case ERL_V4_PORT_EXT: return plus(after_atom(start + 1), 12);
      case ERL_NEW_PORT_EXT: return plus(after_atom(start + 1), 8);
      case ERL_PORT_EXT: return plus(after_atom(start + 1), 5);
      case ERL_REFERENCE_EXT: return plus(after_atom(start + 1), 5);
      case ERL_NEWER_REFERENCE_EXT:
      case ERL_NEW_REFERENCE_EXT: {
        if (!available(start, 3)) return std::nullopt;
        std::size_t words = (std::size_t{bytes_at(start + 1)[0]} << 8) | bytes_at(start + 1)[1];
        std::size_t creation = tag == ERL_NEWER_REFERENCE_EXT ? 4 : 1;
        return plus(after_atom(start + 3), creation + 4 * words);
      }
      case ERL_NEW_FUN_EXT:  // its Size field counts itself and all that follows the tag
        if (!available(start, 5)) return std::nullopt;
        return 1 + std::size_t{read_be32(bytes_at(start + 1))};
      case ERL_EXPORT_EXT: {
        auto module = atom_length(start + 1);
        if (!module) return std::nullopt;
        auto function = atom_length(start + 1 + static_cast<int>(*module));
        if (!function) return std::nullopt;
        return 1 + *module + *function + 2;  // arity: SMALL_INTEGER_EXT
      }
      case ERL_BIT_BINARY_EXT:
        if (!available(start, 6)) return std::nullopt;
        return 6 + std::size_t{read_be32(bytes_at(start + 1))};
      default:
        return std::nullopt;
    }
  }

  // The encoded length of the atom at `at`, or nullopt if none is there.
  std::optional<std::size_t> atom_length(int at) {
    if (!available(at, 3)) return std::nullopt;
    int tag = static_cast<unsigned char>(buf_[at]);
    const unsigned char* p = bytes_at(at + 1);
    if (tag == ERL_SMALL_ATOM_EXT || tag == ERL_SMALL_ATOM_UTF8_EXT) return 2 + std::size_t{p[0]};
    if (tag == ERL_ATOM_EXT || tag == ERL_ATOM_UTF8_EXT) return 3 + ((std::size_t{p[0]} << 8) | p[1]);
    return std::nullopt;
  }

  std::string print_with_libei(int start) {
    char* printed = nullptr;
    int print_index = start;
    std::string text = ei_s_print_term(&printed, buf_, &print_index) >= 0 && printed ? printed : "#Opaque<>";
    std::free(printed);
    return text;
  }

  std::string_view data_;
  const char* buf_;
};

// SMALL_BIG_EXT or LARGE_BIG_EXT for a decimal integer: the inverse of magnitude_to_decimal().
std::string big_integer_external(const BigInteger& big) {
  bool negative = !big.decimal.empty() && big.decimal[0] == '-';
  std::vector<unsigned char> digits;  // base 256, little-endian
  for (char c : big.decimal.substr(negative ? 1 : 0)) {
    unsigned carry = static_cast<unsigned>(c - '0');
    for (unsigned char& digit : digits) {
      unsigned value = digit * 10u + carry;
      digit = static_cast<unsigned char>(value & 0xFF);
      carry = value >> 8;
    }
    if (carry) digits.push_back(static_cast<unsigned char>(carry));
  }
  std::string out;
  if (digits.size() <= 255) {
    out += static_cast<char>(ERL_SMALL_BIG_EXT);
    out += static_cast<char>(digits.size());
  } else {
    out += static_cast<char>(ERL_LARGE_BIG_EXT);
    for (int shift : {24, 16, 8, 0}) out += static_cast<char>((digits.size() >> shift) & 0xFF);
  }
  out += static_cast<char>(negative ? 1 : 0);
  out.append(digits.begin(), digits.end());
  return out;
}

// Whether Erlang would send `elements` as STRING_EXT: 1 to 65535 integers, each 0..255.
bool is_byte_string(const std::vector<Term>& elements) {
  if (elements.empty() || elements.size() > 65535) return false;
  return std::all_of(elements.begin(), elements.end(), [](const Term& element) {
    const std::int64_t* n = element.integer_value();
    return n && *n >= 0 && *n <= 255;
  });
}

void encode_into(ei_x_buff* out, const Term& term) {
  struct Encoder {
    ei_x_buff* out;
    void operator()(const Atom& a) { ei_x_encode_atom_len_as(out, a.name.data(), static_cast<int>(a.name.size()), ERLANG_UTF8, ERLANG_UTF8); }
    void operator()(std::int64_t n) { ei_x_encode_longlong(out, n); }
    void operator()(const BigInteger& b) {
      std::string bytes = big_integer_external(b);
      ei_x_append_buf(out, bytes.data(), static_cast<int>(bytes.size()));
    }
    void operator()(double d) { ei_x_encode_double(out, d); }
    void operator()(const Tuple& t) {
      ei_x_encode_tuple_header(out, static_cast<long>(t.elements.size()));
      for (const Term& element : t.elements) encode_into(out, element);
    }
    void operator()(const List& l) {
      if (!l.tail && is_byte_string(l.elements)) {
        // As Erlang packs a list of bytes (a charlist, mostly): STRING_EXT, one byte per element.
        std::string bytes;
        for (const Term& element : l.elements) bytes += static_cast<char>(*element.integer_value());
        ei_x_encode_string_len(out, bytes.data(), static_cast<int>(bytes.size()));
        return;
      }
      if (!l.elements.empty()) {
        ei_x_encode_list_header(out, static_cast<long>(l.elements.size()));
        for (const Term& element : l.elements) encode_into(out, element);
      }
      if (l.tail && !l.elements.empty()) {
        encode_into(out, *l.tail);
      } else {
        ei_x_encode_empty_list(out);
      }
    }
    void operator()(const Binary& b) { ei_x_encode_binary(out, b.bytes.data(), static_cast<int>(b.bytes.size())); }
    void operator()(const Map& m) {
      ei_x_encode_map_header(out, static_cast<long>(m.keys.size()));
      for (std::size_t i = 0; i < m.keys.size(); ++i) {
        encode_into(out, m.keys[i]);
        encode_into(out, m.values[i]);
      }
    }
    void operator()(const Opaque& o) { ei_x_append_buf(out, o.external.data(), static_cast<int>(o.external.size())); }
  };
  std::visit(Encoder{out}, term.value());
}

}  // namespace

std::expected<Term, std::string> decode_term(std::string_view data, int* index) {
  return Decoder(data).term(index, 0);
}

std::expected<Term, std::string> decode_external(std::string_view data) {
  if (data.empty() || static_cast<unsigned char>(data[0]) != 131) {
    return std::unexpected(std::string("bad Erlang term: no version byte"));
  }
  int index = 1;
  auto term = decode_term(data, &index);
  if (term && static_cast<std::size_t>(index) < data.size()) {
    return std::unexpected("bad Erlang term: " + std::to_string(data.size() - index) + " bytes after the term");
  }
  return term;
}

std::string encode_term(const Term& term) {
  EiBuffer buffer;
  encode_into(buffer.get(), term);
  return std::string(buffer.bytes());
}

std::string encode_external(const Term& term) {
  EiBuffer buffer;
  ei_x_encode_version(buffer.get());
  encode_into(buffer.get(), term);
  return std::string(buffer.bytes());
}

}  // namespace ejcluster::erl
