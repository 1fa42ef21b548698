// term_codec against bytes that libei itself writes (the same library an Erlang node's peer uses),
// plus hand-built byte sequences where libei has no encoder (wide big integers, old tags, hostile
// headers).
#include "erl/term_codec.h"

#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <ei.h>

#include <climits>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <limits>
#include <memory>
#include <string>
#include <vector>

namespace ejcluster::erl {
namespace {

// The bytes libei writes for `build`, after the version byte, as a node would send them.
template <typename Build>
std::string ei_external(Build build) {
  ei_x_buff x;
  ei_x_new_with_version(&x);
  build(&x);
  std::string bytes(x.buff, static_cast<std::size_t>(x.index));
  ei_x_free(&x);
  return bytes;
}

// The same without the version byte.
template <typename Build>
std::string ei_bare(Build build) {
  ei_x_buff x;
  ei_x_new(&x);
  build(&x);
  std::string bytes(x.buff, static_cast<std::size_t>(x.index));
  ei_x_free(&x);
  return bytes;
}

std::string bytes_of(std::initializer_list<int> values) {
  std::string out;
  for (int v : values) out += static_cast<char>(v);
  return out;
}

void append_utf8_atom(ei_x_buff* x, const char* utf8) { ei_x_encode_atom_as(x, utf8, ERLANG_UTF8, ERLANG_UTF8); }

// A C node set up locally (no epmd, no network), only to mint pids and refs as libei makes them.
ei_cnode& test_cnode() {
  static ei_cnode node = [] {
    ei_init();
    ei_cnode made;
    in_addr address{};
    address.s_addr = htonl(INADDR_LOOPBACK);
    int rc = ei_connect_xinit(&made, "localhost", "ejtest", "ejtest@localhost", &address, "unit-cookie", 0);
    REQUIRE(rc == 0);
    return made;
  }();
  return node;
}

erlang_pid hand_pid() {
  erlang_pid pid{};
  std::strcpy(pid.node, "ejabberd@xmpp1");
  pid.num = 4711;
  pid.serial = 2;
  pid.creation = 1234;
  return pid;
}

// A big integer as the external term format lays it out: tag, digit count, sign, little-endian
// base-256 digits.
std::string big_ext(bool large, bool negative, const std::vector<unsigned char>& digits) {
  std::string out(1, static_cast<char>(131));
  if (large) {
    out += static_cast<char>(ERL_LARGE_BIG_EXT);
    std::uint32_t n = static_cast<std::uint32_t>(digits.size());
    out += static_cast<char>(n >> 24);
    out += static_cast<char>(n >> 16);
    out += static_cast<char>(n >> 8);
    out += static_cast<char>(n);
  } else {
    out += static_cast<char>(ERL_SMALL_BIG_EXT);
    out += static_cast<char>(digits.size());
  }
  out += static_cast<char>(negative ? 1 : 0);
  for (unsigned char d : digits) out += static_cast<char>(d);
  return out;
}

std::vector<unsigned char> digits_with_top(std::size_t count, unsigned char top) {
  std::vector<unsigned char> digits(count, 0);
  digits.back() = top;
  return digits;
}

const BigInteger* as_big(const Term& term) { return std::get_if<BigInteger>(&term.value()); }
const double* as_double(const Term& term) { return std::get_if<double>(&term.value()); }
const Opaque* as_opaque(const Term& term) { return std::get_if<Opaque>(&term.value()); }
const Binary* as_binary(const Term& term) { return std::get_if<Binary>(&term.value()); }
const List* as_list(const Term& term) { return std::get_if<List>(&term.value()); }

Term decoded(const std::string& bytes) {
  auto term = decode_external(bytes);
  REQUIRE_MESSAGE(term.has_value(), (term ? std::string() : term.error()));
  return *term;
}

// n nested one-element tuples (or lists) around the atom x.
std::string nested(int depth, bool lists) {
  return ei_external([&](ei_x_buff* x) {
    for (int i = 0; i < depth; ++i) {
      if (lists) {
        ei_x_encode_list_header(x, 1);
      } else {
        ei_x_encode_tuple_header(x, 1);
      }
    }
    append_utf8_atom(x, "x");
    if (lists) {
      for (int i = 0; i < depth; ++i) ei_x_encode_empty_list(x);
    }
  });
}

// -- integers -----------------------------------------------------------------------------------

TEST_CASE("term_codec: integers written by libei decode to the same value and print as decimal") {
  const std::int64_t values[] = {0,
                                 1,
                                 255,
                                 256,
                                 -1,
                                 -256,
                                 70000,
                                 INT32_MAX,
                                 INT32_MIN,
                                 std::int64_t{INT32_MAX} + 1,
                                 std::int64_t{INT32_MIN} - 1,
                                 std::int64_t{1} << 40,
                                 -(std::int64_t{1} << 40),
                                 std::numeric_limits<std::int64_t>::max(),
                                 std::numeric_limits<std::int64_t>::min()};
  for (std::int64_t n : values) {
    CAPTURE(n);
    std::string bytes = ei_external([&](ei_x_buff* x) { ei_x_encode_longlong(x, n); });
    Term term = decoded(bytes);
    REQUIRE(term.integer_value() != nullptr);
    CHECK(*term.integer_value() == n);
    CHECK(term == Term::integer(n));
    CHECK(term.to_string() == std::to_string(n));
    CHECK(encode_external(term) == bytes);
  }
}

TEST_CASE("term_codec: ei_x_encode_long and ei_x_encode_longlong agree") {
  for (long n : {0L, 42L, -42L, 123456789L, -123456789L}) {
    CAPTURE(n);
    Term from_long = decoded(ei_external([&](ei_x_buff* x) { ei_x_encode_long(x, n); }));
    CHECK(from_long == Term::integer(n));
  }
}

TEST_CASE("term_codec: unsigned values above INT64_MAX decode as big integers with their decimal text") {
  struct Row {
    std::uint64_t value;
    const char* decimal;
  };
  const Row rows[] = {
      {std::uint64_t{1} << 63, "9223372036854775808"},
      {std::numeric_limits<std::uint64_t>::max(), "18446744073709551615"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.decimal);
    Term term = decoded(ei_external([&](ei_x_buff* x) { ei_x_encode_ulonglong(x, row.value); }));
    CHECK_FALSE(term.is_integer());
    REQUIRE(as_big(term) != nullptr);
    CHECK(as_big(term)->decimal == row.decimal);
    CHECK(term.to_string() == row.decimal);
  }
}

TEST_CASE("term_codec: hand-built SMALL_BIG_EXT and LARGE_BIG_EXT give their decimal text") {
  struct Row {
    const char* name;
    std::string bytes;
    const char* decimal;
  };
  const Row rows[] = {
      {"2^64, small big", big_ext(false, false, digits_with_top(9, 1)), "18446744073709551616"},
      {"-(2^64), small big", big_ext(false, true, digits_with_top(9, 1)), "-18446744073709551616"},
      {"-(2^70), small big", big_ext(false, true, digits_with_top(9, 0x40)), "-1180591620717411303424"},
      {"2^64, large big", big_ext(true, false, digits_with_top(9, 1)), "18446744073709551616"},
      {"2^63, 8 digits", big_ext(false, false, digits_with_top(8, 0x80)), "9223372036854775808"},
      {"2^64 with zero padding digits", big_ext(false, false, {0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0}),
       "18446744073709551616"},
      {"2^2048-1: 256 digit bytes of 0xFF", big_ext(true, false, std::vector<unsigned char>(256, 0xFF)),
       "323170060713110073007148766886699519604441026697154840321303454275246551388678908931972014"
       "115229134636887179609218980194941195591504909210950881523864482831206308773673009960917501"
       "977503896521067960576383840675682767922186426197561618380943384761704705816458520363050428"
       "875758915410658086075523991239303855219143333896683424206849747865645694948561760353263220"
       "580778056593310261927084603141502585928641771167259436037184618573575983511523016459044036"
       "976132332872312271256847108202097251571017269313234696785425806566979350459972683529986382"
       "15525166389437335543602135433229604645318478604952148193555853611059596230655"},
  };
  for (const Row& row : rows) {
    INFO("row: " << std::string(row.name));
    Term term = decoded(row.bytes);
    REQUIRE(as_big(term) != nullptr);
    CHECK(as_big(term)->decimal == row.decimal);
    CHECK(term.to_string() == row.decimal);
  }
}

TEST_CASE("term_codec: a negative LARGE_BIG_EXT of 300 digit bytes gives its decimal text") {
  std::vector<unsigned char> digits;
  for (int i = 0; i < 300; ++i) digits.push_back(static_cast<unsigned char>((i * 37 + 11) % 256));
  Term term = decoded(big_ext(true, true, digits));
  REQUIRE(as_big(term) != nullptr);
  // Computed independently (Python: -sum(d << 8*i)).
  CHECK(as_big(term)->decimal ==
        "-76570816918929363876616026588061170955815204198054024772208278381434428796621737574347225"
        "595174360517375759089288234688709973830677406090857902874590146597380449176927361804544479"
        "181048285695830399823819144815786723166343482403062273782140414280344380496932711406413796"
        "209204719369032096323440061479920365002035646222465664647750080541796850491853729088722473"
        "354837881550265483606132687678307918406461089970128578242955306063619854591078644831791137"
        "299584352200451332327726032328537330001031075322243674625196253341714306219696456897910007"
        "184591608047404785557324952121658529264158491191662827124627450552864837557183925092767523"
        "092276122070690542402779547249627556807830425647217677414836122150038789417067757972462317"
        "579");
}

TEST_CASE("term_codec: big-integer encodings of values that fit in 64 bits decode as integers") {
  struct Row {
    const char* name;
    std::string bytes;
    std::int64_t value;
  };
  const Row rows[] = {
      {"INT64_MIN as 8 digits", big_ext(false, true, digits_with_top(8, 0x80)), std::numeric_limits<std::int64_t>::min()},
      {"5 padded to 12 digits", big_ext(false, false, {5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}), 5},
      {"-5 as large big", big_ext(true, true, {5}), -5},
      {"zero digits", big_ext(false, false, {}), 0},
  };
  for (const Row& row : rows) {
    INFO("row: " << std::string(row.name));
    Term term = decoded(row.bytes);
    REQUIRE(term.integer_value() != nullptr);
    CHECK(*term.integer_value() == row.value);
  }
}

// -- floats -------------------------------------------------------------------------------------

TEST_CASE("term_codec: floats written by libei decode exactly and re-encode to the same bytes") {
  const double values[] = {0.0,
                           -0.0,
                           1.5,
                           -2.25,
                           0.1,
                           3.141592653589793,
                           1e300,
                           -1e-300,
                           std::numeric_limits<double>::denorm_min(),
                           std::numeric_limits<double>::max()};
  for (double d : values) {
    CAPTURE(d);
    std::string bytes = ei_external([&](ei_x_buff* x) { ei_x_encode_double(x, d); });
    Term term = decoded(bytes);
    REQUIRE(as_double(term) != nullptr);
    CHECK(*as_double(term) == d);
    CHECK(encode_external(term) == bytes);
  }
}

TEST_CASE("term_codec: the old text FLOAT_EXT decodes") {
  std::string bytes = bytes_of({131, ERL_FLOAT_EXT});
  std::string text = "1.50000000000000000000e+00";
  text.resize(31, '\0');
  bytes += text;
  Term term = decoded(bytes);
  REQUIRE(as_double(term) != nullptr);
  CHECK(*as_double(term) == 1.5);
}

// -- atoms --------------------------------------------------------------------------------------

TEST_CASE("term_codec: UTF-8 atoms decode to their UTF-8 name and re-encode to the same bytes") {
  std::string long_name;
  for (int i = 0; i < 150; ++i) long_name += "\xC3\xA9";  // 150 x 'é': 300 bytes, ATOM_UTF8_EXT
  const std::string names[] = {"ejabberd", "ejabberd@xmpp1.example.com", "h\xC3\xA9llo", "\xF0\x9F\x90\x98", "",
                               "with space", std::string(255, 'a'), long_name};
  for (const std::string& name : names) {
    CAPTURE(name);
    std::string bytes = ei_external([&](ei_x_buff* x) { append_utf8_atom(x, name.c_str()); });
    Term term = decoded(bytes);
    REQUIRE(term.atom_name() != nullptr);
    CHECK(*term.atom_name() == name);
    CHECK(term.is_atom(name));
    CHECK(encode_external(term) == bytes);
  }
}

TEST_CASE("term_codec: Latin-1 atom tags are converted to UTF-8 names") {
  struct Row {
    const char* name;
    std::string bytes;
    const char* expected;
  };
  const Row rows[] = {
      {"ATOM_EXT", bytes_of({131, ERL_ATOM_EXT, 0, 5, 'h', 0xE9, 'l', 'l', 'o'}), "h\xC3\xA9llo"},
      {"SMALL_ATOM_EXT", bytes_of({131, ERL_SMALL_ATOM_EXT, 3, 'a', 'b', 'c'}), "abc"},
      {"ATOM_UTF8_EXT", bytes_of({131, ERL_ATOM_UTF8_EXT, 0, 2, 0xC3, 0xA9}), "\xC3\xA9"},
  };
  for (const Row& row : rows) {
    INFO("row: " << std::string(row.name));
    Term term = decoded(row.bytes);
    CHECK(term.is_atom(row.expected));
  }
}

// -- strings and binaries -----------------------------------------------------------------------

TEST_CASE("term_codec: STRING_EXT decodes to a list of integers whose text() is the string") {
  Term term = decoded(ei_external([](ei_x_buff* x) { ei_x_encode_string(x, "hello"); }));
  REQUIRE(term.list_elements() != nullptr);
  REQUIRE(term.list_elements()->size() == 5);
  CHECK((*term.list_elements())[0] == Term::integer('h'));
  CHECK((*term.list_elements())[4] == Term::integer('o'));
  CHECK(term == Term::charlist("hello"));
  CHECK(term.text() == "hello");
  CHECK(term.to_string() == "\"hello\"");
}

TEST_CASE("term_codec: a Latin-1 STRING_EXT reads back as UTF-8 text") {
  Term term = decoded(ei_external([](ei_x_buff* x) { ei_x_encode_string(x, "caf\xE9"); }));
  REQUIRE(term.list_elements() != nullptr);
  CHECK((*term.list_elements())[3] == Term::integer(0xE9));
  CHECK(term.text() == "caf\xC3\xA9");
}

TEST_CASE("term_codec: the empty string is the empty list") {
  Term term = decoded(ei_external([](ei_x_buff* x) { ei_x_encode_string(x, ""); }));
  CHECK(term == Term());
  CHECK(term.text() == "");
}

TEST_CASE("term_codec: a string longer than 65535 bytes (sent as a list) decodes with every character") {
  std::string text(70000, 'z');
  Term term = decoded(ei_external([&](ei_x_buff* x) { ei_x_encode_string(x, text.c_str()); }));
  CHECK(term.text() == text);
}

TEST_CASE("term_codec: STRING_EXT re-encodes as an equal term") {
  Term term = decoded(ei_external([](ei_x_buff* x) { ei_x_encode_string(x, "ejabberd@xmpp1"); }));
  CHECK(decoded(encode_external(term)) == term);
}

TEST_CASE("term_codec: binaries keep every byte, including non-UTF-8 and NUL bytes") {
  const std::string payloads[] = {"", "abc", std::string("\x00\xFF\xFE\x80", 4), "h\xC3\xA9llo",
                                  std::string(100000, '\x01')};
  for (const std::string& payload : payloads) {
    CAPTURE(payload.size());
    std::string bytes =
        ei_external([&](ei_x_buff* x) { ei_x_encode_binary(x, payload.data(), static_cast<int>(payload.size())); });
    Term term = decoded(bytes);
    REQUIRE(as_binary(term) != nullptr);
    CHECK(as_binary(term)->bytes == payload);
    CHECK(encode_external(term) == bytes);
  }
}

TEST_CASE("term_codec: a binary of non-UTF-8 bytes has no text; a UTF-8 one does") {
  Term invalid = decoded(ei_external([](ei_x_buff* x) { ei_x_encode_binary(x, "\xFF\xFE", 2); }));
  CHECK_FALSE(invalid.text().has_value());
  Term valid = decoded(ei_external([](ei_x_buff* x) { ei_x_encode_binary(x, "h\xC3\xA9llo", 6); }));
  CHECK(valid.text() == "h\xC3\xA9llo");
}

// -- containers ---------------------------------------------------------------------------------

TEST_CASE("term_codec: nested tuples and lists from ei_x_format decode to the same structure") {
  std::string bytes = ei_external([](ei_x_buff* x) {
    REQUIRE(ei_x_format_wo_ver(x, "{ok, [1, {a, \"s\"}, [x, y]], ~f, ~a}", 3.5, "b") == 0);
  });
  Term expected = Term::tuple({Term::atom("ok"),
                               Term::list({Term::integer(1), Term::tuple({Term::atom("a"), Term::charlist("s")}),
                                           Term::list({Term::atom("x"), Term::atom("y")})}),
                               Term(3.5), Term::atom("b")});
  Term term = decoded(bytes);
  CHECK(term == expected);
  CHECK(term.to_string() == "{ok,[1,{a,\"s\"},[x,y]],3.5,b}");
}

TEST_CASE("term_codec: a tuple of more than 255 elements (LARGE_TUPLE_EXT) decodes and re-encodes") {
  std::string bytes = ei_external([](ei_x_buff* x) {
    ei_x_encode_tuple_header(x, 300);
    for (int i = 0; i < 300; ++i) ei_x_encode_long(x, i);
  });
  CHECK(static_cast<unsigned char>(bytes[1]) == ERL_LARGE_TUPLE_EXT);
  Term term = decoded(bytes);
  REQUIRE(term.is_tuple(300));
  CHECK((*term.tuple_elements())[299] == Term::integer(299));
  CHECK(encode_external(term) == bytes);
}

TEST_CASE("term_codec: improper lists keep their tail") {
  std::string pair = ei_external([](ei_x_buff* x) {
    ei_x_encode_list_header(x, 1);
    append_utf8_atom(x, "a");
    append_utf8_atom(x, "b");
  });
  Term term = decoded(pair);
  REQUIRE(as_list(term) != nullptr);
  CHECK(term.list_elements() == nullptr);  // not a proper list
  REQUIRE(as_list(term)->tail != nullptr);
  CHECK(as_list(term)->elements == std::vector<Term>{Term::atom("a")});
  CHECK(*as_list(term)->tail == Term::atom("b"));
  CHECK(term.to_string() == "[a|b]");
  CHECK(encode_external(term) == pair);

  std::string longer = ei_external([](ei_x_buff* x) {
    ei_x_encode_list_header(x, 2);
    ei_x_encode_long(x, 1);
    ei_x_encode_long(x, 2);
    ei_x_encode_long(x, 3);
  });
  Term three = decoded(longer);
  CHECK(three.to_string() == "[1,2|3]");
  CHECK(three != Term::list({Term::integer(1), Term::integer(2), Term::integer(3)}));
  CHECK(encode_external(three) == longer);
}

TEST_CASE("term_codec: a list whose tail is a list is one list ([a | [b | c]] is [a, b | c])") {
  // Found by the term_decode fuzzer: the tail here is [x | ""], a STRING_EXT of no bytes.
  std::string nested_tail = bytes_of({131, 108, 0, 0, 0, 1, 119, 1, 'i', 108, 0, 0, 0, 1, 119, 1, 3, 107, 0, 0});
  Term term = decoded(nested_tail);
  CHECK(term == Term::list({Term::atom("i"), Term::atom("\x03")}));
  CHECK(decoded(encode_external(term)) == term);

  std::string improper_tail = ei_external([](ei_x_buff* x) {
    ei_x_encode_list_header(x, 1);
    append_utf8_atom(x, "a");
    ei_x_encode_list_header(x, 1);
    append_utf8_atom(x, "b");
    append_utf8_atom(x, "c");
  });
  Term spliced = decoded(improper_tail);
  CHECK(spliced.to_string() == "[a,b|c]");
  CHECK(decoded(encode_external(spliced)) == spliced);
}

TEST_CASE("term_codec: the empty list decodes to Term() and re-encodes as NIL_EXT") {
  std::string bytes = ei_external([](ei_x_buff* x) { ei_x_encode_empty_list(x); });
  Term term = decoded(bytes);
  CHECK(term == Term());
  REQUIRE(term.list_elements() != nullptr);
  CHECK(term.list_elements()->empty());
  CHECK(term.to_string() == "[]");
  CHECK(encode_external(term) == bytes);
}

TEST_CASE("term_codec: maps keep their keys in order and find() reads atom keys") {
  std::string bytes = ei_external([](ei_x_buff* x) {
    ei_x_encode_map_header(x, 3);
    append_utf8_atom(x, "name");
    ei_x_encode_binary(x, "roster", 6);
    append_utf8_atom(x, "size");
    ei_x_encode_long(x, 12);
    ei_x_encode_long(x, 7);  // a non-atom key
    append_utf8_atom(x, "seven");
  });
  Term term = decoded(bytes);
  REQUIRE(term.map() != nullptr);
  REQUIRE(term.map()->keys.size() == 3);
  CHECK(term.map()->keys[0] == Term::atom("name"));
  CHECK(term.map()->keys[2] == Term::integer(7));
  REQUIRE(term.find("size") != nullptr);
  CHECK(*term.find("size") == Term::integer(12));
  REQUIRE(term.find("name") != nullptr);
  CHECK(term.find("name")->text() == "roster");
  CHECK(term.find("seven") == nullptr);
  CHECK(encode_external(term) == bytes);

  std::string empty = ei_external([](ei_x_buff* x) { ei_x_encode_map_header(x, 0); });
  Term empty_map = decoded(empty);
  REQUIRE(empty_map.map() != nullptr);
  CHECK(empty_map.map()->keys.empty());
  CHECK(empty_map.to_string() == "#{}");
  CHECK(encode_external(empty_map) == empty);
}

// -- pids, ports, refs, funs, bitstrings ----------------------------------------------------------

TEST_CASE("term_codec: pids, ports, refs, funs and bitstrings decode as Opaque and re-encode unchanged") {
  erlang_pid made_pid{};
  REQUIRE(ei_make_pid(&test_cnode(), &made_pid) == 0);
  erlang_ref made_ref{};
  REQUIRE(ei_make_ref(&test_cnode(), &made_ref) == 0);
  erlang_pid filled_pid = hand_pid();
  erlang_port port{};
  std::strcpy(port.node, "ejabberd@xmpp1");
  port.id = 77;
  port.creation = 5;
  erlang_port wide_port = port;
  wide_port.id = std::uint64_t{1} << 40;  // V4_PORT_EXT
  erlang_fun fun{};
  fun.arity = 2;
  std::strcpy(fun.module, "lists");
  fun.type = erlang_fun::EI_FUN_EXPORT;
  char function_name[] = "map";
  fun.u.exprt.func = function_name;

  struct Row {
    const char* name;
    std::string bytes;
    Opaque::Kind kind;
    const char* printed_part;  // something the printed form must show
  };
  const Row rows[] = {
      {"ei_make_pid", ei_external([&](ei_x_buff* x) { ei_x_encode_pid(x, &made_pid); }), Opaque::Kind::kPid,
       "ejtest@localhost"},
      {"hand-filled pid", ei_external([&](ei_x_buff* x) { ei_x_encode_pid(x, &filled_pid); }), Opaque::Kind::kPid,
       "4711"},
      {"ei_make_ref", ei_external([&](ei_x_buff* x) { ei_x_encode_ref(x, &made_ref); }), Opaque::Kind::kRef, "#Ref<"},
      {"port", ei_external([&](ei_x_buff* x) { ei_x_encode_port(x, &port); }), Opaque::Kind::kPort, "#Port<"},
      {"V4 port", ei_external([&](ei_x_buff* x) { ei_x_encode_port(x, &wide_port); }), Opaque::Kind::kPort, "#Port<"},
      {"export fun", ei_external([&](ei_x_buff* x) { ei_x_encode_fun(x, &fun); }), Opaque::Kind::kFun, "Fun"},
      {"bitstring", ei_external([](ei_x_buff* x) { ei_x_encode_bitstring(x, "\xFF\x80", 0, 9); }),
       Opaque::Kind::kBitstring, "<<"},
  };
  for (const Row& row : rows) {
    INFO("row: " << std::string(row.name));
    Term term = decoded(row.bytes);
    REQUIRE(as_opaque(term) != nullptr);
    CHECK(as_opaque(term)->kind == row.kind);
    CHECK(as_opaque(term)->external == row.bytes.substr(1));
    CHECK(term.to_string().find(row.printed_part) != std::string::npos);
    CHECK(encode_external(term) == row.bytes);

    // Inside a tuple too, followed by another element that must still be read.
    std::string wrapped = ei_external([&](ei_x_buff* x) {
      ei_x_encode_tuple_header(x, 2);
      ei_x_append_buf(x, row.bytes.data() + 1, static_cast<int>(row.bytes.size() - 1));
      append_utf8_atom(x, "after");
    });
    Term pair = decoded(wrapped);
    REQUIRE(pair.is_tuple(2));
    CHECK((*pair.tuple_elements())[0] == term);
    CHECK((*pair.tuple_elements())[1] == Term::atom("after"));
    CHECK(encode_external(pair) == wrapped);
  }
}

TEST_CASE("term_codec: two pids from one node are different terms") {
  erlang_pid first{}, second{};
  REQUIRE(ei_make_pid(&test_cnode(), &first) == 0);
  REQUIRE(ei_make_pid(&test_cnode(), &second) == 0);
  Term a = decoded(ei_external([&](ei_x_buff* x) { ei_x_encode_pid(x, &first); }));
  Term b = decoded(ei_external([&](ei_x_buff* x) { ei_x_encode_pid(x, &second); }));
  CHECK(a != b);
  CHECK(a == decoded(ei_external([&](ei_x_buff* x) { ei_x_encode_pid(x, &first); })));
}

// -- round trips --------------------------------------------------------------------------------

TEST_CASE("term_codec: encode_external(decode_external(x)) == x for libei-written terms") {
  erlang_pid pid = hand_pid();
  const std::string inputs[] = {
      ei_external([](ei_x_buff* x) { append_utf8_atom(x, "true"); }),
      ei_external([](ei_x_buff* x) { ei_x_encode_longlong(x, -123456789012LL); }),
      ei_external([](ei_x_buff* x) { ei_x_encode_double(x, 2.5e-7); }),
      ei_external([](ei_x_buff* x) { ei_x_encode_binary(x, "\x01\x02\x03", 3); }),
      ei_external([](ei_x_buff* x) { REQUIRE(ei_x_format_wo_ver(x, "{badrpc, {'EXIT', {undef, [x]}}}") == 0); }),
      ei_external([](ei_x_buff* x) { REQUIRE(ei_x_format_wo_ver(x, "[{a, 1}, {b, 2.0}, {c, [[], {}]}]") == 0); }),
      ei_external([&](ei_x_buff* x) {
        ei_x_encode_map_header(x, 2);
        append_utf8_atom(x, "pid");
        ei_x_encode_pid(x, &pid);
        append_utf8_atom(x, "nodes");
        ei_x_encode_list_header(x, 2);
        append_utf8_atom(x, "ejabberd@xmpp1");
        append_utf8_atom(x, "ejabberd@xmpp2");
        ei_x_encode_empty_list(x);
      }),
      ei_external([](ei_x_buff* x) {
        ei_x_encode_tuple_header(x, 3);
        ei_x_encode_list_header(x, 1);
        ei_x_encode_map_header(x, 1);
        append_utf8_atom(x, "k");
        ei_x_encode_list_header(x, 1);
        append_utf8_atom(x, "v");
        append_utf8_atom(x, "tail");
        ei_x_encode_empty_list(x);
        ei_x_encode_longlong(x, std::numeric_limits<std::int64_t>::min());
        append_utf8_atom(x, "\xF0\x9F\x90\x98");
      }),
      nested(100, false),
      nested(100, true),
  };
  for (const std::string& bytes : inputs) {
    Term term = decoded(bytes);
    CAPTURE(term.to_string());
    CHECK(encode_external(term) == bytes);
    CHECK(encode_term(term) == bytes.substr(1));
  }
}

TEST_CASE("term_codec: terms built in C++ survive encode then decode") {
  const Term terms[] = {
      Term(),
      Term::atom("ejabberd@xmpp1"),
      Term::integer(-1),
      Term(0.5),
      Term::binary(std::string("\0\xFF", 2)),
      Term::charlist("h\xC3\xA9llo"),
      Term::tuple({}),
      Term::tuple({Term::atom("rex"), Term::list({Term::integer(1), Term::tuple({Term::atom("ok")})})}),
      Term(List{{Term::atom("a")}, std::make_shared<const Term>(Term::atom("b"))}),
      Term(Map{{Term::atom("a"), Term::binary("k")}, {Term::integer(1), Term()}}),
  };
  for (const Term& term : terms) {
    CAPTURE(term.to_string());
    auto back = decode_external(encode_external(term));
    REQUIRE(back.has_value());
    CHECK(*back == term);
    CHECK(static_cast<unsigned char>(encode_external(term)[0]) == 131);
  }
}

TEST_CASE("term_codec: decode_term reads consecutive terms and advances the index") {
  std::string bytes = ei_bare([](ei_x_buff* x) {
    append_utf8_atom(x, "first");
    ei_x_encode_long(x, 300);
    ei_x_encode_binary(x, "xyz", 3);
  });
  int index = 0;
  auto first = decode_term(bytes, &index);
  REQUIRE(first.has_value());
  CHECK(first->is_atom("first"));
  CHECK(index == 7);  // SMALL_ATOM_UTF8_EXT: tag, length, 5 bytes
  auto second = decode_term(bytes, &index);
  REQUIRE(second.has_value());
  CHECK(*second == Term::integer(300));
  auto third = decode_term(bytes, &index);
  REQUIRE(third.has_value());
  CHECK(third->text() == "xyz");
  CHECK(index == static_cast<int>(bytes.size()));
  auto past_end = decode_term(bytes, &index);
  CHECK_FALSE(past_end.has_value());
}

// -- errors -------------------------------------------------------------------------------------

// Decodes from a heap copy of exactly `bytes.size()` bytes, so that any read past the end touches
// memory outside the allocation (visible to a sanitizer build) instead of a string's spare capacity.
std::expected<Term, std::string> decode_exact(std::string_view bytes) {
  std::unique_ptr<char[]> copy(new char[bytes.size()]);
  if (!bytes.empty()) std::memcpy(copy.get(), bytes.data(), bytes.size());
  return decode_external(std::string_view(copy.get(), bytes.size()));
}

TEST_CASE("term_codec: inputs without a version byte are refused") {
  struct Row {
    const char* name;
    std::string bytes;
  };
  const Row rows[] = {
      {"empty input", ""},
      {"a term without the version byte", ei_bare([](ei_x_buff* x) { append_utf8_atom(x, "ok"); })},
      {"version 130", bytes_of({130, ERL_SMALL_INTEGER_EXT, 1})},
  };
  for (const Row& row : rows) {
    INFO("row: " << std::string(row.name));
    auto term = decode_exact(row.bytes);
    REQUIRE_FALSE(term.has_value());
    CHECK(term.error().find("version byte") != std::string::npos);
  }
}

TEST_CASE("term_codec: the version byte alone is a truncated term") {
  auto term = decode_exact(bytes_of({131}));
  REQUIRE_FALSE(term.has_value());
  CHECK(term.error().find("bad Erlang term") != std::string::npos);
}

TEST_CASE("term_codec: every truncation of a complex term is an error, never a crash") {
  erlang_pid pid{};
  REQUIRE(ei_make_pid(&test_cnode(), &pid) == 0);
  erlang_ref ref{};
  REQUIRE(ei_make_ref(&test_cnode(), &ref) == 0);
  erlang_port port{};
  std::strcpy(port.node, "n@h");
  port.id = 9;
  erlang_fun fun{};
  fun.arity = 1;
  std::strcpy(fun.module, "m");
  fun.type = erlang_fun::EI_FUN_EXPORT;
  char function_name[] = "f";
  fun.u.exprt.func = function_name;
  std::string long_atom;
  for (int i = 0; i < 150; ++i) long_atom += "\xC3\xA9";
  const std::string big = big_ext(false, true, digits_with_top(9, 0x40)).substr(1);
  const std::string large_big = big_ext(true, false, digits_with_top(12, 7)).substr(1);
  std::string old_float = bytes_of({ERL_FLOAT_EXT}) + std::string("2.5e+00") + std::string(24, '\0');

  std::string bytes = ei_external([&](ei_x_buff* x) {
    ei_x_encode_tuple_header(x, 5);
    append_utf8_atom(x, "h\xC3\xB6st@x");
    ei_x_encode_list_header(x, 16);
    ei_x_encode_long(x, 1);
    ei_x_encode_long(x, 300);
    ei_x_encode_long(x, -70000);
    ei_x_encode_longlong(x, std::int64_t{1} << 40);
    ei_x_append_buf(x, big.data(), static_cast<int>(big.size()));
    ei_x_append_buf(x, large_big.data(), static_cast<int>(large_big.size()));
    ei_x_encode_double(x, 3.25);
    ei_x_append_buf(x, old_float.data(), static_cast<int>(old_float.size()));
    ei_x_encode_string(x, "str");
    ei_x_encode_binary(x, "\x01\x02\xFF", 3);
    ei_x_encode_map_header(x, 1);
    append_utf8_atom(x, "k");
    ei_x_encode_list_header(x, 1);
    append_utf8_atom(x, "a");
    append_utf8_atom(x, "b");
    ei_x_encode_pid(x, &pid);
    ei_x_encode_ref(x, &ref);
    ei_x_encode_port(x, &port);
    ei_x_encode_fun(x, &fun);
    ei_x_encode_bitstring(x, "\xF0", 0, 4);
    ei_x_encode_empty_list(x);
    ei_x_encode_tuple_header(x, 260);
    for (int i = 0; i < 260; ++i) ei_x_encode_long(x, i);
    append_utf8_atom(x, long_atom.c_str());
    ei_x_encode_map_header(x, 0);
  });
  auto whole = decode_exact(bytes);
  REQUIRE_MESSAGE(whole.has_value(), (whole ? std::string() : whole.error()));
  REQUIRE(whole->is_tuple(5));

  int accepted = 0;
  for (std::size_t length = 0; length < bytes.size(); ++length) {
    auto term = decode_exact(std::string_view(bytes).substr(0, length));
    if (term.has_value()) {
      ++accepted;
      FAIL_CHECK("a prefix of " << length << " of " << bytes.size() << " bytes decoded as " << term->to_string());
    } else if (length > 0) {
      CHECK_MESSAGE(term.error().rfind("bad Erlang term", 0) == 0, term.error());
    }
  }
  CHECK(accepted == 0);
}

TEST_CASE("term_codec: bytes after the term are an error") {
  std::string bytes = ei_external([](ei_x_buff* x) { append_utf8_atom(x, "ok"); });
  for (const std::string& extra : {bytes_of({0}), bytes_of({ERL_NIL_EXT}), std::string("junk")}) {
    CAPTURE(extra.size());
    auto term = decode_exact(bytes + extra);
    REQUIRE_FALSE(term.has_value());
    CHECK(term.error().find(std::to_string(extra.size()) + " bytes after the term") != std::string::npos);
  }
}

TEST_CASE("term_codec: nesting is bounded at 512 levels") {
  for (bool lists : {false, true}) {
    CAPTURE(lists);
    auto at_limit = decode_exact(nested(512, lists));
    CHECK(at_limit.has_value());
    for (int depth : {513, 600, 100000}) {
      CAPTURE(depth);
      auto too_deep = decode_exact(nested(depth, lists));
      REQUIRE_FALSE(too_deep.has_value());
      CHECK(too_deep.error().find("nesting deeper than 512") != std::string::npos);
    }
  }
  // Through map values as well.
  std::string maps = ei_external([](ei_x_buff* x) {
    for (int i = 0; i < 1000; ++i) {
      ei_x_encode_map_header(x, 1);
      append_utf8_atom(x, "k");
    }
    append_utf8_atom(x, "v");
  });
  auto term = decode_exact(maps);
  REQUIRE_FALSE(term.has_value());
  CHECK(term.error().find("nesting") != std::string::npos);
}

TEST_CASE("term_codec: headers that claim more than the data holds are errors") {
  struct Row {
    const char* name;
    std::string bytes;
  };
  const Row rows[] = {
      {"list of 2^31 elements", bytes_of({131, ERL_LIST_EXT, 0x80, 0, 0, 0, ERL_SMALL_INTEGER_EXT, 1, ERL_NIL_EXT})},
      {"list of 2^31-1 elements", bytes_of({131, ERL_LIST_EXT, 0x7F, 0xFF, 0xFF, 0xFF, ERL_NIL_EXT})},
      {"list of 3 holding 1", bytes_of({131, ERL_LIST_EXT, 0, 0, 0, 3, ERL_SMALL_INTEGER_EXT, 1, ERL_NIL_EXT})},
      {"list without its tail", bytes_of({131, ERL_LIST_EXT, 0, 0, 0, 1, ERL_SMALL_INTEGER_EXT, 1})},
      {"large tuple of 2^32-1", bytes_of({131, ERL_LARGE_TUPLE_EXT, 0xFF, 0xFF, 0xFF, 0xFF, ERL_NIL_EXT})},
      {"small tuple of 200 holding 1", bytes_of({131, ERL_SMALL_TUPLE_EXT, 200, ERL_NIL_EXT})},
      {"map of 2^31 pairs", bytes_of({131, ERL_MAP_EXT, 0x80, 0, 0, 0, ERL_NIL_EXT, ERL_NIL_EXT})},
      {"map with a key and no value", bytes_of({131, ERL_MAP_EXT, 0, 0, 0, 1, ERL_NIL_EXT})},
      {"binary of 2^32-1 bytes", bytes_of({131, ERL_BINARY_EXT, 0xFF, 0xFF, 0xFF, 0xFF, 'a'})},
      {"binary of 2^31 bytes", bytes_of({131, ERL_BINARY_EXT, 0x80, 0, 0, 0, 'a'})},
      {"binary of 10 holding 2", bytes_of({131, ERL_BINARY_EXT, 0, 0, 0, 10, 'a', 'b'})},
      {"string of 65535 holding 1", bytes_of({131, ERL_STRING_EXT, 0xFF, 0xFF, 'a'})},
      {"atom of 65535 holding 1", bytes_of({131, ERL_ATOM_UTF8_EXT, 0xFF, 0xFF, 'a'})},
      {"small atom of 200 holding 1", bytes_of({131, ERL_SMALL_ATOM_UTF8_EXT, 200, 'a'})},
      {"atom of 2000 bytes (over the atom limit)",
       bytes_of({131, ERL_ATOM_UTF8_EXT, 0x07, 0xD0}) + std::string(2000, 'a')},
      {"small big of 20 digits holding 9", big_ext(false, false, digits_with_top(20, 1)).substr(0, 3 + 9)},
      {"large big of 300 digits holding 12", big_ext(true, false, digits_with_top(300, 1)).substr(0, 6 + 12)},
      {"new float cut short", bytes_of({131, NEW_FLOAT_EXT, 0x3F, 0xF8})},
      {"pid with a node atom longer than the data", bytes_of({131, ERL_NEW_PID_EXT, ERL_SMALL_ATOM_UTF8_EXT, 50, 'a'})},
      {"pid without a node atom", bytes_of({131, ERL_NEW_PID_EXT, ERL_SMALL_INTEGER_EXT, 1, 0, 0, 0, 0, 0, 0, 0, 0,
                                            0, 0, 0, 0})},
      {"ref of 65535 words", bytes_of({131, ERL_NEWER_REFERENCE_EXT, 0xFF, 0xFF, ERL_SMALL_ATOM_UTF8_EXT, 1, 'n', 0,
                                       0, 0, 1, 0, 0, 0, 1})},
      {"fun claiming 2^32-1 bytes", bytes_of({131, ERL_NEW_FUN_EXT, 0xFF, 0xFF, 0xFF, 0xFF, 0})},
      {"bitstring of 1000 bytes holding 1", bytes_of({131, ERL_BIT_BINARY_EXT, 0, 0, 0x03, 0xE8, 8, 0xFF})},
  };
  for (const Row& row : rows) {
    INFO("row: " << std::string(row.name));
    auto term = decode_exact(row.bytes);
    REQUIRE_FALSE(term.has_value());
    CHECK(term.error().rfind("bad Erlang term", 0) == 0);
  }
}

TEST_CASE("term_codec: a list header claiming 2^31 elements says the list is longer than the data") {
  auto term = decode_exact(bytes_of({131, ERL_LIST_EXT, 0x80, 0, 0, 0, ERL_NIL_EXT}));
  REQUIRE_FALSE(term.has_value());
  CHECK(term.error().find("longer than the data") != std::string::npos);
}

TEST_CASE("term_codec: unknown tag bytes are errors, at the top and inside containers") {
  const int tags[] = {0, 1, 'R' /* ATOM_CACHE_REF */, 'u' /* old FUN_EXT */, 0x84, 0xFF};
  for (int tag : tags) {
    CAPTURE(tag);
    auto alone = decode_exact(bytes_of({131, tag, 0, 0, 0, 0}));
    REQUIRE_FALSE(alone.has_value());
    CHECK(alone.error().rfind("bad Erlang term", 0) == 0);
    auto inside = decode_exact(bytes_of({131, ERL_SMALL_TUPLE_EXT, 2, ERL_NIL_EXT, tag, 0, 0, 0, 0}));
    REQUIRE_FALSE(inside.has_value());
    CHECK(inside.error().rfind("bad Erlang term", 0) == 0);
  }
}

TEST_CASE("term_codec: decode errors name the byte offset") {
  // The bad tag sits at byte 4: version, tuple tag, arity, NIL, then 0xFF.
  auto term = decode_exact(bytes_of({131, ERL_SMALL_TUPLE_EXT, 2, ERL_NIL_EXT, 0xFF}));
  REQUIRE_FALSE(term.has_value());
  CHECK(term.error().find("at byte 4") != std::string::npos);
}

// Regressions from the first review of the decoder (each once read past the buffer or threw).
TEST_CASE("term_codec: container headers claiming 2^32-1 elements are errors, not exceptions") {
  for (int tag : {ERL_LIST_EXT, ERL_LARGE_TUPLE_EXT, ERL_MAP_EXT}) {
    CAPTURE(tag);
    auto term = decode_exact(bytes_of({131, tag, 0xFF, 0xFF, 0xFF, 0xFF, ERL_NIL_EXT}));
    REQUIRE_FALSE(term.has_value());
    CHECK(term.error().find("longer than the data") != std::string::npos);
  }
}

TEST_CASE("term_codec: a header cut inside its length field is a truncation") {
  for (int tag : {ERL_BINARY_EXT, ERL_LIST_EXT, ERL_LARGE_TUPLE_EXT, ERL_MAP_EXT, ERL_ATOM_EXT, ERL_STRING_EXT,
                  ERL_LARGE_BIG_EXT, ERL_BIT_BINARY_EXT, ERL_NEW_FUN_EXT}) {
    CAPTURE(tag);
    auto term = decode_exact(bytes_of({131, tag, 0}));
    REQUIRE_FALSE(term.has_value());
    CHECK(term.error().find("truncated") != std::string::npos);
  }
}

TEST_CASE("term_codec: a big integer whose digit count exceeds the data is truncated, not decoded") {
  auto huge = decode_exact(bytes_of({131, ERL_LIST_EXT, 0, 0, 0, 2, ERL_LARGE_BIG_EXT, 0xFF, 0xFF, 0xFF, 0xFF, 0,
                                     ERL_SMALL_INTEGER_EXT, 5, ERL_NIL_EXT}));
  REQUIRE_FALSE(huge.has_value());
  CHECK(huge.error().find("truncated big integer") != std::string::npos);
  auto short_digits = decode_exact(bytes_of({131, ERL_SMALL_BIG_EXT, 5, 0, 1, 2, 3}));
  REQUIRE_FALSE(short_digits.has_value());
  CHECK(short_digits.error().find("truncated big integer") != std::string::npos);
}

TEST_CASE("term_codec: big integers re-encode as the same integer") {
  for (const char* decimal : {"18446744073709551616", "-1180591620717411303424", "340282366920938463463374607431768211455"}) {
    CAPTURE(decimal);
    std::string bytes = encode_external(Term(BigInteger{decimal}));
    auto back = decode_external(bytes);
    REQUIRE(back.has_value());
    CHECK(*back == Term(BigInteger{decimal}));
    CHECK(static_cast<unsigned char>(bytes[1]) == ERL_SMALL_BIG_EXT);
  }
}

TEST_CASE("term_codec: an atom that is not valid UTF-8 is an error") {
  auto term = decode_exact(bytes_of({131, ERL_SMALL_ATOM_UTF8_EXT, 2, 0xFF, 0xFE}));
  REQUIRE_FALSE(term.has_value());
  CHECK(term.error().find("not valid UTF-8") != std::string::npos);
}

TEST_CASE("term_codec: NaN and infinite floats are errors (found by the fuzzer)") {
  // A map whose key is NEW_FLOAT_EXT with all bits set (a NaN): it never compared equal to itself.
  auto nan_key = decode_exact(bytes_of({131, ERL_MAP_EXT, 0, 0, 0, 1, NEW_FLOAT_EXT, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                                        0xFF, 0xFF, 0xFF, ERL_NIL_EXT}));
  REQUIRE_FALSE(nan_key.has_value());
  CHECK(nan_key.error().find("not finite") != std::string::npos);
  auto infinity = decode_exact(bytes_of({131, NEW_FLOAT_EXT, 0x7F, 0xF0, 0, 0, 0, 0, 0, 0}));
  REQUIRE_FALSE(infinity.has_value());
}

TEST_CASE("term_codec: a LIST_EXT of no elements is its tail (found by the fuzzer)") {
  auto empty_then_atom = decode_exact(bytes_of({131, ERL_LIST_EXT, 0, 0, 0, 0, ERL_SMALL_ATOM_UTF8_EXT, 1, 'a'}));
  REQUIRE(empty_then_atom.has_value());
  CHECK(*empty_then_atom == Term::atom("a"));
  auto nested = decode_exact(bytes_of({131, ERL_LIST_EXT, 0, 0, 0, 1, ERL_LIST_EXT, 0, 0, 0, 0, ERL_NIL_EXT, ERL_NIL_EXT}));
  REQUIRE(nested.has_value());
  CHECK(*nested == Term::list({Term::list({})}));
}

}  // namespace
}  // namespace ejcluster::erl
