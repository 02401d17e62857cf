// APIs without a handler: the call is reported (unsupported_api) and the
// program goes on with a balanced stack. On x86 a stdcall callee pops its
// arguments, so the engine must pop them too (sizes from the import
// libraries' decorated names, winapi/data/stdcall_args.txt).
#include <boost/test/unit_test.hpp>

#include <filesystem>

#include "tests/winapi/helpers.h"
#include "winapi/core/stdcall_args.h"

using namespace emu::winapi;
using namespace emu::winapi::test;

namespace {

bool reported_unsupported(const Result& r, const std::string& api) {
  for (auto& e : r.report.at("errors").as_array())
    if (str(e.at("type")) == "unsupported_api" && str(e.at("api_name")) == api) return true;
  return false;
}

// The program's main entry point (mingw programs run TLS callbacks first).
const boost::json::object& module_entry(const Result& r) {
  for (auto& ep : entry_points(r))
    if (str(ep.at("ep_type")) == "module_entry") return ep.as_object();
  throw std::runtime_error("no module_entry");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(unhandled_api)

// Figures from the Windows SDK prototypes: CreateFileA has seven 4-byte
// parameters, PatBlt six, GetTickCount none; memcpy is cdecl.
BOOST_AUTO_TEST_CASE(stdcall_sizes_from_import_libraries) {
  BOOST_TEST(stdcall_arg_bytes("kernel32", "CreateFileA").value_or(0) == 28u);
  BOOST_TEST(stdcall_arg_bytes("KERNEL32.DLL", "CreateFileA").value_or(0) == 28u);
  BOOST_TEST(stdcall_arg_bytes("gdi32", "PatBlt").value_or(0) == 24u);
  BOOST_TEST(!stdcall_arg_bytes("kernel32", "GetTickCount"));
  BOOST_TEST(!stdcall_arg_bytes("msvcrt", "memcpy"));
  BOOST_TEST(!stdcall_arg_bytes("nosuchdll", "CreateFileA"));
}

BOOST_AUTO_TEST_CASE(x86_unhandled_stdcall_pops_its_arguments) {
  const auto bytes = guest_file("api_unhandled_stdcall_x86.exe");
  BOOST_TEST_REQUIRE(!bytes.empty());
  Result r = run_bytes(bytes, "api_unhandled_stdcall_x86.exe", default_config());
  BOOST_TEST_REQUIRE(!r.load_error);
  const auto& ep = module_entry(r);
  BOOST_TEST(ep.at("error").is_null());
  // The program's exit code is how far esp moved across the call.
  BOOST_TEST(ep.at("ret_val").to_number<int64_t>() == 0);
  BOOST_TEST(reported_unsupported(r, "gdi32.PatBlt"));
  BOOST_TEST(api_calls(ep, "gdi32.PatBlt").size() == 1u);
}

BOOST_AUTO_TEST_CASE(x64_unhandled_api_returns_zero) {
  const auto bytes = guest_file("api_unhandled_stdcall_x64.exe");
  BOOST_TEST_REQUIRE(!bytes.empty());
  Result r = run_bytes(bytes, "api_unhandled_stdcall_x64.exe", default_config());
  BOOST_TEST_REQUIRE(!r.load_error);
  const auto& ep = module_entry(r);
  BOOST_TEST(ep.at("error").is_null());
  BOOST_TEST(ep.at("ret_val").to_number<int64_t>() == 0);
  BOOST_TEST(reported_unsupported(r, "gdi32.PatBlt"));
}

BOOST_AUTO_TEST_SUITE_END()
