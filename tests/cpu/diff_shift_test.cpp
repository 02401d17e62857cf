// Differential tests: shifts, rotates, double shifts and bit operations.
// Flags the SDM leaves undefined depend on the masked count; see dyn below.
#include <boost/test/unit_test.hpp>

#include "tests/cpu/diff_harness.h"

using namespace emu::difftest;

namespace {

enum class ShiftKind { Shift, ShiftLogical, Rotate, RotateCarry };

// Counts 0..63 mostly (the brief's range), sometimes any byte.
void fix_count(Case& c, Rng& g, size_t i, bool force_one) {
  Loc& l = c.locs[i];
  if (force_one) {
    c.set(l, 1);
    return;
  }
  if (g() % 4) c.set(l, g() % 64);
}

Undef shift_undef(const Case& c, size_t count_op, int bits, ShiftKind kind) {
  Undef u;
  uint32_t n = shift_count(c, count_op, bits);
  if (n == 0) return u;  // flags unaffected
  switch (kind) {
    case ShiftKind::Shift:
    case ShiftKind::ShiftLogical:
      u.flags |= fAF;
      if (n != 1) u.flags |= fOF;
      // SHL/SHR: CF undefined once the count reaches the operand size.
      if (kind == ShiftKind::ShiftLogical && n >= uint32_t(bits)) u.flags |= fCF | fOF;
      break;
    case ShiftKind::Rotate:
    case ShiftKind::RotateCarry:
      if (n != 1) u.flags |= fOF;
      break;
  }
  return u;
}

void shift_forms(std::vector<Form>& v, ZydisMnemonic mn, ShiftKind kind) {
  for (int b : {8, 16, 32, 64}) {
    for (int mem = 0; mem < 2; ++mem) {
      Op dst = mem ? m(b) : r(b);
      for (int cnt = 0; cnt < 3; ++cnt) {
        Form f = make(mn, {dst, cnt == 2 ? cl() : immu(8)});
        if (cnt == 0) f.name += " (count 1)";
        if (cnt == 2) f.implicit = 1u << 1;  // rcx
        f.fix = [cnt](Case& c, Rng& g) { fix_count(c, g, 1, cnt == 0); };
        f.dyn = [b, kind](const Case& c) { return shift_undef(c, 1, b, kind); };
        v.push_back(f);
      }
    }
  }
}

std::vector<Form> shift_family() {
  std::vector<Form> v;
  shift_forms(v, ZYDIS_MNEMONIC_SHL, ShiftKind::ShiftLogical);
  shift_forms(v, ZYDIS_MNEMONIC_SHR, ShiftKind::ShiftLogical);
  shift_forms(v, ZYDIS_MNEMONIC_SAR, ShiftKind::Shift);
  shift_forms(v, ZYDIS_MNEMONIC_ROL, ShiftKind::Rotate);
  shift_forms(v, ZYDIS_MNEMONIC_ROR, ShiftKind::Rotate);
  shift_forms(v, ZYDIS_MNEMONIC_RCL, ShiftKind::RotateCarry);
  shift_forms(v, ZYDIS_MNEMONIC_RCR, ShiftKind::RotateCarry);
  for (ZydisMnemonic mn : {ZYDIS_MNEMONIC_SHLD, ZYDIS_MNEMONIC_SHRD}) {
    for (int b : {16, 32, 64}) {
      for (int mem = 0; mem < 2; ++mem) {
        for (int use_cl = 0; use_cl < 2; ++use_cl) {
          Form f = make(mn, {mem ? m(b) : r(b), r(b), use_cl ? cl() : immu(8)});
          if (use_cl) f.implicit = 1u << 1;
          f.fix = [b](Case& c, Rng& g) {
            fix_count(c, g, 2, false);
            // A 16-bit count above 16 leaves the result undefined: keep out.
            if (b == 16) {
              uint32_t n = shift_count(c, 2, b);
              if (n > 16) c.set(c.locs[2], n % 17);
            }
          };
          f.dyn = [b](const Case& c) {
            Undef u;
            uint32_t n = shift_count(c, 2, b);
            if (n >= 1) u.flags |= fAF;
            if (n > 1) u.flags |= fOF;
            return u;
          };
          v.push_back(f);
        }
      }
    }
  }
  return v;
}

std::vector<Form> bit_family() {
  std::vector<Form> v;
  const uint32_t bt_undef = fOF | fSF | fAF | fPF;
  for (ZydisMnemonic mn : {ZYDIS_MNEMONIC_BT, ZYDIS_MNEMONIC_BTS, ZYDIS_MNEMONIC_BTR, ZYDIS_MNEMONIC_BTC}) {
    for (int b : {16, 32, 64}) {
      v.push_back(make(mn, {r(b), r(b)}, bt_undef));
      v.push_back(make(mn, {r(b), immu(8)}, bt_undef));
      v.push_back(make(mn, {m(b), immu(8)}, bt_undef));
      // Register bit offsets address a bit string: keep it inside the window.
      Form f = make(mn, {m(b), r(b)}, bt_undef);
      f.fix = [](Case& c, Rng& g) { c.set(c.locs[1], uint64_t(int64_t(g() % 1024) - 512)); };
      v.push_back(f);
      if (mn != ZYDIS_MNEMONIC_BT && b == 32) {
        v.push_back(f);
        v.back().prefixes = ZYDIS_ATTRIB_HAS_LOCK;
        v.back().name = "lock " + v.back().name;
      }
    }
  }
  for (int b : {16, 32, 64}) {
    for (int mem = 0; mem < 2; ++mem) {
      Op src = mem ? m(b) : r(b);
      for (ZydisMnemonic mn : {ZYDIS_MNEMONIC_BSF, ZYDIS_MNEMONIC_BSR}) {
        Form f = make(mn, {r(b), src}, fCF | fOF | fSF | fAF | fPF);
        f.fix = [](Case& c, Rng& g) {
          if (g() % 5 == 0) c.set(c.locs[1], 0);
        };
        // Source zero: the destination is undefined (Intel) / unchanged (AMD).
        f.dyn = [](const Case& c) {
          Undef u;
          if (c.get(c.locs[1]) == 0) u.gpr_ignore = uint16_t(1u << c.locs[0].reg);
          return u;
        };
        v.push_back(f);
      }
      for (ZydisMnemonic mn : {ZYDIS_MNEMONIC_TZCNT, ZYDIS_MNEMONIC_LZCNT, ZYDIS_MNEMONIC_POPCNT}) {
        Form f = make(mn, {r(b), src}, mn == ZYDIS_MNEMONIC_POPCNT ? 0 : (fOF | fSF | fPF | fAF));
        f.fix = [](Case& c, Rng& g) {
          if (g() % 5 == 0) c.set(c.locs[1], 0);
        };
        v.push_back(f);
      }
    }
  }
  return v;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(diff_host)

BOOST_AUTO_TEST_CASE(shift_x64) { run_family("shift", Arch::X64, shift_family()); }
BOOST_AUTO_TEST_CASE(shift_x86) { run_family("shift", Arch::X86, shift_family()); }
BOOST_AUTO_TEST_CASE(bit_x64) { run_family("bit", Arch::X64, bit_family()); }
BOOST_AUTO_TEST_CASE(bit_x86) { run_family("bit", Arch::X86, bit_family()); }

BOOST_AUTO_TEST_SUITE_END()
