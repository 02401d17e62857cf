// Differential tests: data movement, arithmetic/logic, multiply/divide.
// Undefined flags per the Intel SDM vol. 2 "Flags Affected" sections.
#include <boost/test/unit_test.hpp>

#include "tests/cpu/diff_harness.h"

using namespace emu::difftest;

namespace {

constexpr int kSizes[] = {8, 16, 32, 64};

uint8_t arches_for(int bits) { return bits == 64 ? 2 : 3; }

// The ALU forms of one two-operand mnemonic in every size and operand kind.
void alu_forms(std::vector<Form>& v, ZydisMnemonic mn, uint32_t undef, bool with_lock) {
  for (int b : kSizes) {
    int ib = b > 32 ? 32 : b;
    v.push_back(make(mn, {r(b), r(b)}, undef));
    v.push_back(make(mn, {r(b), m(b)}, undef));
    v.push_back(make(mn, {m(b), r(b)}, undef));
    v.push_back(make(mn, {r(b), imm(ib)}, undef));
    v.push_back(make(mn, {m(b), imm(ib)}, undef));
    if (b > 8) {
      v.push_back(make(mn, {r(b), imm(8)}, undef));
      v.back().name += " (sign-extended)";
    }
    if (with_lock && b >= 32) {
      v.push_back(make(mn, {m(b), r(b)}, undef));
      v.back().prefixes = ZYDIS_ATTRIB_HAS_LOCK;
      v.back().name = "lock " + v.back().name;
    }
  }
}

std::vector<Form> arith_forms() {
  std::vector<Form> v;
  alu_forms(v, ZYDIS_MNEMONIC_ADD, 0, true);
  alu_forms(v, ZYDIS_MNEMONIC_ADC, 0, true);
  alu_forms(v, ZYDIS_MNEMONIC_SUB, 0, true);
  alu_forms(v, ZYDIS_MNEMONIC_SBB, 0, true);
  alu_forms(v, ZYDIS_MNEMONIC_CMP, 0, false);
  alu_forms(v, ZYDIS_MNEMONIC_AND, fAF, true);
  alu_forms(v, ZYDIS_MNEMONIC_OR, fAF, true);
  alu_forms(v, ZYDIS_MNEMONIC_XOR, fAF, true);
  for (int b : kSizes) {
    int ib = b > 32 ? 32 : b;
    v.push_back(make(ZYDIS_MNEMONIC_TEST, {r(b), r(b)}, fAF));
    v.push_back(make(ZYDIS_MNEMONIC_TEST, {m(b), r(b)}, fAF));
    v.push_back(make(ZYDIS_MNEMONIC_TEST, {r(b), imm(ib)}, fAF));
    v.push_back(make(ZYDIS_MNEMONIC_TEST, {m(b), imm(ib)}, fAF));
    for (ZydisMnemonic mn : {ZYDIS_MNEMONIC_INC, ZYDIS_MNEMONIC_DEC, ZYDIS_MNEMONIC_NEG, ZYDIS_MNEMONIC_NOT}) {
      v.push_back(make(mn, {r(b)}));
      v.push_back(make(mn, {m(b)}));
      if (b == 32) {
        v.push_back(make(mn, {m(b)}));
        v.back().prefixes = ZYDIS_ATTRIB_HAS_LOCK;
        v.back().name = "lock " + v.back().name;
      }
    }
  }
  // inc/dec r16/r32 one-byte forms exist only in 32-bit mode.
  for (int b : {16, 32}) {
    uint8_t pfx = b == 16 ? 0x66 : 0x90;
    v.push_back(raw("inc r" + std::to_string(b) + " (40+r, edx)", {pfx, 0x42}, 1));
    v.push_back(raw("dec r" + std::to_string(b) + " (48+r, esi)", {pfx, 0x4E}, 1));
  }
  return v;
}

std::vector<Form> mov_forms() {
  std::vector<Form> v;
  for (int b : kSizes) {
    v.push_back(make(ZYDIS_MNEMONIC_MOV, {r(b), r(b)}));
    v.push_back(make(ZYDIS_MNEMONIC_MOV, {r(b), m(b)}));
    v.push_back(make(ZYDIS_MNEMONIC_MOV, {m(b), r(b)}));
    v.push_back(make(ZYDIS_MNEMONIC_MOV, {r(b), imm(b)}));
    v.push_back(make(ZYDIS_MNEMONIC_MOV, {m(b), imm(b > 32 ? 32 : b)}));
    v.push_back(make(ZYDIS_MNEMONIC_XCHG, {r(b), r(b)}));
    v.push_back(make(ZYDIS_MNEMONIC_XCHG, {m(b), r(b)}));
    v.push_back(make(ZYDIS_MNEMONIC_XADD, {r(b), r(b)}));
    v.push_back(make(ZYDIS_MNEMONIC_XADD, {m(b), r(b)}));
    v.push_back(make(ZYDIS_MNEMONIC_XADD, {m(b), r(b)}));
    v.back().prefixes = ZYDIS_ATTRIB_HAS_LOCK;
    v.back().name = "lock " + v.back().name;
    for (int mem = 0; mem < 3; ++mem) {
      Form f = make(ZYDIS_MNEMONIC_CMPXCHG, {mem ? m(b) : r(b), r(b)});
      if (mem == 2) {
        f.prefixes = ZYDIS_ATTRIB_HAS_LOCK;
        f.name = "lock " + f.name;
      }
      f.implicit = 1u << 0;  // accumulator
      f.fix = [b](Case& c, Rng& g) {
        // Half the time the accumulator matches, so both outcomes are seen.
        if (g() % 2) c.set(Loc{K::Gpr, 0, false, uint16_t(b)}, c.get(c.locs[0]));
      };
      v.push_back(f);
    }
  }
  for (int b : {16, 32, 64}) {
    v.push_back(make(ZYDIS_MNEMONIC_MOVZX, {r(b), r(8)}));
    v.push_back(make(ZYDIS_MNEMONIC_MOVZX, {r(b), m(8)}));
    v.push_back(make(ZYDIS_MNEMONIC_MOVSX, {r(b), r(8)}));
    v.push_back(make(ZYDIS_MNEMONIC_MOVSX, {r(b), m(8)}));
    if (b > 16) {
      v.push_back(make(ZYDIS_MNEMONIC_MOVZX, {r(b), r(16)}));
      v.push_back(make(ZYDIS_MNEMONIC_MOVZX, {r(b), m(16)}));
      v.push_back(make(ZYDIS_MNEMONIC_MOVSX, {r(b), r(16)}));
      v.push_back(make(ZYDIS_MNEMONIC_MOVSX, {r(b), m(16)}));
    }
    v.push_back(make(ZYDIS_MNEMONIC_LEA, {r(b), agen(b)}));
    for (ZydisMnemonic mn : {ZYDIS_MNEMONIC_CMOVO, ZYDIS_MNEMONIC_CMOVNO, ZYDIS_MNEMONIC_CMOVB, ZYDIS_MNEMONIC_CMOVNB,
                             ZYDIS_MNEMONIC_CMOVZ, ZYDIS_MNEMONIC_CMOVNZ, ZYDIS_MNEMONIC_CMOVBE,
                             ZYDIS_MNEMONIC_CMOVNBE, ZYDIS_MNEMONIC_CMOVS, ZYDIS_MNEMONIC_CMOVNS, ZYDIS_MNEMONIC_CMOVP,
                             ZYDIS_MNEMONIC_CMOVNP, ZYDIS_MNEMONIC_CMOVL, ZYDIS_MNEMONIC_CMOVNL, ZYDIS_MNEMONIC_CMOVLE,
                             ZYDIS_MNEMONIC_CMOVNLE}) {
      v.push_back(make(mn, {r(b), r(b)}));
      v.push_back(make(mn, {r(b), m(b)}));
    }
  }
  v.push_back(make(ZYDIS_MNEMONIC_MOVSXD, {r(64), r(32)}));
  v.push_back(make(ZYDIS_MNEMONIC_MOVSXD, {r(64), m(32)}));
  v.push_back(make(ZYDIS_MNEMONIC_BSWAP, {r(32)}));
  v.push_back(make(ZYDIS_MNEMONIC_BSWAP, {r(64)}));
  for (ZydisMnemonic mn : {ZYDIS_MNEMONIC_SETO, ZYDIS_MNEMONIC_SETNO, ZYDIS_MNEMONIC_SETB, ZYDIS_MNEMONIC_SETNB,
                           ZYDIS_MNEMONIC_SETZ, ZYDIS_MNEMONIC_SETNZ, ZYDIS_MNEMONIC_SETBE, ZYDIS_MNEMONIC_SETNBE,
                           ZYDIS_MNEMONIC_SETS, ZYDIS_MNEMONIC_SETNS, ZYDIS_MNEMONIC_SETP, ZYDIS_MNEMONIC_SETNP,
                           ZYDIS_MNEMONIC_SETL, ZYDIS_MNEMONIC_SETNL, ZYDIS_MNEMONIC_SETLE, ZYDIS_MNEMONIC_SETNLE}) {
    v.push_back(make(mn, {r(8)}));
    v.push_back(make(mn, {m(8)}));
  }
  // cmpxchg8b / cmpxchg16b: edx:eax against memory, ecx:ebx stored on match.
  for (int wide = 0; wide < 2; ++wide) {
    Form f = make(wide ? ZYDIS_MNEMONIC_CMPXCHG16B : ZYDIS_MNEMONIC_CMPXCHG8B, {m(wide ? 128 : 64)}, 0, false);
    f.arches = wide ? 2 : 3;
    f.implicit = 0xF;  // rax rcx rdx rbx
    f.fix = [wide](Case& c, Rng& g) {
      if (g() % 2 == 0) return;
      uint32_t off = c.locs[0].off;
      if (wide) {
        c.gpr(0) = c.mem64(off);
        c.gpr(2) = c.mem64(off + 8);
      } else {
        uint64_t v = c.mem64(off);
        c.gpr(0) = (c.gpr(0) & ~0xFFFFFFFFull) | (v & 0xFFFFFFFF);
        c.gpr(2) = (c.gpr(2) & ~0xFFFFFFFFull) | (v >> 32);
      }
    };
    v.push_back(f);
  }
  return v;
}

// Builds a dividend in the implicit registers whose quotient fits, unless
// the case is one of the ~1 in 10 left raw to exercise #DE.
void fix_divide(Case& c, Rng& g, int b, bool is_signed) {
  if (g() % 10 == 0) return;
  uint64_t mk = mask_of(b);
  uint64_t d = c.get(c.locs[0]) & mk;
  if (d == 0) {
    d = (g() % 255 + 1) & mk;
    if (c.locs[0].kind == K::Gpr || c.locs[0].kind == K::Mem) c.set(c.locs[0], d);
  }
  unsigned __int128 dividend;
  if (!is_signed) {
    uint64_t q = g() & mk, rem = g() % d;
    dividend = (unsigned __int128)q * d + rem;
  } else {
    __int128 sd = b == 64 ? (__int128)(int64_t)d : (__int128)(int64_t)(d << (64 - b)) >> (64 - b);
    int64_t qmax = int64_t(mask_of(b - 1));  // 2^(b-1)-1
    __int128 q = (__int128)(int64_t(g() % uint64_t(qmax)) - (g() % 2 ? 0 : qmax / 2 + int64_t(g() % 2)));
    if (g() % 3 == 0) q = (__int128)(int64_t(g() % 201) - 100);
    __int128 ad = sd < 0 ? -sd : sd;
    __int128 rem = (__int128)(g() % uint64_t(ad));
    __int128 prod = q * sd;
    __int128 sdiv = prod + (prod < 0 ? -rem : rem);
    if (prod == 0 && g() % 2) sdiv = -rem;  // negative remainder with zero quotient
    dividend = (unsigned __int128)sdiv;
  }
  if (b == 8) {
    c.gpr(0) = (c.gpr(0) & ~0xFFFFull) | uint64_t(dividend & 0xFFFF);
  } else {
    uint64_t lo = uint64_t(dividend) & mk, hi = uint64_t(dividend >> b) & mk;
    c.set(Loc{K::Gpr, 0, false, uint16_t(b)}, lo);
    c.set(Loc{K::Gpr, 2, false, uint16_t(b)}, hi);
  }
}

std::vector<Form> muldiv_forms() {
  std::vector<Form> v;
  const uint32_t mul_undef = fSF | fZF | fAF | fPF;
  for (int b : kSizes) {
    for (int mem = 0; mem < 2; ++mem) {
      Op src = mem ? m(b) : r(b);
      for (ZydisMnemonic mn : {ZYDIS_MNEMONIC_MUL, ZYDIS_MNEMONIC_IMUL}) {
        Form f = make(mn, {src}, mul_undef);
        f.implicit = b == 8 ? 0x1 : 0x5;
        f.arches = arches_for(b);
        v.push_back(f);
      }
      for (int sgn = 0; sgn < 2; ++sgn) {
        Form f = make(sgn ? ZYDIS_MNEMONIC_IDIV : ZYDIS_MNEMONIC_DIV, {src}, fAll);
        f.implicit = 0x5;
        f.arches = arches_for(b);
        f.fix = [b, sgn](Case& c, Rng& g) { fix_divide(c, g, b, sgn != 0); };
        v.push_back(f);
      }
    }
    if (b == 8) continue;
    int ib = b > 32 ? 32 : b;
    v.push_back(make(ZYDIS_MNEMONIC_IMUL, {r(b), r(b)}, mul_undef));
    v.push_back(make(ZYDIS_MNEMONIC_IMUL, {r(b), m(b)}, mul_undef));
    v.push_back(make(ZYDIS_MNEMONIC_IMUL, {r(b), r(b), imm(8)}, mul_undef));
    v.push_back(make(ZYDIS_MNEMONIC_IMUL, {r(b), m(b), imm(8)}, mul_undef));
    v.push_back(make(ZYDIS_MNEMONIC_IMUL, {r(b), r(b), imm(ib)}, mul_undef));
    v.push_back(make(ZYDIS_MNEMONIC_IMUL, {r(b), m(b), imm(ib)}, mul_undef));
  }
  return v;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(diff_host)

BOOST_AUTO_TEST_CASE(arith_x64) { run_family("arith", Arch::X64, arith_forms()); }
BOOST_AUTO_TEST_CASE(arith_x86) { run_family("arith", Arch::X86, arith_forms()); }
BOOST_AUTO_TEST_CASE(mov_x64) { run_family("mov", Arch::X64, mov_forms()); }
BOOST_AUTO_TEST_CASE(mov_x86) { run_family("mov", Arch::X86, mov_forms()); }
BOOST_AUTO_TEST_CASE(muldiv_x64) { run_family("muldiv", Arch::X64, muldiv_forms()); }
BOOST_AUTO_TEST_CASE(muldiv_x86) { run_family("muldiv", Arch::X86, muldiv_forms()); }

BOOST_AUTO_TEST_SUITE_END()
