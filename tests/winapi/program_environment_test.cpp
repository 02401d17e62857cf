// What a program finds around it: its own file on disk, and the versioned
// Visual C++ runtimes it imports served by the msvcrt / msvcp140 decoys.
#include <boost/test/unit_test.hpp>

#include "loader/loader.h"
#include "tests/winapi/helpers.h"

using namespace emu::winapi;
using namespace emu::winapi::test;

BOOST_AUTO_TEST_SUITE(program_environment)

BOOST_AUTO_TEST_CASE(program_reads_its_own_file) {
  for (const char* name : {"api_read_self_x86.exe", "api_read_self_x64.exe"}) {
    std::vector<uint8_t> bytes = guest_file(name);
    BOOST_TEST_REQUIRE(!bytes.empty(), name);
    Result r = run_bytes(bytes, name, default_config());
    BOOST_TEST_REQUIRE(!r.load_error);
    bool found = false;
    for (auto& ep : entry_points(r)) {
      if (str(ep.at("ep_type")) != "module_entry") continue;
      found = true;
      BOOST_TEST(ep.at("error").is_null(), name);
      BOOST_TEST(ep.at("ret_val").to_number<int64_t>() == 0, name);  // read "MZ"
    }
    BOOST_TEST(found, name);
  }
}

// msvcr70 ... msvcr120 export msvcrt's C functions; msvcp60 ... msvcp120 are
// the C++ libraries msvcp140 continues.
BOOST_AUTO_TEST_CASE(versioned_vc_runtimes_map_to_the_crt_decoys) {
  using emu::loader::resolve_dll_name;
  BOOST_TEST(resolve_dll_name("MSVCR100.dll") == "msvcrt.dll");
  BOOST_TEST(resolve_dll_name("msvcr71.dll") == "msvcrt.dll");
  BOOST_TEST(resolve_dll_name("msvcr90d.dll") == "msvcrt.dll");
  BOOST_TEST(resolve_dll_name("msvcr120") == "msvcrt.dll");
  BOOST_TEST(resolve_dll_name("msvcrt.dll") == "msvcrt.dll");
  BOOST_TEST(resolve_dll_name("msvcp60.dll") == "msvcp140.dll");
  BOOST_TEST(resolve_dll_name("MSVCP100.DLL") == "msvcp140.dll");
  BOOST_TEST(resolve_dll_name("msvcp140.dll") == "msvcp140.dll");
  BOOST_TEST(resolve_dll_name("msvcrtx.dll") == "msvcrtx.dll");
}

BOOST_AUTO_TEST_SUITE_END()
