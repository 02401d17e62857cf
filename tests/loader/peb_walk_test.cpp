// Runs tests/shellcode/peb_walk_{x86,x64}.asm on the interpreter: the
// shellcode walks PEB->Ldr to kernel32, resolves LoadLibraryA and
// GetProcAddress by ROR-13 hash from the decoy export table, loads user32 and
// calls MessageBoxA. The test plays the API layer at each trap.
#include <boost/test/unit_test.hpp>

#include <filesystem>

#include "cpu/cpu.h"
#include "loader/loader.h"
#include "tests/loader/test_util.h"

using namespace emu::loader;
using emu::cpu::Cpu;
using emu::cpu::StopKind;

namespace {

// Returns from a trapped API call as the API layer would: result in
// eax/rax, return address popped, stdcall arguments removed on x86.
void api_return(Cpu& cpu, bool x86, uint64_t result, unsigned stdcall_args) {
  const uint64_t ret = cpu.pop().value();
  if (x86) cpu.set_reg(emu::cpu::RSP, cpu.reg(emu::cpu::RSP) + 4 * stdcall_args);
  cpu.set_reg(emu::cpu::RAX, result);
  cpu.set_pc(ret);
}

uint64_t arg(Cpu& cpu, bool x86, unsigned i) {
  if (!x86) {
    const emu::cpu::Reg regs[] = {emu::cpu::RCX, emu::cpu::RDX, emu::cpu::R8, emu::cpu::R9};
    return cpu.reg(regs[i]);
  }
  return cpu.memory().read_as<uint32_t>(cpu.reg(emu::cpu::RSP) + 4 + 4 * i).value_or(0);
}

void run_peb_walk(Arch arch) {
  const bool x86 = arch == Arch::X86;
  const std::filesystem::path bin = std::filesystem::path(EMU_GUEST_DIR) / (x86 ? "peb_walk_x86.bin" : "peb_walk_x64.bin");
  BOOST_REQUIRE_MESSAGE(std::filesystem::exists(bin), bin << " not built");
  const auto code = test_util::read_file(bin);
  LoadOptions o;
  o.raw_arch = arch;
  auto p = load_shellcode(code, o);
  const Module* k32 = p->find_module("kernel32.dll");
  BOOST_REQUIRE(k32);

  Cpu cpu(cpu_mode(arch), p->memory());
  cpu.set_context(p->initial_context(p->main_thread()));
  const uint64_t done = p->make_stub("test", "shellcode_returned");
  cpu.push(done);
  cpu.set_pc(p->entry_points().at(0).address);
  for (auto [b, e] : p->trap_ranges()) cpu.add_trap_range(b, e);

  auto s = cpu.run(1'000'000);
  BOOST_REQUIRE_MESSAGE(s.kind == StopKind::Trap, "stop " << emu::cpu::stop_name(s.kind) << " at 0x" << std::hex << s.pc
                                                          << " " << s.mnemonic);
  BOOST_TEST(s.pc == p->get_proc_address(*k32, "LoadLibraryA"));
  BOOST_TEST(p->trap_at(s.pc)->function == "LoadLibraryA");
  const std::string lib = p->memory().read_cstring(arg(cpu, x86, 0));
  BOOST_TEST(lib == "user32.dll");
  const Module* u32 = p->load_library(lib);
  BOOST_REQUIRE(u32);
  for (auto [b, e] : p->trap_ranges()) cpu.add_trap_range(b, e);
  api_return(cpu, x86, u32->base, 1);

  s = cpu.run(1'000'000);
  BOOST_REQUIRE(s.kind == StopKind::Trap);
  BOOST_TEST(s.pc == p->get_proc_address(*k32, "GetProcAddress"));
  BOOST_TEST(arg(cpu, x86, 0) == u32->base);
  const std::string fn = p->memory().read_cstring(arg(cpu, x86, 1));
  BOOST_TEST(fn == "MessageBoxA");
  api_return(cpu, x86, p->get_proc_address(*p->module_at(arg(cpu, x86, 0)), fn), 2);

  s = cpu.run(1'000'000);
  BOOST_REQUIRE(s.kind == StopKind::Trap);
  BOOST_TEST(s.pc == p->get_proc_address(*u32, "MessageBoxA"));
  const TrapTarget* t = p->trap_at(s.pc);
  BOOST_REQUIRE(t);
  BOOST_TEST(t->module == "user32");
  BOOST_TEST(t->function == "MessageBoxA");
  api_return(cpu, x86, 1, 4);

  s = cpu.run(1'000'000);
  BOOST_REQUIRE(s.kind == StopKind::Trap);
  BOOST_TEST(s.pc == done);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(peb_walk)

BOOST_AUTO_TEST_CASE(x86) { run_peb_walk(Arch::X86); }
BOOST_AUTO_TEST_CASE(x64) { run_peb_walk(Arch::X64); }

BOOST_AUTO_TEST_SUITE_END()
