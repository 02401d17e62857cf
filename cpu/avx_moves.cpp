// VEX data movement: vmovdqa vmovdqu vmovapd (128/256, load/store/register),
// vmovntdq (store), vmovq, vmovsd, vinsertf128 and vzeroupper. See
// cpu/avx_common.h for the register-file rules (VEX.128 writes zero bits
// 255:128 of the destination register; stores write only memory).
#include "cpu/avx_common.h"
#include "cpu/family.h"

namespace emu::cpu {
namespace {

// ---- full-width moves --------------------------------------------------------------

template <bool Wide> const Insn* h_vmov_rr(State& s, const Insn* i) {
  if constexpr (Wide) {
    put_y(s, i->r1, s.xmm[i->r2], s.ymmh[i->r2]);
  } else {
    put_x(s, i->r1, s.xmm[i->r2]);
  }
  return i + 1;
}
// Align: bytes of alignment required (#GP otherwise), 0 for none.
template <bool Wide, int Align> const Insn* h_vmov_load(State& s, const Insn* i) {
  XmmReg lo, hi;
  if (!vex_read<Wide ? 32 : 16, Align>(s, i, lo, hi)) return nullptr;
  put_y(s, i->r1, lo, hi);  // hi is zero for the 128-bit load
  return i + 1;
}
template <bool Wide, int Align> const Insn* h_vmov_store(State& s, const Insn* i) {
  return vex_write<Wide ? 32 : 16, Align>(s, i, s.xmm[i->r2], s.ymmh[i->r2]) ? i + 1 : nullptr;
}

// Aligned: the memory operand must be aligned to its size (16 or 32).
// StoreOnly: vmovntdq has no load or register form.
template <bool Aligned, bool StoreOnly = false> bool sel_vmov(const Decoded& d, Insn& o) {
  if (!d.is_vex() || d.nvis() != 2) return false;
  const auto vec = [&](int k) { return d.is_xmm(k) || d.is_ymm(k); };
  const bool wide = d.is_ymm(0) || d.is_ymm(1);
  if (!StoreOnly && vec(0) && vec(1)) {
    if (d.is_ymm(0) != d.is_ymm(1)) return false;
    o.r1 = vreg(d, 0);
    o.r2 = vreg(d, 1);
    o.fn = wide ? &h_vmov_rr<true> : &h_vmov_rr<false>;
    return true;
  }
  if (!StoreOnly && vec(0) && d.is_mem(1)) {
    o.r1 = vreg(d, 0);
    o.fn = wide ? &h_vmov_load<true, Aligned ? 32 : 0> : &h_vmov_load<false, Aligned ? 16 : 0>;
    return set_mem(d, 1, o);
  }
  if (d.is_mem(0) && vec(1)) {
    o.r2 = vreg(d, 1);
    o.fn = wide ? &h_vmov_store<true, Aligned ? 32 : 0> : &h_vmov_store<false, Aligned ? 16 : 0>;
    return set_mem(d, 0, o);
  }
  return false;
}

// ---- vmovq ---------------------------------------------------------------------------
// vmovq x, x/m64/r64: the low 64 bits, zero-extended to 256. vmovq m64/r64, x.

const Insn* h_vmovq_xx(State& s, const Insn* i) {
  put_x(s, i->r1, XmmReg{s.xmm[i->r2].lo, 0});
  return i + 1;
}
const Insn* h_vmovq_xg(State& s, const Insn* i) {
  put_x(s, i->r1, XmmReg{s.gpr[i->r2 >> 3], 0});
  return i + 1;
}
const Insn* h_vmovq_gx(State& s, const Insn* i) {
  s.gpr[i->r1 >> 3] = s.xmm[i->r2].lo;
  return i + 1;
}
const Insn* h_vmovq_xm(State& s, const Insn* i) {
  XmmReg lo, hi;
  if (!vex_read<8>(s, i, lo, hi)) return nullptr;
  put_x(s, i->r1, lo);
  return i + 1;
}
const Insn* h_vmovq_mx(State& s, const Insn* i) {
  return s.write(i, s.ea(i), s.xmm[i->r2].lo) ? i + 1 : nullptr;
}
bool sel_vmovq(const Decoded& d, Insn& o) {
  if (!d.is_vex() || d.nvis() != 2) return false;
  const auto gpr64 = [&](int k) { return d.is_gpr(k) && d.bits(k) == 64; };
  if (d.is_xmm(0)) {
    o.r1 = vreg(d, 0);
    if (d.is_xmm(1)) {
      o.r2 = vreg(d, 1);
      o.fn = &h_vmovq_xx;
      return true;
    }
    if (gpr64(1)) {
      o.r2 = goff(d, 1);
      o.fn = &h_vmovq_xg;
      return true;
    }
    if (d.is_mem(1)) {
      o.fn = &h_vmovq_xm;
      return set_mem(d, 1, o);
    }
    return false;
  }
  if (!d.is_xmm(1)) return false;
  o.r2 = vreg(d, 1);
  if (gpr64(0)) {
    o.r1 = goff(d, 0);
    o.fn = &h_vmovq_gx;
    return true;
  }
  if (d.is_mem(0)) {
    o.fn = &h_vmovq_mx;
    return set_mem(d, 0, o);
  }
  return false;
}

// ---- vmovsd --------------------------------------------------------------------------
// vmovsd x1, x2, x3: x3[63:0] with x2[127:64]; vmovsd x1, m64: zero-extended
// load; vmovsd m64, x1: store.

const Insn* h_vmovsd_merge(State& s, const Insn* i) {
  put_x(s, i->r1, XmmReg{s.xmm[i->r3].lo, s.xmm[i->r2].hi});
  return i + 1;
}
bool sel_vmovsd(const Decoded& d, Insn& o) {
  if (!d.is_vex()) return false;
  if (d.nvis() == 3) {
    if (!d.is_xmm(0) || !d.is_xmm(1) || !d.is_xmm(2)) return false;
    o.r1 = vreg(d, 0);
    o.r2 = vreg(d, 1);
    o.r3 = vreg(d, 2);
    o.fn = &h_vmovsd_merge;
    return true;
  }
  if (d.nvis() != 2) return false;
  if (d.is_xmm(0) && d.is_mem(1)) {
    o.r1 = vreg(d, 0);
    o.fn = &h_vmovq_xm;
    return set_mem(d, 1, o);
  }
  if (d.is_mem(0) && d.is_xmm(1)) {
    o.r2 = vreg(d, 1);
    o.fn = &h_vmovq_mx;
    return set_mem(d, 0, o);
  }
  return false;
}

// ---- vinsertf128 y1, y2, x3/m128, imm8 ----------------------------------------------
// y2 with the 128-bit half selected by imm8 bit 0 replaced by x3/m128.

const Insn* h_vinsertf128(State& s, const Insn* i, const XmmReg& v) {
  XmmReg lo = s.xmm[i->r2], hi = s.ymmh[i->r2];
  (i->aux & 1 ? hi : lo) = v;
  put_y(s, i->r1, lo, hi);
  return i + 1;
}
const Insn* h_vinsertf128_r(State& s, const Insn* i) { return h_vinsertf128(s, i, s.xmm[i->r3]); }
const Insn* h_vinsertf128_m(State& s, const Insn* i) {
  XmmReg v, unused;
  if (!vex_read<16>(s, i, v, unused)) return nullptr;
  return h_vinsertf128(s, i, v);
}
bool sel_vinsertf128(const Decoded& d, Insn& o) {
  if (!d.is_vex() || d.nvis() != 4 || !d.is_ymm(0) || !d.is_ymm(1) || !d.is_imm(3)) return false;
  o.r1 = vreg(d, 0);
  o.r2 = vreg(d, 1);
  o.aux = static_cast<uint8_t>(imm_value(d, 3));
  if (d.is_xmm(2)) {
    o.r3 = vreg(d, 2);
    o.fn = &h_vinsertf128_r;
    return true;
  }
  if (d.is_mem(2)) {
    o.fn = &h_vinsertf128_m;
    return set_mem(d, 2, o);
  }
  return false;
}

// ---- vzeroupper ----------------------------------------------------------------------
// Clears bits 255:128 of YMM0-15 (YMM0-7 outside 64-bit mode, where
// YMM8-15 are not addressable and keep their contents).

const Insn* h_vzeroupper(State& s, const Insn* i) {
  for (int k = 0; k < i->aux; ++k) s.ymmh[k] = XmmReg{};
  return i + 1;
}
bool sel_vzeroupper(const Decoded& d, Insn& o) {
  if (!d.is_vex() || d.nvis() != 0) return false;
  o.aux = d.x64() ? 16 : 8;
  o.fn = &h_vzeroupper;
  return true;
}

}  // namespace

void register_avx_moves(Registry& r) {
  r.add(ZYDIS_MNEMONIC_VMOVDQA, &sel_vmov<true>);
  r.add(ZYDIS_MNEMONIC_VMOVAPD, &sel_vmov<true>);
  r.add(ZYDIS_MNEMONIC_VMOVDQU, &sel_vmov<false>);
  r.add(ZYDIS_MNEMONIC_VMOVNTDQ, &sel_vmov<true, true>);
  r.add(ZYDIS_MNEMONIC_VMOVQ, &sel_vmovq);
  r.add(ZYDIS_MNEMONIC_VMOVSD, &sel_vmovsd);
  r.add(ZYDIS_MNEMONIC_VINSERTF128, &sel_vinsertf128);
  r.add(ZYDIS_MNEMONIC_VZEROUPPER, &sel_vzeroupper);
}

}  // namespace emu::cpu
