#include "erl/term.h"

#include <doctest/doctest.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ejcluster::erl {
namespace {

Term improper(std::vector<Term> elements, Term tail) {
  return Term(List{std::move(elements), std::make_shared<const Term>(std::move(tail))});
}

Term map_of(std::vector<Term> keys, std::vector<Term> values) { return Term(Map{std::move(keys), std::move(values)}); }

Term opaque_pid(std::string external, std::string printed) {
  return Term(Opaque{Opaque::Kind::kPid, std::move(external), std::move(printed)});
}

TEST_CASE("term: the default term is the empty list") {
  Term empty;
  CHECK(empty.is_list());
  REQUIRE(empty.list_elements() != nullptr);
  CHECK(empty.list_elements()->empty());
  CHECK(empty == Term::list({}));
  CHECK(empty.to_string() == "[]");
}

TEST_CASE("term: named constructors make the kind they name") {
  CHECK(Term::atom("ok").is_atom());
  CHECK(Term::integer(7).is_integer());
  CHECK(Term::tuple({Term::atom("a")}).is_tuple());
  CHECK(Term::list({Term::atom("a")}).is_list());
  CHECK(Term::charlist("abc").is_list());
  CHECK(std::holds_alternative<Binary>(Term::binary("abc").value()));
  CHECK(map_of({}, {}).is_map());
  CHECK(std::holds_alternative<double>(Term(2.5).value()));
  CHECK(std::holds_alternative<BigInteger>(Term(BigInteger{"18446744073709551616"}).value()));
}

TEST_CASE("term: charlist turns UTF-8 text into character codes") {
  struct Row {
    std::string text;
    std::vector<std::int64_t> codes;
  };
  const Row rows[] = {
      {"", {}},
      {"abc", {'a', 'b', 'c'}},
      {"h\xC3\xA9", {'h', 0xE9}},                    // é: two bytes, one code
      {"\xE2\x82\xAC", {0x20AC}},                    // €: three bytes
      {"\xF0\x9F\x90\x98", {0x1F418}},               // an emoji: four bytes
      {"a\xFF" "b", {'a', 0xFF, 'b'}},               // not UTF-8: the byte itself
      {"\xC3", {0xC3}},                              // a sequence cut short
  };
  for (const Row& row : rows) {
    CAPTURE(row.text);
    Term term = Term::charlist(row.text);
    REQUIRE(term.list_elements() != nullptr);
    std::vector<std::int64_t> codes;
    for (const Term& element : *term.list_elements()) {
      REQUIRE(element.integer_value() != nullptr);
      codes.push_back(*element.integer_value());
    }
    CHECK(codes == row.codes);
  }
}

TEST_CASE("term: is_atom(name) and is_tuple(arity) match only that name and arity") {
  Term ok = Term::atom("ok");
  CHECK(ok.is_atom("ok"));
  CHECK_FALSE(ok.is_atom("error"));
  CHECK_FALSE(ok.is_atom(""));
  CHECK_FALSE(Term::binary("ok").is_atom("ok"));
  CHECK_FALSE(Term::charlist("ok").is_atom("ok"));

  Term pair = Term::tuple({Term::atom("a"), Term::integer(1)});
  CHECK(pair.is_tuple(2));
  CHECK_FALSE(pair.is_tuple(1));
  CHECK_FALSE(pair.is_tuple(3));
  CHECK(Term::tuple({}).is_tuple(0));
  CHECK_FALSE(Term::list({Term::atom("a"), Term::integer(1)}).is_tuple(2));
}

TEST_CASE("term: every accessor returns null for a term of another kind") {
  struct Row {
    const char* kind;
    Term term;
  };
  const Row rows[] = {
      {"atom", Term::atom("a")},
      {"integer", Term::integer(1)},
      {"big integer", Term(BigInteger{"-18446744073709551616"})},
      {"float", Term(1.5)},
      {"tuple", Term::tuple({Term::atom("a")})},
      {"proper list", Term::list({Term::atom("a")})},
      {"improper list", improper({Term::atom("a")}, Term::atom("b"))},
      {"binary", Term::binary("a")},
      {"map", map_of({Term::atom("a")}, {Term::integer(1)})},
      {"pid", opaque_pid("X", "<0.1.0>")},
  };
  for (const Row& row : rows) {
    INFO("kind: " << std::string(row.kind));
    std::string kind = row.kind;
    CHECK((row.term.atom_name() != nullptr) == (kind == "atom"));
    CHECK(row.term.is_atom() == (kind == "atom"));
    CHECK((row.term.integer_value() != nullptr) == (kind == "integer"));
    CHECK(row.term.is_integer() == (kind == "integer"));
    CHECK((row.term.tuple_elements() != nullptr) == (kind == "tuple"));
    CHECK(row.term.is_tuple() == (kind == "tuple"));
    CHECK((row.term.list_elements() != nullptr) == (kind == "proper list"));
    CHECK(row.term.is_list() == (kind == "proper list" || kind == "improper list"));
    CHECK((row.term.map() != nullptr) == (kind == "map"));
    CHECK(row.term.is_map() == (kind == "map"));
    if (kind != "map") CHECK(row.term.find("a") == nullptr);
  }
}

TEST_CASE("term: accessors return the contents") {
  Term atom = Term::atom("ejabberd@xmpp1");
  REQUIRE(atom.atom_name() != nullptr);
  CHECK(*atom.atom_name() == "ejabberd@xmpp1");

  Term number = Term::integer(-42);
  REQUIRE(number.integer_value() != nullptr);
  CHECK(*number.integer_value() == -42);

  Term tuple = Term::tuple({Term::atom("ok"), Term::integer(3)});
  REQUIRE(tuple.tuple_elements() != nullptr);
  CHECK(tuple.tuple_elements()->size() == 2);
  CHECK((*tuple.tuple_elements())[1] == Term::integer(3));

  Term list = Term::list({Term::atom("x"), Term::atom("y")});
  REQUIRE(list.list_elements() != nullptr);
  CHECK(*list.list_elements() == std::vector<Term>{Term::atom("x"), Term::atom("y")});
}

TEST_CASE("term: text() reads printable charlists and UTF-8 binaries, nothing else") {
  struct Row {
    const char* name;
    Term term;
    std::optional<std::string> text;
  };
  const Row rows[] = {
      {"charlist", Term::charlist("ejabberd"), "ejabberd"},
      {"charlist of Latin-1 codes", Term::list({Term::integer('h'), Term::integer(0xE9)}), "h\xC3\xA9"},
      {"charlist with an emoji", Term::list({Term::integer(0x1F418)}), "\xF0\x9F\x90\x98"},
      {"charlist with newline and tab", Term::charlist("a\nb\tc"), "a\nb\tc"},
      {"empty list", Term(), ""},
      {"binary", Term::binary("roster"), "roster"},
      {"UTF-8 binary", Term::binary("h\xC3\xA9llo"), "h\xC3\xA9llo"},
      {"empty binary", Term::binary(""), ""},
      {"list of control codes", Term::list({Term::integer(1), Term::integer(2)}), std::nullopt},
      {"list with an escape code", Term::list({Term::integer('a'), Term::integer(27)}), std::nullopt},
      {"list of a negative code", Term::list({Term::integer(-1)}), std::nullopt},
      {"list of a code beyond Unicode", Term::list({Term::integer(0x110000)}), std::nullopt},
      {"list holding an atom", Term::list({Term::atom("a")}), std::nullopt},
      {"list holding a nested string", Term::list({Term::charlist("a")}), std::nullopt},
      {"improper list of codes", improper({Term::integer('a')}, Term::integer('b')), std::nullopt},
      {"binary of non-UTF-8 bytes", Term::binary("\xFF\xFE"), std::nullopt},
      {"binary cut inside a UTF-8 sequence", Term::binary("h\xC3"), std::nullopt},
      {"binary with a control byte", Term::binary(std::string("a\x01", 2)), std::nullopt},
      {"binary with a NUL byte", Term::binary(std::string("a\0b", 3)), std::nullopt},
      {"atom", Term::atom("abc"), std::nullopt},
      {"integer", Term::integer(97), std::nullopt},
      {"tuple", Term::tuple({Term::integer(97)}), std::nullopt},
  };
  for (const Row& row : rows) {
    INFO("row: " << std::string(row.name));
    CHECK(row.term.text() == row.text);
  }
}

TEST_CASE("term: find() returns the value under an atom key of a map") {
  Term table = map_of({Term::atom("name"), Term::atom("size"), Term::binary("type"), Term::integer(1)},
                      {Term::atom("roster"), Term::integer(12), Term::atom("set"), Term::atom("one")});
  REQUIRE(table.find("name") != nullptr);
  CHECK(*table.find("name") == Term::atom("roster"));
  REQUIRE(table.find("size") != nullptr);
  CHECK(*table.find("size") == Term::integer(12));
  CHECK(table.find("type") == nullptr);  // the key is a binary, not an atom
  CHECK(table.find("1") == nullptr);
  CHECK(table.find("missing") == nullptr);
  CHECK(table.find("") == nullptr);
  CHECK(map_of({}, {}).find("name") == nullptr);
  // A list of pairs is not a map.
  CHECK(Term::list({Term::tuple({Term::atom("name"), Term::atom("x")})}).find("name") == nullptr);
}

TEST_CASE("term: find() returns the first of duplicate keys") {
  Term twice = map_of({Term::atom("k"), Term::atom("k")}, {Term::integer(1), Term::integer(2)});
  REQUIRE(twice.find("k") != nullptr);
  CHECK(*twice.find("k") == Term::integer(1));
}

TEST_CASE("term: to_string() prints terms as Erlang would") {
  struct Row {
    const char* name;
    Term term;
    const char* printed;
  };
  const Row rows[] = {
      {"plain atom", Term::atom("ok"), "ok"},
      {"atom with @ and digits", Term::atom("ejabberd@xmpp1"), "ejabberd@xmpp1"},
      {"atom with underscore", Term::atom("disc_copies"), "disc_copies"},
      {"atom starting upper case", Term::atom("Ejabberd@x"), "'Ejabberd@x'"},
      {"atom with a space", Term::atom("with space"), "'with space'"},
      {"atom with dots", Term::atom("ejabberd@xmpp1.example.com"), "'ejabberd@xmpp1.example.com'"},
      {"atom with a dash", Term::atom("a-b"), "'a-b'"},
      {"atom starting with a digit", Term::atom("1a"), "'1a'"},
      {"atom starting with underscore", Term::atom("_x"), "'_x'"},
      {"empty atom", Term::atom(""), "''"},
      {"atom with a quote", Term::atom("it's"), "'it\\'s'"},
      {"atom with a backslash", Term::atom("a\\b"), "'a\\\\b'"},
      {"integer", Term::integer(-17), "-17"},
      {"INT64_MIN", Term::integer(INT64_MIN), "-9223372036854775808"},
      {"big integer", Term(BigInteger{"-1180591620717411303424"}), "-1180591620717411303424"},
      {"float", Term(1.5), "1.5"},
      {"negative float", Term(-0.25), "-0.25"},
      {"empty tuple", Term::tuple({}), "{}"},
      {"tuple", Term::tuple({Term::atom("badrpc"), Term::atom("nodedown")}), "{badrpc,nodedown}"},
      {"empty list", Term(), "[]"},
      {"list of atoms", Term::list({Term::atom("a"), Term::atom("b")}), "[a,b]"},
      {"list of small integers", Term::list({Term::integer(1), Term::integer(2)}), "[1,2]"},
      {"string", Term::charlist("abc"), "\"abc\""},
      {"string with quotes", Term::charlist("say \"hi\""), "\"say \\\"hi\\\"\""},
      {"string with a newline", Term::charlist("a\nb"), "\"a\\nb\""},
      {"UTF-8 string", Term::charlist("h\xC3\xA9"), "\"h\xC3\xA9\""},
      {"binary text", Term::binary("abc"), "<<\"abc\">>"},
      {"binary of control bytes", Term::binary(std::string("\x01\x02", 2)), "<<1,2>>"},
      {"binary with NUL", Term::binary(std::string("\0a", 2)), "<<0,97>>"},
      {"improper list", improper({Term::atom("a")}, Term::atom("b")), "[a|b]"},
      {"improper list of codes", improper({Term::integer(97), Term::integer(98)}, Term::integer(99)), "[97,98|99]"},
      {"map", map_of({Term::atom("a")}, {Term::integer(1)}), "#{a => 1}"},
      {"map of two", map_of({Term::atom("a"), Term::binary("b")}, {Term::integer(1), Term::charlist("x")}),
       "#{a => 1,<<\"b\">> => \"x\"}"},
      {"empty map", map_of({}, {}), "#{}"},
      {"pid", opaque_pid("bytes", "<ejabberd@xmpp1.12.0>"), "<ejabberd@xmpp1.12.0>"},
      {"nested", Term::tuple({Term::atom("ok"), Term::list({Term::tuple({Term::atom("roster"), Term::binary("x")})})}),
       "{ok,[{roster,<<\"x\">>}]}"},
  };
  for (const Row& row : rows) {
    INFO("row: " << std::string(row.name));
    CHECK(row.term.to_string() == row.printed);
  }
}

TEST_CASE("term: equality compares kind and contents") {
  CHECK(Term::atom("a") == Term::atom("a"));
  CHECK(Term::atom("a") != Term::atom("b"));
  CHECK(Term::atom("a") != Term::binary("a"));
  CHECK(Term::binary("a") != Term::charlist("a"));
  CHECK(Term::integer(1) != Term(1.0));
  CHECK(Term::integer(1) == Term::integer(1));
  CHECK(Term(BigInteger{"18446744073709551616"}) == Term(BigInteger{"18446744073709551616"}));
  CHECK(Term(BigInteger{"18446744073709551616"}) != Term(BigInteger{"-18446744073709551616"}));
  CHECK(Term::tuple({Term::atom("a")}) != Term::list({Term::atom("a")}));
  CHECK(Term::tuple({Term::atom("a"), Term::integer(1)}) == Term::tuple({Term::atom("a"), Term::integer(1)}));
  CHECK(Term::tuple({Term::atom("a"), Term::integer(1)}) != Term::tuple({Term::atom("a"), Term::integer(2)}));
  CHECK(Term::list({Term::atom("a")}) != Term::list({Term::atom("a"), Term::atom("a")}));
  CHECK(Term::charlist("abc") == Term::list({Term::integer('a'), Term::integer('b'), Term::integer('c')}));
  CHECK(map_of({Term::atom("a")}, {Term::integer(1)}) == map_of({Term::atom("a")}, {Term::integer(1)}));
  CHECK(map_of({Term::atom("a")}, {Term::integer(1)}) != map_of({Term::atom("a")}, {Term::integer(2)}));
  CHECK(map_of({Term::atom("a")}, {Term::integer(1)}) != map_of({Term::atom("b")}, {Term::integer(1)}));
}

TEST_CASE("term: equality of improper lists compares their tails") {
  Term a_b = improper({Term::atom("a")}, Term::atom("b"));
  CHECK(a_b == improper({Term::atom("a")}, Term::atom("b")));
  CHECK(a_b != improper({Term::atom("a")}, Term::atom("c")));
  CHECK(a_b != improper({Term::atom("x")}, Term::atom("b")));
  CHECK(a_b != Term::list({Term::atom("a"), Term::atom("b")}));
  CHECK(Term::list({Term::atom("a"), Term::atom("b")}) != a_b);
  CHECK(a_b != Term::list({Term::atom("a")}));
  CHECK(Term::list({Term::atom("a")}) != a_b);
  // Nested improper tails.
  Term deep = improper({Term::integer(1)}, improper({Term::integer(2)}, Term::integer(3)));
  CHECK(deep == improper({Term::integer(1)}, improper({Term::integer(2)}, Term::integer(3))));
  CHECK(deep != improper({Term::integer(1)}, improper({Term::integer(2)}, Term::integer(4))));
}

TEST_CASE("term: opaque terms are equal by kind and bytes, whatever their printed form") {
  CHECK(opaque_pid("abc", "<0.1.0>") == opaque_pid("abc", "something else"));
  CHECK(opaque_pid("abc", "<0.1.0>") != opaque_pid("abd", "<0.1.0>"));
  CHECK(opaque_pid("abc", "p") != Term(Opaque{Opaque::Kind::kRef, "abc", "p"}));
}

TEST_CASE("term: copies are equal and independent of the original") {
  Term original = Term::tuple({Term::atom("ok"), improper({Term::atom("a")}, Term::atom("b"))});
  Term copy = original;
  CHECK(copy == original);
  original = Term::atom("changed");
  CHECK(copy.is_tuple(2));
  CHECK(copy.to_string() == "{ok,[a|b]}");
}

TEST_CASE("term: binaries that are not UTF-8 text print as bytes; empty ones as <<>>") {
  CHECK(Term::binary("\xFF\xFE").to_string() == "<<255,254>>");
  CHECK(Term::binary("").to_string() == "<<>>");
  CHECK(Term::binary("ok").to_string() == "<<\"ok\">>");
}

TEST_CASE("term: floats print in their shortest exact form, always with a point") {
  CHECK(Term(1.0).to_string() == "1.0");
  CHECK(Term(0.1).to_string() == "0.1");
  CHECK(Term(-2.5).to_string() == "-2.5");
  CHECK(Term(1e300).to_string() == "1e+300");
}

TEST_CASE("term: take_tuple_elements moves a tuple's elements out, and gives nothing for other terms") {
  Term reply = Term::tuple({Term::atom("rex"), Term::list({Term::atom("a"), Term::integer(1)})});
  std::vector<Term> elements = std::move(reply).take_tuple_elements();
  REQUIRE(elements.size() == 2);
  CHECK(elements[0].is_atom("rex"));
  CHECK(elements[1].to_string() == "[a,1]");
  CHECK(std::move(Term::atom("x")).take_tuple_elements().empty());
  CHECK(Term::list({Term::atom("x")}).take_tuple_elements().empty());
}

}  // namespace
}  // namespace ejcluster::erl
