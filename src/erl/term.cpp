#include "erl/term.h"

#include <cstdio>
#include <cstdlib>

#include "erl/utf8.h"

namespace ejcluster::erl {

bool Tuple::operator==(const Tuple& other) const { return elements == other.elements; }

bool List::operator==(const List& other) const {
  if (elements != other.elements) return false;
  if (!tail || !other.tail) return !tail && !other.tail;
  return *tail == *other.tail;
}

bool Map::operator==(const Map& other) const {
  return keys == other.keys && values == other.values;
}

namespace {

bool is_printable(std::int64_t code) {
  return (code >= 0x20 && code < 0x7F) || code == '\n' || code == '\t' || (code >= 0xA0 && code <= 0x10FFFF);
}

void quote_into(std::string& out, std::string_view text, char quote) {
  out += quote;
  for (char c : text) {
    if (c == quote || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  out += quote;
}

bool atom_needs_quotes(std::string_view name) {
  if (name.empty() || !(name[0] >= 'a' && name[0] <= 'z')) return true;
  for (char c : name) {
    bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '@';
    if (!plain) return true;
  }
  return false;
}

void print_into(std::string& out, const Term& term);

void print_sequence(std::string& out, const std::vector<Term>& elements) {
  for (std::size_t i = 0; i < elements.size(); ++i) {
    if (i) out += ',';
    print_into(out, elements[i]);
  }
}

void print_into(std::string& out, const Term& term) {
  struct Printer {
    std::string& out;
    const Term& term;
    void operator()(const Atom& a) {
      if (atom_needs_quotes(a.name)) {
        quote_into(out, a.name, '\'');
      } else {
        out += a.name;
      }
    }
    void operator()(std::int64_t n) { out += std::to_string(n); }
    void operator()(const BigInteger& b) { out += b.decimal; }
    // The shortest text that reads back as the same double, with a '.' as Erlang prints floats.
    void operator()(double d) {
      char buffer[40];
      for (int precision = 1; precision <= 17; ++precision) {
        std::snprintf(buffer, sizeof buffer, "%.*g", precision, d);
        if (std::strtod(buffer, nullptr) == d) break;
      }
      std::string text = buffer;
      if (text.find_first_of(".eEn") == std::string::npos) text += ".0";
      out += text;
    }
    void operator()(const Tuple& t) {
      out += '{';
      print_sequence(out, t.elements);
      out += '}';
    }
    void operator()(const List& l) {
      if (auto text = term.text(); text && !l.elements.empty()) {
        quote_into(out, *text, '"');
        return;
      }
      out += '[';
      print_sequence(out, l.elements);
      if (l.tail) {
        out += '|';
        print_into(out, *l.tail);
      }
      out += ']';
    }
    void operator()(const Binary& b) {
      out += "<<";
      if (!b.bytes.empty() && term.text()) {
        quote_into(out, b.bytes, '"');
      } else {
        for (std::size_t i = 0; i < b.bytes.size(); ++i) {
          if (i) out += ',';
          out += std::to_string(static_cast<unsigned char>(b.bytes[i]));
        }
      }
      out += ">>";
    }
    void operator()(const Map& m) {
      out += "#{";
      for (std::size_t i = 0; i < m.keys.size(); ++i) {
        if (i) out += ',';
        print_into(out, m.keys[i]);
        out += " => ";
        print_into(out, m.values[i]);
      }
      out += '}';
    }
    void operator()(const Opaque& o) { out += o.printed; }
  };
  std::visit(Printer{out, term}, term.value());
}

}  // namespace

Term Term::charlist(std::string_view text) {
  std::vector<Term> codes;
  for (std::size_t i = 0; i < text.size();) {
    std::int64_t code = next_code_point(text, &i);
    if (code < 0) code = static_cast<unsigned char>(text[i++]);  // not UTF-8: take the byte
    codes.push_back(Term::integer(code));
  }
  return Term::list(std::move(codes));
}

bool Term::is_atom(std::string_view name) const {
  const std::string* own = atom_name();
  return own && *own == name;
}

bool Term::is_tuple(std::size_t arity) const {
  const auto* elements = tuple_elements();
  return elements && elements->size() == arity;
}

const std::string* Term::atom_name() const {
  const Atom* atom = std::get_if<Atom>(&value_);
  return atom ? &atom->name : nullptr;
}

std::vector<Term> Term::take_tuple_elements() && {
  Tuple* tuple = std::get_if<Tuple>(&value_);
  return tuple ? std::move(tuple->elements) : std::vector<Term>{};
}

const std::vector<Term>* Term::tuple_elements() const {
  const Tuple* tuple = std::get_if<Tuple>(&value_);
  return tuple ? &tuple->elements : nullptr;
}

const std::vector<Term>* Term::list_elements() const {
  const List* list = std::get_if<List>(&value_);
  return list && !list->tail ? &list->elements : nullptr;
}

std::optional<std::string> Term::text() const {
  if (const Binary* binary = std::get_if<Binary>(&value_)) {
    for (std::size_t i = 0; i < binary->bytes.size();) {
      std::int64_t code = next_code_point(binary->bytes, &i);
      if (code < 0 || !is_printable(code)) return std::nullopt;
    }
    return binary->bytes;
  }
  const auto* elements = list_elements();
  if (!elements) return std::nullopt;
  std::string out;
  for (const Term& element : *elements) {
    const std::int64_t* code = element.integer_value();
    if (!code || !is_printable(*code)) return std::nullopt;
    append_utf8(out, *code);
  }
  return out;
}

const Term* Term::find(std::string_view atom_key) const {
  const Map* m = map();
  if (!m) return nullptr;
  for (std::size_t i = 0; i < m->keys.size(); ++i) {
    if (m->keys[i].is_atom(atom_key)) return &m->values[i];
  }
  return nullptr;
}

std::string Term::to_string() const {
  std::string out;
  print_into(out, *this);
  return out;
}

}  // namespace ejcluster::erl
