// The user-mode and driver cases of ../shared/corpus/speakeasy-tests/CASES.md,
// run end to end with Speakeasy's test profile.
#include <boost/test/unit_test.hpp>

#include "tests/winapi/helpers.h"

using namespace emu::winapi;
using namespace emu::winapi::test;

namespace {

struct SharedCorpus {
  boost::test_tools::assertion_result operator()(boost::unit_test::test_unit_id) {
    boost::test_tools::assertion_result r(have_shared());
    r.message() << "../shared corpus absent: skipped";
    return r;
  }
};

std::string ep_type(const boost::json::value& ep) { return str(ep.at("ep_type")); }

void check_argv(const std::string& file) {
  Config cfg = speakeasy_test_profile();
  std::vector<std::string> argv;
  for (int i = 1; i <= 10; ++i) argv.push_back("argument_" + std::to_string(i));
  cfg.argv = argv;
  Result r = run_bytes(speakeasy_bin(file), file, cfg);
  BOOST_REQUIRE(!r.load_error);
  const auto& eps = entry_points(r);
  BOOST_REQUIRE(!eps.empty());
  const auto& main = eps[0];
  BOOST_TEST(ep_type(main) == "module_entry");
  BOOST_TEST(main.at("error").is_null(), "error: " << str(main.at("error")));
  auto calls = api_calls(main, "api-ms-win-crt-stdio-l1-1-0.__stdio_common_vfprintf");
  BOOST_REQUIRE_EQUAL(calls.size(), 12u);
  for (int i = 1; i <= 10; ++i)
    BOOST_TEST(arg(calls[i + 1], 2) == "argv[" + std::to_string(i) + "] = argument_" + std::to_string(i) + "\n");
}

void check_dll(const std::string& file) {
  Result r = run_bytes(speakeasy_bin(file), file, speakeasy_test_profile());
  BOOST_REQUIRE(!r.load_error);
  const auto& eps = entry_points(r);
  BOOST_REQUIRE_EQUAL(eps.size(), 3u);
  auto a = api_calls(eps[0], "user32.MessageBoxA");
  BOOST_REQUIRE_EQUAL(a.size(), 1u);
  BOOST_TEST(arg(a[0], 1) == "Inside process attach");
  BOOST_TEST(arg(a[0], 2) == "My caption");
  BOOST_TEST(eps[0].at("ret_val").to_number<int64_t>() == 1);
  BOOST_TEST(ep_type(eps[1]) == "export.emu_test_one");
  a = api_calls(eps[1], "user32.MessageBoxA");
  BOOST_REQUIRE_EQUAL(a.size(), 1u);
  BOOST_TEST(arg(a[0], 1) == "Inside emu_test_one");
  BOOST_TEST(arg(a[0], 2) == "First export");
  BOOST_TEST(eps[1].at("ret_val").to_number<uint64_t>() == 0x41414141u);
  BOOST_TEST(ep_type(eps[2]) == "export.emu_test_two");
  a = api_calls(eps[2], "user32.MessageBoxW");
  BOOST_REQUIRE_EQUAL(a.size(), 1u);
  BOOST_TEST(arg(a[0], 1) == "Inside emu_test_two");
  BOOST_TEST(arg(a[0], 2) == "Second export");
  BOOST_TEST(eps[2].at("ret_val").to_number<uint64_t>() == 0x42424242u);
}

void check_file_access(const std::string& file) {
  Result r = run_bytes(speakeasy_bin(file), file, speakeasy_test_profile());
  BOOST_REQUIRE(!r.load_error);
  const auto& main = entry_points(r).at(0);
  auto create = api_calls(main, "ntdll.NtCreateFile");
  BOOST_REQUIRE_EQUAL(create.size(), 1u);
  // Speakeasy renders the path in place of args[3].
  BOOST_TEST(arg(create[0], 3) == "\\??\\c:\\myfile.txt");
  BOOST_TEST(api_calls(main, "ntdll.NtReadFile").size() == 1u);
  auto printf = api_calls(main, "api-ms-win-crt-stdio-l1-1-0.__stdio_common_vfprintf");
  BOOST_REQUIRE_EQUAL(printf.size(), 5u);
  BOOST_TEST(arg(printf.back(), 2).find("File contained:") != std::string::npos);
  BOOST_TEST(arg(printf.back(), 2).find("0x9090909090909090") != std::string::npos);
  bool open = false, read = false;
  for (auto& e : events_of(main, "file_open")) open |= str(e.at("path")).find("myfile.txt") != std::string::npos;
  for (auto& e : events_of(main, "file_read")) read |= str(e.at("path")).find("myfile.txt") != std::string::npos;
  BOOST_TEST(open);
  BOOST_TEST(read);
}

void check_wdm(const std::string& file) {
  Result r = run_bytes(speakeasy_bin(file), file, speakeasy_test_profile());
  BOOST_REQUIRE(!r.load_error);
  BOOST_TEST(str(r.report.at("filetype")) == "driver");
  const auto& eps = entry_points(r);
  BOOST_REQUIRE_GE(eps.size(), 8u);
  const auto& de = eps[0];
  BOOST_TEST(ep_type(de) == "driver_entry");
  auto dev = api_calls(de, "ntoskrnl.IoCreateDeviceSecure");
  BOOST_REQUIRE_EQUAL(dev.size(), 1u);
  BOOST_TEST(arg(dev[0], 2) == "\\Device\\wdm_test");
  auto link = api_calls(de, "ntoskrnl.IoCreateSymbolicLink");
  BOOST_REQUIRE_EQUAL(link.size(), 1u);
  BOOST_TEST(arg(link[0], 0) == "\\DosDevices\\wdm_test");
  BOOST_TEST(arg(link[0], 1) == "\\Device\\wdm_test");
  BOOST_TEST(de.at("ret_val").to_number<uint64_t>() == 0u);
  int irps = 0;
  for (size_t i = 1; i + 1 < eps.size(); ++i) {
    const std::string t = ep_type(eps[i]);
    if (t.rfind("irp_mj_", 0) != 0) continue;
    ++irps;
    auto dbg = api_calls(eps[i], "ntoskrnl.DbgPrint");
    BOOST_REQUIRE_EQUAL(dbg.size(), 1u);
    const uint64_t ret = eps[i].at("ret_val").to_number<uint64_t>();
    auto has = [&](const char* text) { return arg(dbg[0], 0).find(text) != std::string::npos; };
    if (t == "irp_mj_create") { BOOST_TEST(has("Inside IRP_MJ_CREATE handler")); BOOST_TEST(ret == 0u); }
    else if (t == "irp_mj_device_control") { BOOST_TEST(has("Inside IRP_MJ_DEVICE_CONTROL handler")); BOOST_TEST(ret == 0u); }
    else if (t == "irp_mj_close") { BOOST_TEST(has("Inside IRP_MJ_CLOSE handler")); BOOST_TEST(ret == 0u); }
    else { BOOST_TEST(has("Inside default handler")); BOOST_TEST(ret == 0xc00000bbu); }
  }
  BOOST_TEST(irps == 6);
  const auto& unload = eps.back();
  BOOST_TEST(ep_type(unload) == "driver_unload");
  auto del = api_calls(unload, "ntoskrnl.IoDeleteSymbolicLink");
  BOOST_REQUIRE_EQUAL(del.size(), 1u);
  BOOST_TEST(arg(del[0], 0) == "\\DosDevices\\wdm_test");
  auto deldev = api_calls(unload, "ntoskrnl.IoDeleteDevice");
  BOOST_REQUIRE_EQUAL(deldev.size(), 1u);
  BOOST_TEST(arg(deldev[0], 0) != "0x0");
}

std::vector<std::string> printf_outputs(const boost::json::value& ep) {
  std::vector<std::string> out;
  for (auto& e : ep.at("events").as_array()) {
    const auto& o = e.as_object();
    if (o.at("event").as_string() != "api") continue;
    const std::string n = str(o.at("api_name"));
    if (n.find("__stdio_common_vfprintf") != std::string::npos) out.push_back(arg(o, 2));
  }
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(speakeasy_cases, *boost::unit_test::precondition(SharedCorpus()))

BOOST_AUTO_TEST_CASE(argv_x86) { check_argv("argv_test_x86.exe"); }
BOOST_AUTO_TEST_CASE(argv_x64) { check_argv("argv_test_x64.exe"); }
BOOST_AUTO_TEST_CASE(dll_x86) { check_dll("dll_test_x86.dll"); }
BOOST_AUTO_TEST_CASE(dll_x64) { check_dll("dll_test_x64.dll"); }
BOOST_AUTO_TEST_CASE(file_access_x86) { check_file_access("file_access_test_x86.exe"); }
BOOST_AUTO_TEST_CASE(file_access_x64) { check_file_access("file_access_test_x64.exe"); }
BOOST_AUTO_TEST_CASE(wdm_x86) { check_wdm("wdm_test_x86.sys"); }
BOOST_AUTO_TEST_CASE(wdm_x64) { check_wdm("wdm_test_x64.sys"); }

BOOST_AUTO_TEST_CASE(get_proc_address) {
  Result r = run_bytes(speakeasy_bin("GetProcAddress.exe"), "GetProcAddress.exe", speakeasy_test_profile());
  BOOST_REQUIRE(!r.load_error);
  const auto& main = entry_points(r).at(0);
  BOOST_TEST(main.at("error").is_null(), "error: " << str(main.at("error")));
  auto calls = api_calls(main, "kernel32.GetProcAddress");
  // The CRT's own look-ups come first; the program's four follow.
  std::vector<boost::json::object> prog;
  bool fls2 = false, lcmap = false;
  for (auto& c : calls) {
    const std::string n = arg(c, 1);
    if (n == "FlsGetValue2") fls2 = true;
    if (n == "LCMapStringEx") lcmap = true;
  }
  BOOST_TEST(fls2);
  BOOST_TEST(lcmap);
  size_t i = 0;
  for (; i < calls.size(); ++i) if (arg(calls[i], 1) == "AreFileApisANSI") break;
  BOOST_REQUIRE(i < calls.size());
  BOOST_REQUIRE(i >= 2);
  BOOST_TEST(str(calls[i].at("ret_val")) != "0x0");
  BOOST_REQUIRE(i + 1 < calls.size());
  BOOST_TEST(arg(calls[i + 1], 1) == "ThisFunctionIsNotExportedByKernel32");
  BOOST_TEST(str(calls[i + 1].at("ret_val")) == "0x0");
}

BOOST_AUTO_TEST_CASE(seh_dispatch_on) {
  Result r = run_bytes(speakeasy_bin("seh_test_x86.exe"), "seh_test_x86.exe", speakeasy_test_profile());
  BOOST_REQUIRE(!r.load_error);
  const auto& main = entry_points(r).at(0);
  BOOST_TEST(main.at("error").is_null(), "error: " << str(main.at("error")));
  const std::vector<std::string> want = {"Hello emulator\n", "First access violation\r\n",
                                         "First nested access violation\r\n", "Second nested access violation\r\n",
                                         "After access violations\r\n", "In finally\r\n", "Returning...\n"};
  BOOST_TEST(printf_outputs(main) == want, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(seh_dispatch_off) {
  Config cfg = speakeasy_test_profile();
  cfg.dispatch_exceptions = false;
  Result r = run_bytes(speakeasy_bin("seh_test_x86.exe"), "seh_test_x86.exe", cfg);
  const auto& main = entry_points(r).at(0);
  BOOST_REQUIRE(main.at("error").is_object());
  const auto& e = main.at("error").as_object();
  BOOST_TEST(str(e.at("type")) == "invalid_write");
  BOOST_TEST(str(e.at("instr")) == "mov dword ptr [0], 0x14");
}

BOOST_AUTO_TEST_CASE(seh_iat_after_resolved) {
  Result r = run_bytes(speakeasy_bin("seh_iat_after_resolved_x86.exe"), "seh_iat_after_resolved_x86.exe",
                       speakeasy_test_profile());
  const auto& main = entry_points(r).at(0);
  BOOST_TEST(main.at("error").is_null(), "error: " << str(main.at("error")));
  std::vector<std::string> names;
  for (auto& e : main.at("events").as_array())
    if (e.as_object().at("event").as_string() == "api") names.push_back(str(e.as_object().at("api_name")));
  auto pos = [&](const std::string& n) { return std::find(names.begin(), names.end(), n) - names.begin(); };
  const auto t = pos("kernel32.GetTickCount"), p = pos("kernel32.GetCurrentProcessId"), x = pos("kernel32.ExitProcess");
  BOOST_TEST(t < static_cast<long>(names.size()));
  BOOST_TEST(t < p);
  BOOST_TEST(p < x);
  BOOST_TEST(x < static_cast<long>(names.size()));
}

BOOST_AUTO_TEST_CASE(sc2_network) {
  Result r = run_bytes(speakeasy_bin("sc2_x64_shellcode.bin"), "sc2_x64_shellcode.bin", speakeasy_test_profile(), true,
                       emu::loader::Arch::X64);
  BOOST_REQUIRE(!r.load_error);
  const auto& ep = entry_points(r).at(0);
  BOOST_TEST(events_of(ep, "net_dns").size() >= 1u);
  BOOST_TEST(events_of(ep, "net_http").size() >= 1u);
  BOOST_TEST(events_of(ep, "mem_alloc").size() >= 1u);
}

BOOST_AUTO_TEST_SUITE_END()

// Shellcode error context: no corpus needed.
BOOST_AUTO_TEST_CASE(shellcode_invalid_read_context) {
  Result r = run_bytes({0xb8, 0xef, 0xbe, 0xad, 0xde, 0x8b, 0x00}, "read.bin", speakeasy_test_profile(), true);
  BOOST_REQUIRE(!r.load_error);
  const auto& ep = entry_points(r).at(0);
  BOOST_REQUIRE(ep.at("error").is_object());
  const auto& e = ep.at("error").as_object();
  BOOST_TEST(str(e.at("type")) == "invalid_read");
  BOOST_TEST(str(e.at("access_type")) == "read");
  BOOST_TEST(e.at("address").to_number<uint64_t>() == 0xdeadbeefu);
  BOOST_TEST(str(e.at("instr")).find("mov") != std::string::npos);
  BOOST_TEST(str(e.at("regs").at("eax")) == "0xdeadbeef");
}

BOOST_AUTO_TEST_CASE(shellcode_invalid_write_context) {
  Result r = run_bytes({0xb8, 0xef, 0xbe, 0xad, 0xde, 0x89, 0x18}, "write.bin", speakeasy_test_profile(), true);
  const auto& ep = entry_points(r).at(0);
  BOOST_REQUIRE(ep.at("error").is_object());
  BOOST_TEST(str(ep.at("error").at("type")) == "invalid_write");
  BOOST_TEST(ep.at("error").at("address").to_number<uint64_t>() == 0xdeadbeefu);
}
