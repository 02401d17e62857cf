// Stack bytes of C++ exports from their mangled names. The names are
// msvcp60.dll exports that the corpus samples import (3d760b6f, 1e9fc7f3,
// 39c05b15); the expected sizes are worked out by hand from the parameter
// types the names encode (`II` = two unsigned ints = 8 bytes, ...).
#include <boost/test/unit_test.hpp>

#include <fstream>
#include <string>

#include "winapi/core/msvc_mangled_args.h"
#include "winapi/core/stdcall_args.h"

using namespace emu::winapi;

namespace {
// std::basic_string<char> and its scope, without the '@' that ends the
// qualified name.
const std::string kStr = "?$basic_string@DU?$char_traits@D@std@@V?$allocator@D@2@@std@";
}

BOOST_AUTO_TEST_SUITE(msvc_mangled_args)

// basic_string::_Tidy(bool): private thiscall, one bool -> 4 bytes.
BOOST_AUTO_TEST_CASE(thiscall_bool_parameter) {
  const auto f = decode_msvc_function("?_Tidy@" + kStr + "@AAEX_N@Z");
  BOOST_TEST_REQUIRE(f.has_value());
  BOOST_TEST((f->conv == MsvcCallConv::Thiscall));
  BOOST_TEST(f->member);
  BOOST_TEST(f->stack_bytes.value_or(99) == 4u);
  BOOST_TEST(msvc_callee_pop_bytes("?_Tidy@" + kStr + "@AAEX_N@Z").value_or(0) == 4u);
}

BOOST_AUTO_TEST_CASE(thiscall_sizes_of_basic_string_members) {
  // assign(const basic_string&, size_type, size_type): reference + 2 x uint = 12.
  BOOST_TEST(msvc_callee_pop_bytes("?assign@" + kStr + "@QAEAAV12@ABV12@II@Z").value_or(0) == 12u);
  // assign(const char*, size_type) = 8.
  BOOST_TEST(msvc_callee_pop_bytes("?assign@" + kStr + "@QAEAAV12@PBDI@Z").value_or(0) == 8u);
  // append(size_type, char): char is widened to a 4-byte slot = 8.
  BOOST_TEST(msvc_callee_pop_bytes("?append@" + kStr + "@QAEAAV12@ID@Z").value_or(0) == 8u);
  // _Grow(size_type, bool) returning bool = 8.
  BOOST_TEST(msvc_callee_pop_bytes("?_Grow@" + kStr + "@AAE_NI_N@Z").value_or(0) == 8u);
  // _Eos(size_type) = 4; _Refcnt(const char*) returning unsigned char& = 4.
  BOOST_TEST(msvc_callee_pop_bytes("?_Eos@" + kStr + "@AAEXI@Z").value_or(0) == 4u);
  BOOST_TEST(msvc_callee_pop_bytes("?_Refcnt@" + kStr + "@AAEAAEPBD@Z").value_or(0) == 4u);
  // const members (QBE): find(const char*, size_type, size_type) = 12;
  // substr(size_type, size_type) returning basic_string by value ('?A') = 8.
  BOOST_TEST(msvc_callee_pop_bytes("?find@" + kStr + "@QBEIPBDII@Z").value_or(0) == 12u);
  BOOST_TEST(msvc_callee_pop_bytes("?substr@" + kStr + "@QBE?AV12@II@Z").value_or(0) == 8u);
}

// Nothing to pop: (void) members, constructors and destructors without
// parameters, cdecl globals, static data.
BOOST_AUTO_TEST_CASE(nothing_to_pop) {
  const auto dtor = decode_msvc_function("??1" + kStr + "@QAE@XZ");
  BOOST_TEST_REQUIRE(dtor.has_value());
  BOOST_TEST((dtor->conv == MsvcCallConv::Thiscall));
  BOOST_TEST(dtor->stack_bytes.value_or(99) == 0u);
  BOOST_TEST(!msvc_callee_pop_bytes("??1" + kStr + "@QAE@XZ"));
  BOOST_TEST(!msvc_callee_pop_bytes("?max_size@" + kStr + "@QBEIXZ"));
  BOOST_TEST(!msvc_callee_pop_bytes("??0_Lockit@std@@QAE@XZ"));
  // operator<<(ostream&, const char*): __cdecl (YA), the caller cleans up.
  const auto shl = decode_msvc_function("??6std@@YAAAV?$basic_ostream@DU?$char_traits@D@std@@@0@AAV10@PBD@Z");
  BOOST_TEST_REQUIRE(shl.has_value());
  BOOST_TEST((shl->conv == MsvcCallConv::Cdecl));
  BOOST_TEST(!shl->member);
  BOOST_TEST(shl->stack_bytes.value_or(99) == 8u);
  BOOST_TEST(!msvc_callee_pop_bytes("??6std@@YAAAV?$basic_ostream@DU?$char_traits@D@std@@@0@AAV10@PBD@Z"));
  // Static data members are not functions.
  BOOST_TEST(!decode_msvc_function("?npos@" + kStr + "@2IB"));
  BOOST_TEST(!decode_msvc_function("?cout@std@@3V?$basic_ostream@DU?$char_traits@D@std@@@1@A"));
  BOOST_TEST(!decode_msvc_function("CreateFileA"));
}

