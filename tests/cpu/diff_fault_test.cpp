// Differential tests: faults and self-modifying code. The host raises a
// signal where the interpreter must stop with the matching fault; faults are
// precise (registers and memory unchanged). Stores that straddle into an
// unmapped page must not write their first part.
#include <boost/test/unit_test.hpp>
#include <cstring>

#include "tests/cpu/diff_harness.h"

using namespace emu::difftest;

namespace {

// Moves operand `i`'s effective address by `delta` bytes (the base register
// carries the change; it is never used by another operand).
void move_address(Case& c, size_t i, int64_t delta) {
  Loc& l = c.locs[i];
  c.gpr(l.reg) += uint64_t(delta);
  if (c.arch == Arch::X86) c.gpr(l.reg) &= 0xFFFFFFFFull;
  l.off = uint32_t(int64_t(l.off) + delta);
}
// Puts operand `i` at window offset `off` (may be outside the window).
void place(Case& c, size_t i, uint32_t off) { move_address(c, i, int64_t(off) - int64_t(c.locs[i].off)); }

std::vector<Form> fault_family() {
  std::vector<Form> v;
  for (int b : {8, 32, 64}) {
    Form ld = make(ZYDIS_MNEMONIC_MOV, {r(b), m(b)});
    ld.name += " (unmapped page)";
    ld.fix = [](Case& c, Rng&) { move_address(c, 1, 0x1000); };
    v.push_back(ld);
    Form st = make(ZYDIS_MNEMONIC_MOV, {m(b), r(b)});
    st.name += " (unmapped page)";
    st.fix = [](Case& c, Rng&) { move_address(c, 0, 0x1000); };
    v.push_back(st);
  }
  for (int b : {32, 64}) {
    Form st = make(ZYDIS_MNEMONIC_MOV, {m(b), r(b)});
    st.name += " (straddles into an unmapped page)";
    st.fix = [b](Case& c, Rng& g) { place(c, 0, 0x1000 - uint32_t(1 + g() % (b / 8 - 1))); };
    v.push_back(st);
    Form add = make(ZYDIS_MNEMONIC_ADD, {m(b), r(b)});
    add.name += " (straddles into an unmapped page)";
    add.fix = [b](Case& c, Rng& g) { place(c, 0, 0x1000 - uint32_t(1 + g() % (b / 8 - 1))); };
    v.push_back(add);
  }
  Form mvu = make(ZYDIS_MNEMONIC_MOVDQU, {m(128), x()}, 0, false);
  mvu.name += " (straddles into an unmapped page)";
  mvu.fix = [](Case& c, Rng& g) { place(c, 0, 0x1000 - uint32_t(1 + g() % 15)); };
  v.push_back(mvu);
  Form mva = make(ZYDIS_MNEMONIC_MOVDQA, {x(), m(128)}, 0, false);
  mva.name += " (misaligned: #GP)";
  mva.fix = [](Case& c, Rng& g) { move_address(c, 1, int64_t(1 + g() % 15)); };
  v.push_back(mva);
  Form pa = make(ZYDIS_MNEMONIC_PADDD, {x(), m(128)}, 0, false);
  pa.name += " (misaligned: #GP)";
  pa.fix = [](Case& c, Rng& g) { move_address(c, 1, int64_t(1 + g() % 15)); };
  v.push_back(pa);
  Form push = raw("push (stack pointer on an unmapped page)", {0x50});
  push.fix = [](Case& c, Rng& g) { c.gpr(4) = NX_MEM + 0x1100 + 8 * (g() % 8); };
  v.push_back(push);
  Form call = raw("call rel32 (stack pointer on an unmapped page)", {0xE8, 0, 0, 0, 0});
  call.fix = [](Case& c, Rng& g) { c.gpr(4) = NX_MEM + 0x1100 + 8 * (g() % 8); };
  v.push_back(call);
  v.push_back(raw("int3", {0xCC}));
  v.push_back(raw("ud2", {0x0F, 0x0B}));
  v.push_back(raw("lock add eax, eax (#UD)", {0xF0, 0x01, 0xC0}));
  v.push_back(raw("push es (#UD in 64-bit mode)", {0x06}, 2));
  v.push_back(raw("aaa (#UD in 64-bit mode)", {0x37}, 2));
  v.push_back(raw("into (#UD in 64-bit mode)", {0xCE}, 2));
  Form div0 = make(ZYDIS_MNEMONIC_DIV, {r(32)});
  div0.name += " (divide by zero)";
  div0.implicit = 0x5;
  div0.fix = [](Case& c, Rng&) { c.set(c.locs[0], 0); };
  v.push_back(div0);
  Form idivo = raw("idiv ecx (INT_MIN / -1)", {0xF7, 0xF9});
  idivo.fix = [](Case& c, Rng&) {
    c.gpr(0) = 0x80000000u;
    c.gpr(2) = 0xFFFFFFFFu;
    c.gpr(1) = 0xFFFFFFFFu;
  };
  v.push_back(idivo);
  return v;
}

// Self-modifying code: the first instruction rewrites the one after it,
// which the interpreter may already have decoded.
std::vector<Form> smc_family() {
  std::vector<Form> v;
  // x64: mov byte [rip+0], 0xF8 ; stc   ->  the stc becomes clc.
  v.push_back(raw("mov byte [rip], imm8 rewriting the next instruction", {0xC6, 0x05, 0, 0, 0, 0, 0xF8, 0xF9}, 2));
  uint32_t target = NX_CODE_END - 1;
  std::vector<uint8_t> x86 = {0xC6, 0x05};
  for (int i = 0; i < 4; ++i) x86.push_back(uint8_t(target >> (8 * i)));
  x86.push_back(0xF8);
  x86.push_back(0xF9);
  v.push_back(raw("mov byte [abs], imm8 rewriting the next instruction", x86, 1));
  // mov [rbx], eax rewrites "inc ecx; inc ecx" (FF C1 FF C1) two bytes ahead.
  Form viareg = raw("mov [rbx], eax rewriting code two instructions ahead", {0x89, 0x03, 0x90, 0xFF, 0xC1, 0xFF, 0xC1});
  viareg.fix = [](Case& c, Rng& g) {
    c.gpr(3) = NX_CODE_END - 4;
    static const uint32_t patches[] = {0xC2FFC2FFu, 0x90909090u, 0xC0FFC0FFu};
    c.gpr(0) = (c.gpr(0) & ~0xFFFFFFFFull) | patches[g() % 3];
  };
  v.push_back(viareg);
  return v;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(diff_host)

BOOST_AUTO_TEST_CASE(fault_x64) { run_family("fault", Arch::X64, fault_family()); }
BOOST_AUTO_TEST_CASE(fault_x86) { run_family("fault", Arch::X86, fault_family()); }
BOOST_AUTO_TEST_CASE(smc_x64) { run_family("smc", Arch::X64, smc_family()); }
BOOST_AUTO_TEST_CASE(smc_x86) { run_family("smc", Arch::X86, smc_family()); }

BOOST_AUTO_TEST_SUITE_END()
