// Differential tests: flags consumed by later instructions (the lazy-flags
// paths inside the interpreter, not only the flags it reports), and 32-bit
// addressing in 64-bit mode.
//
// Each chain form runs one flag producer followed by eight SETcc that read
// every condition (CF, ZF, SF, OF, PF, CF|ZF, SF^OF, ZF|(SF^OF)) into AL,
// AH, CL, CH, DL, DH, BL, BH; then a Jcc/ADC/CMOV tail. Producers are limited
// to those whose flags read here are all defined.
#include <boost/test/unit_test.hpp>

#include "tests/cpu/diff_harness.h"

using namespace emu::difftest;

namespace {

const std::vector<uint8_t> kSetccAll = {
    0x0F, 0x92, 0xC0,  // setb al
    0x0F, 0x94, 0xC4,  // setz ah
    0x0F, 0x98, 0xC1,  // sets cl
    0x0F, 0x90, 0xC5,  // seto ch
    0x0F, 0x9A, 0xC2,  // setp dl
    0x0F, 0x96, 0xC6,  // setbe dh
    0x0F, 0x9C, 0xC3,  // setl bl
    0x0F, 0x9E, 0xC7,  // setle bh
};
const std::vector<uint8_t> kTails[] = {
    {0x72, 0x02, 0xFF, 0xC6},  // jb +2 ; inc esi
    {0x7F, 0x02, 0xFF, 0xC6},  // jg +2 ; inc esi
    {0x7A, 0x02, 0xFF, 0xC6},  // jp +2 ; inc esi
    {0x11, 0xFE},              // adc esi, edi
    {0x19, 0xFE},              // sbb esi, edi
    {0x0F, 0x47, 0xF7},        // cmova esi, edi
    {0x0F, 0x4C, 0xF7},        // cmovl esi, edi
};
constexpr uint16_t kConsumerRegs = 0xCF;  // rax rcx rdx rbx rsi rdi

void add_chain(std::vector<Form>& v, Form f) {
  f.implicit |= kConsumerRegs;
  // 32-bit mode has no 8-bit register left once the consumers' are taken.
  for (const Op& op : f.ops)
    if (op.kind == K::Gpr && op.bits == 8) f.arches &= 2;
  std::string base = f.name;
  for (size_t t = 0; t < sizeof kTails / sizeof kTails[0]; ++t) {
    Form c = f;
    c.name = base + " ; setcc x8 ; tail " + std::to_string(t);
    c.suffix = kSetccAll;
    c.suffix.insert(c.suffix.end(), kTails[t].begin(), kTails[t].end());
    // The tails' own flag writes (adc/sbb) are compared in full.
    v.push_back(c);
  }
}

std::vector<Form> chain_family() {
  std::vector<Form> v;
  for (int b : {8, 32, 64}) {
    for (ZydisMnemonic mn : {ZYDIS_MNEMONIC_ADD, ZYDIS_MNEMONIC_ADC, ZYDIS_MNEMONIC_SUB, ZYDIS_MNEMONIC_SBB,
                             ZYDIS_MNEMONIC_CMP, ZYDIS_MNEMONIC_AND, ZYDIS_MNEMONIC_XOR, ZYDIS_MNEMONIC_TEST,
                             ZYDIS_MNEMONIC_XADD, ZYDIS_MNEMONIC_CMPXCHG})
      add_chain(v, make(mn, {r(b), r(b)}, mn == ZYDIS_MNEMONIC_AND || mn == ZYDIS_MNEMONIC_XOR ||
                                                  mn == ZYDIS_MNEMONIC_TEST ? fAF : 0));
    for (ZydisMnemonic mn : {ZYDIS_MNEMONIC_INC, ZYDIS_MNEMONIC_DEC, ZYDIS_MNEMONIC_NEG, ZYDIS_MNEMONIC_NOT})
      add_chain(v, make(mn, {r(b)}));
    for (ZydisMnemonic mn : {ZYDIS_MNEMONIC_SHL, ZYDIS_MNEMONIC_SHR, ZYDIS_MNEMONIC_SAR, ZYDIS_MNEMONIC_ROL,
                             ZYDIS_MNEMONIC_ROR, ZYDIS_MNEMONIC_RCL, ZYDIS_MNEMONIC_RCR}) {
      // Count 1 (all read flags defined) and count 0 (flags untouched).
      for (int count : {0, 1}) {
        Form f = make(mn, {r(b), immu(8)}, mn == ZYDIS_MNEMONIC_SHL || mn == ZYDIS_MNEMONIC_SHR ||
                                                   mn == ZYDIS_MNEMONIC_SAR ? fAF : 0);
        f.name += count ? " (count 1)" : " (count 0)";
        f.fix = [count](Case& c, Rng&) { c.set(c.locs[1], uint64_t(count)); };
        add_chain(v, f);
      }
    }
    if (b > 8) {
      add_chain(v, make(ZYDIS_MNEMONIC_POPCNT, {r(b), r(b)}));
      Form sh = make(ZYDIS_MNEMONIC_SHLD, {r(b), r(b), immu(8)}, fAF);
      sh.name += " (count 1)";
      sh.fix = [](Case& c, Rng&) { c.set(c.locs[2], 1); };
      add_chain(v, sh);
    }
  }
  add_chain(v, raw("clc", {0xF8}));
  add_chain(v, raw("stc", {0xF9}));
  add_chain(v, raw("cmc", {0xF5}));
  Form sahf = raw("mov ah, imm8 ; sahf", {0xB4, 0x00, 0x9E});
  sahf.fix = nullptr;
  for (int val : {0x00, 0xD5, 0x41, 0x84, 0x01}) {
    Form s = raw("mov ah, " + std::to_string(val) + " ; sahf", {0xB4, uint8_t(val), 0x9E});
    add_chain(v, s);
  }
  add_chain(v, make(ZYDIS_MNEMONIC_PTEST, {x(), x()}, 0, false));
  Form uc = make(ZYDIS_MNEMONIC_UCOMISD, {x(), x()}, 0, false);
  uc.lane = 64;
  add_chain(v, uc);
  Form cs = make(ZYDIS_MNEMONIC_COMISS, {x(), x()}, 0, false);
  cs.lane = 32;
  add_chain(v, cs);
  return v;
}

std::vector<Form> addr32_family() {
  std::vector<Form> v;
  auto add = [&](Form f) {
    f.addr32 = true;
    f.arches = 2;
    f.name += " (addr32)";
    v.push_back(f);
  };
  add(make(ZYDIS_MNEMONIC_MOV, {r(64), m(64)}));
  add(make(ZYDIS_MNEMONIC_MOV, {m(32), r(32)}));
  add(make(ZYDIS_MNEMONIC_ADD, {m(16), r(16)}));
  add(make(ZYDIS_MNEMONIC_LEA, {r(64), agen(64)}));
  add(make(ZYDIS_MNEMONIC_LEA, {r(32), agen(32)}));
  add(make(ZYDIS_MNEMONIC_MOVDQU, {x(), m(128)}, 0, false));
  add(make(ZYDIS_MNEMONIC_PUSH, {m(64)}));
  return v;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(diff_host)

BOOST_AUTO_TEST_CASE(chain_x64) { run_family("chain", Arch::X64, chain_family()); }
BOOST_AUTO_TEST_CASE(chain_x86) { run_family("chain", Arch::X86, chain_family()); }
BOOST_AUTO_TEST_CASE(addr32_x64) { run_family("addr32", Arch::X64, addr32_family()); }

BOOST_AUTO_TEST_SUITE_END()