// operator+(const string&, const string&) returns a string by value; the
// second parameter is back-reference 0 to the first (8 bytes, cdecl).
BOOST_AUTO_TEST_CASE(parameter_back_references) {
  const auto f = decode_msvc_function(
      "??Hstd@@YA?AV?$basic_string@DU?$char_traits@D@std@@V?$allocator@D@2@@0@ABV10@0@Z");
  BOOST_TEST_REQUIRE(f.has_value());
  BOOST_TEST(f->stack_bytes.value_or(99) == 8u);
  // __stdcall global (double, double, __int64, int*, int*): one-character
  // types are not remembered, so back-reference 0 is __int64 (_J) and 1 is
  // int* (PAH): 8 + 8 + 8 + 4 + 4, and with `0` last 8 + 8 + 8 + 4 + 8.
  BOOST_TEST(msvc_callee_pop_bytes("?f@@YGXNN_JPAH1@Z").value_or(0) == 32u);
  BOOST_TEST(msvc_callee_pop_bytes("?f@@YGXNN_JPAH0@Z").value_or(0) == 36u);
}

// A class by value has a size the name does not give: unknown, so the
// engine falls back to popping nothing.
BOOST_AUTO_TEST_CASE(class_by_value_is_unknown) {
  const auto f = decode_msvc_function("?f@@QAEXVFoo@@H@Z");
  BOOST_TEST_REQUIRE(f.has_value());
  BOOST_TEST(!f->stack_bytes.has_value());
  BOOST_TEST(!msvc_callee_pop_bytes("?f@@QAEXVFoo@@H@Z"));
  // An enum by value is an int.
  BOOST_TEST(msvc_callee_pop_bytes("?f@@QAEXW4E@@H@Z").value_or(0) == 8u);
}

// Hostile names end in nullopt, never in a crash or a hang.
BOOST_AUTO_TEST_CASE(malformed_names) {
  for (const char* s : {"?", "??", "?f", "?f@", "?f@@", "?f@@QAE", "?f@@QAEX", "?f@@QAEXH", "?f@@QAEXH@",
                        "?f@@QAEX9@Z", "?f@@QAEXPAPAPAPA", "?f@@QAEXY@Z", "??$", "?f@?$g@@@QAEXH@Z@@@"})
    BOOST_TEST(!msvc_callee_pop_bytes(s), s);
  std::string deep = "?f@@QAEX";
  for (int i = 0; i < 10000; ++i) deep += "PAP6AX";
  BOOST_TEST(!decode_msvc_function(deep));
}

// The unhandled-API path asks stdcall_arg_bytes: msvcp60 members reach the
// decoder through it.
BOOST_AUTO_TEST_CASE(stdcall_arg_bytes_uses_mangled_names) {
  BOOST_TEST(stdcall_arg_bytes("msvcp60", "?_Tidy@" + kStr + "@AAEX_N@Z").value_or(0) == 4u);
  BOOST_TEST(stdcall_arg_bytes("msvcp140", "?assign@" + kStr + "@QAEAAV12@PBDI@Z").value_or(0) == 8u);
  BOOST_TEST(!stdcall_arg_bytes("msvcp60", "??0_Lockit@std@@QAE@XZ"));
}

// The mangled exports of msvcp140 (loader/data) decode: the reader knows
// the grammar real libraries use; x64 members (`EAA`) never pop.
BOOST_AUTO_TEST_CASE(msvcp140_export_list_decodes) {
  std::ifstream f(std::string(EMU_SOURCE_DIR) + "/loader/data/msvcp140.exports");
  BOOST_TEST_REQUIRE(f.good());
  std::string line;
  size_t mangled = 0, decoded = 0;
  while (std::getline(f, line)) {
    if (line.empty() || line[0] == '#') continue;
    const std::string name = line.substr(line.find(' ') + 1);
    if (name.empty() || name[0] != '?') continue;
    // Function kinds: the letter after the name is A-Z; data kinds are digits.
    const auto d = decode_msvc_function(name);
    if (d) {
      ++decoded;
      if (name.find("@@QEAA") != std::string::npos) BOOST_TEST(!msvc_callee_pop_bytes(name), name);
    }
    ++mangled;
  }
  BOOST_TEST_MESSAGE("msvcp140 mangled exports decoded: " << decoded << " of " << mangled << " (the rest are data: vtables, statics)");
  BOOST_TEST(decoded * 10 >= mangled * 8);
}

BOOST_AUTO_TEST_SUITE_END()
