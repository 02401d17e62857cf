// The process environment as a guest reads it: PEB, LDR lists, process
// parameters, TEB, KUSER_SHARED_DATA, and decoy DLLs parsed as PE images.
// Offsets asserted here are the documented Windows 7 ones, written out
// literally so that a wrong table in nt_layout.h fails.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <set>

#include "loader/loader.h"
#include "tests/loader/pe_builder.h"
#include "tests/loader/test_util.h"

using namespace emu::loader;
using test_util::read_ptr;
using test_util::read_unicode_string;

namespace {

std::unique_ptr<Process> load_minimal(bool pe64, const LoadOptions& o = {}) {
  return load_pe(test_pe::minimal(pe64).build(), o);
}

// Walks a LIST_ENTRY list from its head; returns DllBase of each entry
// (link_offset = offset of the links inside LDR_DATA_TABLE_ENTRY).
std::vector<std::string> walk(const Process& p, uint64_t head, uint32_t link_offset) {
  const bool x86 = p.arch() == Arch::X86;
  std::vector<std::string> names;
  uint64_t link = read_ptr(p, head);
  for (int i = 0; link != head && i < 100; ++i) {
    const uint64_t entry = link - link_offset;
    names.push_back(read_unicode_string(p, entry + (x86 ? 0x2C : 0x58)));  // BaseDllName
    link = read_ptr(p, link);
  }
  return names;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(environment)

BOOST_AUTO_TEST_CASE(peb_fields_x86_and_x64) {
  for (bool pe64 : {false, true}) {
    auto p = load_minimal(pe64);
    const uint64_t teb = p->teb();
    const uint64_t peb = p->peb();
    // NT_TIB.Self, TEB.ProcessEnvironmentBlock
    BOOST_TEST(read_ptr(*p, teb + (pe64 ? 0x30 : 0x18)) == teb);
    BOOST_TEST(read_ptr(*p, teb + (pe64 ? 0x60 : 0x30)) == peb);
    BOOST_TEST(read_ptr(*p, teb) == (pe64 ? ~0ull : 0xFFFFFFFFull));  // ExceptionList = -1
    const auto th = p->main_thread();
    BOOST_TEST(read_ptr(*p, teb + (pe64 ? 0x08 : 0x04)) == th.stack_base);
    BOOST_TEST(read_ptr(*p, teb + (pe64 ? 0x10 : 0x08)) == th.stack_limit);
    BOOST_TEST(p->memory().is_mapped(th.stack_base - 1));
    BOOST_TEST(read_ptr(*p, teb + (pe64 ? 0x48 : 0x24)) == 0x3ECu);  // ClientId.UniqueThread
    // PEB
    BOOST_TEST(p->memory().read_as<uint8_t>(peb + 2).value() == 0);  // BeingDebugged
    BOOST_TEST(read_ptr(*p, peb + (pe64 ? 0x10 : 0x08)) == p->main_module().base);
    BOOST_TEST(read_ptr(*p, peb + (pe64 ? 0x30 : 0x18)) == p->process_heap_base());
    BOOST_TEST(p->memory().read_as<uint32_t>(peb + (pe64 ? 0xBC : 0x68)).value() == 0u);  // NtGlobalFlag
    BOOST_TEST(p->memory().read_as<uint32_t>(peb + (pe64 ? 0xB8 : 0x64)).value() == 1u);  // NumberOfProcessors
    BOOST_TEST(p->memory().read_as<uint32_t>(peb + (pe64 ? 0x118 : 0xA4)).value() == 6u);
    BOOST_TEST(p->memory().read_as<uint32_t>(peb + (pe64 ? 0x11C : 0xA8)).value() == 1u);
    BOOST_TEST(p->memory().read_as<uint16_t>(peb + (pe64 ? 0x120 : 0xAC)).value() == 7601u);
    BOOST_TEST(p->memory().read_as<uint32_t>(peb + (pe64 ? 0x124 : 0xB0)).value() == 2u);  // VER_PLATFORM_WIN32_NT
    // initial context
    const auto c = p->initial_context(th);
    BOOST_TEST((pe64 ? c.gs_base : c.fs_base) == teb);
    BOOST_TEST(c.gpr[emu::cpu::RSP] < th.stack_base);
    BOOST_TEST(c.gpr[emu::cpu::RSP] > th.stack_limit);
    BOOST_TEST(c.gpr[emu::cpu::RSP] % 16 == 0u);
  }
}

BOOST_AUTO_TEST_CASE(ldr_lists_in_windows_order) {
  for (bool pe64 : {false, true}) {
    LoadOptions o;
    o.env.image_path = "C:\\Users\\u\\sample.exe";
    auto p = load_minimal(pe64, o);
    p->load_library("user32");
    const uint64_t ldr = read_ptr(*p, p->peb() + (pe64 ? 0x18 : 0x0C));
    BOOST_TEST(ldr == read_ptr(*p, p->peb() + (pe64 ? 0x18 : 0x0C)));
    const std::vector<std::string> load = {"sample.exe", "ntdll.dll", "kernel32.dll", "kernelbase.dll", "user32.dll"};
    const std::vector<std::string> init = {"ntdll.dll", "kernelbase.dll", "kernel32.dll", "user32.dll"};
    BOOST_TEST(walk(*p, ldr + (pe64 ? 0x10 : 0x0C), 0) == load, boost::test_tools::per_element());
    BOOST_TEST(walk(*p, ldr + (pe64 ? 0x20 : 0x14), pe64 ? 0x10 : 0x08) == load, boost::test_tools::per_element());
    BOOST_TEST(walk(*p, ldr + (pe64 ? 0x30 : 0x1C), pe64 ? 0x20 : 0x10) == init, boost::test_tools::per_element());
    // Blink of the head is the last entry (lists are doubly linked)
    const uint64_t head = ldr + (pe64 ? 0x10 : 0x0C);
    const uint64_t last = read_ptr(*p, head + (pe64 ? 8 : 4));
    BOOST_TEST(last == p->find_module("user32.dll")->ldr_entry);
    // entry fields
    const Module* k32 = p->find_module("kernel32.dll");
    const uint64_t e = k32->ldr_entry;
    BOOST_TEST(read_ptr(*p, e + (pe64 ? 0x30 : 0x18)) == k32->base);
    BOOST_TEST(read_ptr(*p, e + (pe64 ? 0x38 : 0x1C)) == k32->entry);
    BOOST_TEST(p->memory().read_as<uint32_t>(e + (pe64 ? 0x40 : 0x20)).value() == k32->size);
    BOOST_TEST(read_unicode_string(*p, e + (pe64 ? 0x48 : 0x24)) == "C:\\Windows\\system32\\kernel32.dll");
  }
}

BOOST_AUTO_TEST_CASE(process_parameters_and_environment_block) {
  for (bool pe64 : {false, true}) {
    LoadOptions o;
    o.env.image_path = "C:\\Users\\u\\sample.exe";
    o.env.command_line = "sample.exe \"a b\" c";
    auto p = load_minimal(pe64, o);
    const uint64_t pp = read_ptr(*p, p->peb() + (pe64 ? 0x20 : 0x10));
    BOOST_TEST(pp == p->process_parameters());
    BOOST_TEST(read_unicode_string(*p, pp + (pe64 ? 0x60 : 0x38)) == "C:\\Users\\u\\sample.exe");
    BOOST_TEST(read_unicode_string(*p, pp + (pe64 ? 0x70 : 0x40)) == "sample.exe \"a b\" c");
    BOOST_TEST(read_unicode_string(*p, pp + (pe64 ? 0x38 : 0x24)) == "C:\\Windows\\system32\\");
    const uint64_t env = read_ptr(*p, pp + (pe64 ? 0x80 : 0x48));
    std::string first;
    for (uint64_t a = env;; a += 2) {
      const auto c = p->memory().read_as<uint16_t>(a).value();
      if (!c) break;
      first.push_back(static_cast<char>(c));
    }
    BOOST_TEST(first == "comspec=C:\\Windows\\system32\\cmd.exe");
  }
}

BOOST_AUTO_TEST_CASE(kuser_shared_data) {
  auto p = load_minimal(false);
  const uint64_t k = 0x7FFE0000;
  BOOST_TEST(p->memory().read_as<uint32_t>(k + 0x26C).value() == 6u);  // NtMajorVersion
  BOOST_TEST(p->memory().read_as<uint32_t>(k + 0x270).value() == 1u);  // NtMinorVersion
  BOOST_TEST(p->memory().read_as<uint32_t>(k + 0x004).value() == 0x0FA00000u);  // TickCountMultiplier
  const uint64_t ticks = p->memory().read_as<uint64_t>(k + 0x320).value();
  const uint64_t ms = (ticks * 0x0FA00000ull) >> 24;
  BOOST_TEST(ms > 60'000u);          // up for more than a minute
  BOOST_TEST(ms < 86'400'000u * 30);  // and less than a month
  BOOST_TEST((p->memory().read_wstring(k + 0x30) == u"C:\\Windows"));
  BOOST_TEST((p->memory().page(k)->perms & emu::cpu::kPermWrite) == 0);
  const Module* nt = p->find_module("ntdll");
  BOOST_TEST(p->memory().read_as<uint32_t>(k + 0x300).value() == p->get_proc_address(*nt, "KiFastSystemCall"));
}

BOOST_AUTO_TEST_CASE(decoys_are_pe_images_with_real_exports) {
  for (bool pe64 : {false, true}) {
    LoadOptions o;
    o.raw_arch = pe64 ? Arch::X64 : Arch::X86;
    const uint8_t ret[] = {0xC3};
    auto p = load_shellcode(ret, o);
    for (const char* dll : {"ntdll.dll", "kernel32.dll", "kernelbase.dll", "user32.dll", "advapi32.dll", "gdi32.dll",
                            "ws2_32.dll", "wsock32.dll", "wininet.dll", "winhttp.dll", "urlmon.dll", "msvcrt.dll",
                            "ucrtbase.dll", "vcruntime140.dll", "shell32.dll", "shlwapi.dll", "ole32.dll",
                            "oleaut32.dll", "crypt32.dll", "bcrypt.dll", "iphlpapi.dll", "netapi32.dll", "psapi.dll",
                            "dnsapi.dll", "secur32.dll", "mpr.dll", "version.dll", "userenv.dll", "ntoskrnl.exe",
                            "hal.dll"}) {
      BOOST_TEST_CONTEXT(dll) {
        const Module* m = p->load_library(dll);
        BOOST_REQUIRE(m);
        // Re-read the mapped image with the PE loader itself: a decoy must
        // pass as a PE file (headers, sections, export directory).
        std::vector<uint8_t> bytes(m->size);
        BOOST_REQUIRE(p->memory().read(m->base, bytes.data(), bytes.size()));
        BOOST_TEST((pe_arch(bytes) == std::optional<Arch>(p->arch())));
        LoadOptions lo;
        lo.load_imported_decoys = false;
        auto again = load_pe(bytes, lo);
        std::set<std::string> reparsed;
        for (auto& e : again->main_module().exports) reparsed.insert(e.name);
        for (auto& e : m->exports) BOOST_TEST(reparsed.count(e.name) == 1u);
        BOOST_TEST(m->exports.size() > 5u);
      }
    }
    // every decoy got its fixed base: none overlaps another
    for (auto& n : p->notes()) BOOST_TEST(n.find("instead of") == std::string::npos, n);
    for (auto& m : p->modules())
      if (m->decoy && m->name != "svchost.exe") {
        const auto spec = std::find_if(decoy_catalogue().begin(), decoy_catalogue().end(),
                                       [&](const DecoyInfo& d) { return d.name == m->name; });
        BOOST_REQUIRE(spec != decoy_catalogue().end());
        BOOST_TEST(m->base == (pe64 ? spec->base_x64 : spec->base_x86), m->name);
      }
    const Module* k32 = p->find_module("KERNEL32.DLL");
    BOOST_REQUIRE(k32);
    for (const char* fn : {"LoadLibraryA", "GetProcAddress", "VirtualAlloc", "CreateFileW", "WinExec", "IsDebuggerPresent"})
      BOOST_TEST(p->get_proc_address(*k32, fn) != 0u, fn);
    // api-set names resolve to the right decoy
    BOOST_TEST(p->load_library("api-ms-win-crt-stdio-l1-1-0.dll")->name == "ucrtbase.dll");
    BOOST_TEST(p->load_library("API-MS-WIN-CORE-SYNCH-L1-2-0") ->name == "kernelbase.dll");
    BOOST_TEST(p->load_library("C:\\Windows\\System32\\WS2_32.DLL")->name == "ws2_32.dll");
    BOOST_TEST(p->load_library("nosuch.dll") == nullptr);
    // ws2_32 ordinals are the Windows ones (115 = WSAStartup, 3 = closesocket)
    const Module* ws = p->find_module("ws2_32");
    BOOST_TEST(p->trap_at(p->get_proc_address(*ws, 115u))->function == "WSAStartup");
    BOOST_TEST(p->trap_at(p->get_proc_address(*ws, 3u))->function == "closesocket");
    // 32-bit-only exports exist only in x86 decoys
    const Module* nt = p->find_module("ntdll");
    BOOST_TEST((p->get_proc_address(*nt, "_allmul") != 0) == !pe64);
    BOOST_TEST(p->get_proc_address(*nt, "KiFastSystemCall") != 0u);
    // fixed bases
    BOOST_TEST(k32->base == (pe64 ? 0x7FE77000000ull : 0x77000000ull));
  }
}

BOOST_AUTO_TEST_CASE(msvcrt_data_exports) {
  for (bool pe64 : {false, true}) {
    LoadOptions o;
    o.env.command_line = "prog.exe one \"two three\"";
    auto p = load_minimal(pe64, o);
    const Module* crt = p->load_library("msvcrt.dll");
    BOOST_REQUIRE(crt);
    const uint64_t acmdln = p->get_proc_address(*crt, "_acmdln");
    BOOST_TEST(p->is_data_export(acmdln));
    BOOST_TEST(p->trap_at(acmdln) == nullptr);
    BOOST_TEST(p->memory().read_cstring(read_ptr(*p, acmdln)) == "prog.exe one \"two three\"");
    const uint64_t argc = p->get_proc_address(*crt, "__argc");
    BOOST_TEST(p->memory().read_as<uint32_t>(argc).value() == 3u);
    const uint64_t argv = read_ptr(*p, p->get_proc_address(*crt, "__argv"));
    BOOST_TEST(p->memory().read_cstring(read_ptr(*p, argv + (pe64 ? 16 : 8))) == "two three");
    const uint64_t iob = p->get_proc_address(*crt, "_iob");
    BOOST_TEST(p->memory().read_as<uint32_t>(iob + (pe64 ? 48 + 28 : 32 + 16)).value() == 1u);  // stdout _file
    const uint64_t pctype = read_ptr(*p, p->get_proc_address(*crt, "_pctype"));
    BOOST_TEST((p->memory().read_as<uint16_t>(pctype + 2 * 'A').value() & 0x1) != 0);  // _UPPER
    BOOST_TEST((p->memory().read_as<uint16_t>(pctype + 2 * '7').value() & 0x4) != 0);  // _DIGIT
    // code exports stay traps
    BOOST_TEST(p->trap_at(p->get_proc_address(*crt, "printf"))->function == "printf");
  }
}

BOOST_AUTO_TEST_CASE(threads_get_their_own_teb_and_stack) {
  auto p = load_minimal(true);
  auto t = p->create_thread_environment(0x20000, 0x500);
  BOOST_TEST(t.teb != p->teb());
  BOOST_TEST(t.stack_base - t.stack_limit == 0x20000u);
  BOOST_TEST(read_ptr(*p, t.teb + 0x30) == t.teb);
  BOOST_TEST(read_ptr(*p, t.teb + 0x60) == p->peb());
  BOOST_TEST(read_ptr(*p, t.teb + 0x48) == 0x500u);
}

BOOST_AUTO_TEST_CASE(make_stub_is_stable) {
  auto p = load_minimal(false);
  const uint64_t a = p->make_stub("foo.dll", "Bar");
  BOOST_TEST(a != 0u);
  BOOST_TEST(p->make_stub("FOO.DLL", "Bar") == a);
  BOOST_TEST(p->trap_at(a)->module == "foo");
  BOOST_TEST(p->make_stub("foo.dll", "Baz") != a);
}

BOOST_AUTO_TEST_SUITE_END()
