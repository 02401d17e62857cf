// Bit operations: bt bts btr btc, bsf bsr, tzcnt lzcnt popcnt, and BMI1
// (andn bextr blsi blsr blsmsk; advertised in CPUID leaf 7).
#include <bit>

#include "cpu/family.h"
#include "cpu/ops_common.h"

namespace emu::cpu {
namespace {

// Kind: 0 bt, 1 bts, 2 btr, 3 btc.
template <int Kind, class T> inline T bt_apply(T v, unsigned bit) {
  const T m = static_cast<T>(T(1) << bit);
  if constexpr (Kind == 1) return v | m;
  if constexpr (Kind == 2) return static_cast<T>(v & ~m);
  if constexpr (Kind == 3) return v ^ m;
  return v;
}

// Register destination; Imm: offset from Insn::imm, else register r2.
template <class T, int Kind, bool Imm> const Insn* h_bt_r(State& s, const Insn* i) {
  const unsigned bit = static_cast<unsigned>(Imm ? i->imm : s.reg<T>(i->r2)) & (kBits<T> - 1);
  const T v = s.reg<T>(i->r1);
  flags_set_cf(s, (v >> bit) & 1);
  if constexpr (Kind != 0) s.set_reg<T>(i->r1, bt_apply<Kind, T>(v, bit));
  return i + 1;
}

// Memory destination. A register offset addresses a bit string: it is
// signed and may reach outside the operand.
template <class T, int Kind, bool Imm> const Insn* h_bt_m(State& s, const Insn* i) {
  uint64_t a = s.ea(i);
  unsigned bit;
  if constexpr (Imm) {
    bit = static_cast<unsigned>(i->imm) & (kBits<T> - 1);
  } else {
    const int64_t off = static_cast<int64_t>(static_cast<Signed<T>>(s.reg<T>(i->r2)));
    a = (a + static_cast<uint64_t>((off >> std::countr_zero(unsigned(kBits<T>))) * int64_t(sizeof(T)))) &
        s.mode_mask;
    bit = static_cast<unsigned>(off) & (kBits<T> - 1);
  }
  T v;
  if constexpr (Kind == 0) {
    if (!s.read<T>(i, a, v)) return nullptr;
  } else {
    if (!s.read_rmw<T>(i, a, v)) return nullptr;
    s.write<T>(i, a, bt_apply<Kind, T>(v, bit));
  }
  flags_set_cf(s, (v >> bit) & 1);
  return i + 1;
}

template <class T, int Kind> Handler bt_pick_t(bool mem, bool imm) {
  if (mem) return imm ? &h_bt_m<T, Kind, true> : &h_bt_m<T, Kind, false>;
  return imm ? &h_bt_r<T, Kind, true> : &h_bt_r<T, Kind, false>;
}

template <int Kind> bool sel_bt(const Decoded& d, Insn& o) {
  if (d.nvis() != 2) return false;
  bool imm;
  if (d.is_imm(1)) {
    imm = true;
    o.imm = d.op(1).imm.value.u & 0xFF;
  } else if (d.is_gpr(1)) {
    imm = false;
    o.r2 = off_of(d, 1);
  } else {
    return false;
  }
  return bind_rm_operand<kSizes16to64>(d, 0, d.bits(0), o, [imm](auto t, bool mem) {
    return bt_pick_t<decltype(t), Kind>(mem, imm);
  });
}

// ZF as given, the other arithmetic flags kept (their values are undefined
// for bsf/bsr, so keeping them is as good as any).
inline void set_zf_keep(State& s, bool z) {
  const uint32_t f = arith_flags(s);
  set_arith_flags(s, z ? (f | kZF) : (f & ~kZF));
}

// Kind: 0 bsf, 1 bsr, 2 tzcnt, 3 lzcnt, 4 popcnt.
template <class T, int Kind, bool Mem> const Insn* h_scan(State& s, const Insn* i) {
  T v;
  if (!read_src<T, Mem>(s, i, v)) return nullptr;
  if constexpr (Kind == 0 || Kind == 1) {
    if (v == 0) {
      set_zf_keep(s, true);  // destination unchanged
      return i + 1;
    }
    const T r = Kind == 0 ? static_cast<T>(std::countr_zero(v)) : static_cast<T>(kBits<T> - 1 - std::countl_zero(v));
    s.set_reg<T>(i->r1, r);
    set_zf_keep(s, false);
  } else if constexpr (Kind == 2 || Kind == 3) {
    const T r = Kind == 2 ? static_cast<T>(std::countr_zero(v)) : static_cast<T>(std::countl_zero(v));
    s.set_reg<T>(i->r1, r);
    set_arith_flags(s, (v == 0 ? uint32_t(kCF) : 0u) | (r == 0 ? uint32_t(kZF) : 0u));
  } else {
    const T r = static_cast<T>(std::popcount(v));
    s.set_reg<T>(i->r1, r);
    set_arith_flags(s, v == 0 ? uint32_t(kZF) : 0u);
  }
  return i + 1;
}

template <int Kind> bool sel_scan(const Decoded& d, Insn& o) {
  if (d.nvis() != 2 || !d.is_gpr(0)) return false;
  o.r1 = off_of(d, 0);
  return bind_rm_operand<kSizes16to64>(d, 1, d.bits(0), o, [](auto t, bool mem) -> Handler {
    using T = decltype(t);
    return mem ? &h_scan<T, Kind, true> : &h_scan<T, Kind, false>;
  }, &Insn::r2);
}

// ---- BMI1 ----------------------------------------------------------------------
// Operands: r1 destination, r3 the VEX.vvvv register, r2/memory the r/m operand.
// Kind: 0 andn (dst = ~vvvv & rm), 1 bextr (dst = field of rm by vvvv),
// 2 blsi, 3 blsr, 4 blsmsk (dst = vvvv operand written from rm).
template <class T, int Kind, bool Mem> const Insn* h_bmi(State& s, const Insn* i) {
  T v;
  if (!read_src<T, Mem>(s, i, v)) return nullptr;
  T r;
  if constexpr (Kind == 0) {
    r = static_cast<T>(~s.reg<T>(i->r3) & v);
    flags_res_cf_of(s, r, false, false);
  } else if constexpr (Kind == 1) {
    const T ctl = s.reg<T>(i->r3);
    const unsigned start = ctl & 0xFF, len = (ctl >> 8) & 0xFF;
    const T shifted = start >= kBits<T> ? T(0) : static_cast<T>(v >> start);
    r = len >= kBits<T> ? shifted : static_cast<T>(shifted & static_cast<T>((T(1) << len) - 1));
    flags_res_cf_of(s, r, false, false);
  } else if constexpr (Kind == 2) {
    r = static_cast<T>(static_cast<T>(T(0) - v) & v);
    flags_res_cf_of(s, r, v != 0, false);
  } else if constexpr (Kind == 3) {
    r = static_cast<T>(static_cast<T>(v - 1) & v);
    flags_res_cf_of(s, r, v == 0, false);
  } else {
    r = static_cast<T>(static_cast<T>(v - 1) ^ v);
    flags_res_cf_of(s, r, v == 0, false);
  }
  s.set_reg<T>(i->r1, r);
  return i + 1;
}

template <int Kind> bool sel_bmi(const Decoded& d, Insn& o) {
  int rm;
  if (Kind == 0) {  // andn dst, vvvv, rm
    if (d.nvis() != 3 || !d.is_gpr(0) || !d.is_gpr(1)) return false;
    o.r1 = off_of(d, 0);
    o.r3 = off_of(d, 1);
    rm = 2;
  } else if (Kind == 1) {  // bextr dst, rm, vvvv
    if (d.nvis() != 3 || !d.is_gpr(0) || !d.is_gpr(2)) return false;
    o.r1 = off_of(d, 0);
    o.r3 = off_of(d, 2);
    rm = 1;
  } else {  // blsX vvvv, rm
    if (d.nvis() != 2 || !d.is_gpr(0)) return false;
    o.r1 = off_of(d, 0);
    rm = 1;
  }
  return bind_rm_operand<kSize32 | kSize64>(d, rm, d.bits(0), o, [](auto t, bool mem) -> Handler {
    using T = decltype(t);
    return mem ? &h_bmi<T, Kind, true> : &h_bmi<T, Kind, false>;
  }, &Insn::r2);
}

}  // namespace

void register_bit(Registry& r) {
  r.add(ZYDIS_MNEMONIC_BT, &sel_bt<0>);
  r.add(ZYDIS_MNEMONIC_BTS, &sel_bt<1>);
  r.add(ZYDIS_MNEMONIC_BTR, &sel_bt<2>);
  r.add(ZYDIS_MNEMONIC_BTC, &sel_bt<3>);
  r.add(ZYDIS_MNEMONIC_BSF, &sel_scan<0>);
  r.add(ZYDIS_MNEMONIC_BSR, &sel_scan<1>);
  r.add(ZYDIS_MNEMONIC_TZCNT, &sel_scan<2>);
  r.add(ZYDIS_MNEMONIC_LZCNT, &sel_scan<3>);
  r.add(ZYDIS_MNEMONIC_POPCNT, &sel_scan<4>);
  r.add(ZYDIS_MNEMONIC_ANDN, &sel_bmi<0>);
  r.add(ZYDIS_MNEMONIC_BEXTR, &sel_bmi<1>);
  r.add(ZYDIS_MNEMONIC_BLSI, &sel_bmi<2>);
  r.add(ZYDIS_MNEMONIC_BLSR, &sel_bmi<3>);
  r.add(ZYDIS_MNEMONIC_BLSMSK, &sel_bmi<4>);
}

}  // namespace emu::cpu
