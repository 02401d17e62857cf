// Decoy DLL templates are built once per process and shared, read-only, by
// every emulated process, also when several are loaded at once on different
// threads (`emulate --jobs`). Each process must still see complete, correct
// export tables: what its guest memory holds (the PE export directory) and
// what get_proc_address / trap_at answer must agree.
#include <boost/test/unit_test.hpp>

#include <string>
#include <thread>
#include <vector>

#include "loader/loader.h"
#include "test_util.h"

using emu::loader::Arch;
using emu::loader::Process;

namespace {

std::unique_ptr<Process> load_ret(Arch arch) {
  emu::loader::LoadOptions o;
  o.raw_arch = arch;
  const std::vector<uint8_t> code = {0xC3};
  return emu::loader::load_shellcode(code, o);
}

// Walks the export directory in guest memory as GetProcAddress would and
// counts names whose address disagrees with get_proc_address (by name and
// by ordinal) or whose stub does not trap as that name.
size_t export_mismatches(Process& p, const emu::loader::Module& m, size_t& checked) {
  const auto& mem = p.memory();
  auto u32 = [&](uint64_t a) { return mem.read_as<uint32_t>(a).value_or(0); };
  auto u16 = [&](uint64_t a) { return mem.read_as<uint16_t>(a).value_or(0); };
  const uint64_t b = m.base;
  const uint32_t pe = u32(b + 0x3C);
  const bool pe64 = u16(b + pe + 0x18) == 0x20B;
  const uint64_t dir = b + u32(b + pe + 0x18 + (pe64 ? 0x70 : 0x60));
  const uint32_t ord_base = u32(dir + 16), nnames = u32(dir + 24);
  const uint64_t funcs = b + u32(dir + 28), names = b + u32(dir + 32), ords = b + u32(dir + 36);
  size_t bad = 0;
  for (uint32_t i = 0; i < nnames; ++i) {
    const std::string name = mem.read_cstring(b + u32(names + 4 * i), 256);
    const uint16_t idx = u16(ords + 2 * i);
    const uint64_t addr = b + u32(funcs + 4 * idx);
    ++checked;
    if (p.get_proc_address(m, name) != addr || p.get_proc_address(m, ord_base + idx) != addr) ++bad;
    else if (!p.is_data_export(addr)) {
      const auto* t = p.trap_at(addr);
      // Several names may share one stub (aliases): the trap names one of them.
      if (!t || t->ordinal != ord_base + idx) ++bad;
    }
  }
  return bad;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(decoy_sharing)

BOOST_AUTO_TEST_CASE(processes_share_one_trap_identity_per_stub) {
  for (Arch arch : {Arch::X86, Arch::X64}) {
    auto a = load_ret(arch);
    auto b = load_ret(arch);
    const auto* ka = a->find_module("kernel32");
    const auto* kb = b->find_module("kernel32");
    BOOST_TEST_REQUIRE((ka && kb));
    const uint64_t fa = a->get_proc_address(*ka, "GetProcAddress");
    const uint64_t fb = b->get_proc_address(*kb, "GetProcAddress");
    BOOST_TEST_REQUIRE((fa && fb));
    const auto* ta = a->trap_at(fa);
    const auto* tb = b->trap_at(fb);
    BOOST_TEST_REQUIRE((ta && tb));
    BOOST_TEST(ta->module == "kernel32");
    BOOST_TEST(ta->function == "GetProcAddress");
    BOOST_TEST(ta == tb);  // one shared, immutable template
    BOOST_TEST(a->get_proc_address(*ka, "NoSuchFunctionAnywhere") == 0u);
    BOOST_TEST(a->get_proc_address(*ka, 0xFFFFu) == 0u);
  }
}

BOOST_AUTO_TEST_CASE(concurrent_loads_see_complete_export_tables) {
  const char* dlls[] = {"ntdll", "kernel32", "kernelbase", "user32", "advapi32", "ws2_32", "msvcrt"};
  constexpr int kThreads = 4;
  std::vector<size_t> bad(kThreads, 0), checked(kThreads, 0);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i)
    threads.emplace_back([&, i] {
      auto p = load_ret(i % 2 ? Arch::X64 : Arch::X86);
      for (const char* d : dlls) {
        const auto* m = p->load_library(d);
        if (!m) { ++bad[i]; continue; }
        bad[i] += export_mismatches(*p, *m, checked[i]);
      }
    });
  for (auto& t : threads) t.join();
  for (int i = 0; i < kThreads; ++i) {
    BOOST_TEST(bad[i] == 0u, "thread " << i);
    BOOST_TEST(checked[i] > 5000u, "thread " << i);
  }
}

BOOST_AUTO_TEST_SUITE_END()
