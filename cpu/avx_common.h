// VEX-encoded (AVX / AVX2 / FMA) forms built on the SSE family's operation
// structs.
//
// Register file: State::xmm[k] holds bits 127:0 of YMMk and State::ymmh[k]
// bits 255:128. Legacy SSE handlers touch xmm only, so they preserve the
// upper half as hardware does; a VEX.128 instruction that writes an XMM
// register zeroes its upper half; a VEX.256 instruction writes both halves.
//
// Insn layout of the VEX forms: r1 destination, r2 first source (VEX.vvvv),
// r3 second source register, or the memory operand (base/index/disp). An
// SSE operation `Op::f(s, d, src, i)` computes d = op(d, src); a VEX form
// runs it on a copy of the first source, so the sources stay untouched and
// the destination may alias either. Only the VEX encoding is accepted:
// EVEX (AVX-512) forms of the same mnemonics are rejected and stop the run
// as Unimplemented.
#pragma once

#include "cpu/sse_common.h"

namespace emu::cpu {

// Register index of a VEX operand (XMMk or YMMk -> k).
inline uint8_t vreg(const Decoded& d, int k) {
  const ZydisRegister r = d.op(k).reg.value;
  const int x = xmm_index(r);
  return static_cast<uint8_t>(x >= 0 ? x : ymm_index(r));
}

// VEX.128 result: bits 255:128 of the destination become zero.
inline void put_x(State& s, int r, const XmmReg& v) {
  s.xmm[r] = v;
  s.ymmh[r] = XmmReg{};
}
inline void put_y(State& s, int r, const XmmReg& lo, const XmmReg& hi) {
  s.xmm[r] = lo;
  s.ymmh[r] = hi;
}

// Reads a VEX memory source of N bytes (4, 8, 16: zero-extended into lo;
// 32: lo and hi). Align (0: none) is the alignment whose violation raises
// #GP (vmovdqa, vmovapd, vmovntdq); other VEX memory operands may be
// misaligned.
template <int N, int Align = 0>
bool vex_read(State& s, const Insn* i, XmmReg& lo, XmmReg& hi) {
  const uint64_t a = s.ea(i);
  if (Align && (a & (Align - 1))) {
    s.fault(i, FaultKind::GeneralProtection);
    return false;
  }
  lo = XmmReg{};
  hi = XmmReg{};
  if constexpr (N == 32) {
    struct alignas(16) Y {
      XmmReg lo, hi;
    } y;
    if (!s.read(i, a, y)) return false;
    lo = y.lo;
    hi = y.hi;
    return true;
  } else if constexpr (N == 16) {
    return s.read(i, a, lo);
  } else if constexpr (N == 8) {
    return s.read(i, a, lo.lo);
  } else {
    static_assert(N == 4);
    uint32_t t;
    if (!s.read(i, a, t)) return false;
    lo.lo = t;
    return true;
  }
}

template <int N, int Align = 0>
bool vex_write(State& s, const Insn* i, const XmmReg& lo, const XmmReg& hi) {
  const uint64_t a = s.ea(i);
  if (Align && (a & (Align - 1))) {
    s.fault(i, FaultKind::GeneralProtection);
    return false;
  }
  if constexpr (N == 32) {
    struct alignas(16) Y {
      XmmReg lo, hi;
    } y{lo, hi};
    return s.write(i, a, y);
  } else if constexpr (N == 16) {
    return s.write(i, a, lo);
  } else {
    static_assert(N == 8);
    return s.write(i, a, lo.lo);
  }
}

// ---- op dest, src1, src2/mem ------------------------------------------------------
//
// Wide: VEX.256, the operation runs on each 128-bit half. HalfSrc: the
// second source is 128 bits even in the 256-bit form and both halves use
// it (shift counts).

template <class Op, bool Wide, bool HalfSrc>
const Insn* h_v3_rr(State& s, const Insn* i) {
  XmmReg lo = s.xmm[i->r2];
  const XmmReg b = s.xmm[i->r3];
  if constexpr (Wide) {
    XmmReg hi = s.ymmh[i->r2];
    const XmmReg bh = HalfSrc ? b : s.ymmh[i->r3];
    Op::f(s, lo, b, i);
    Op::f(s, hi, bh, i);
    put_y(s, i->r1, lo, hi);
  } else {
    Op::f(s, lo, b, i);
    put_x(s, i->r1, lo);
  }
  return i + 1;
}

template <class Op, bool Wide, bool HalfSrc, int N>
const Insn* h_v3_rm(State& s, const Insn* i) {
  XmmReg b, bh;
  if (!vex_read<N>(s, i, b, bh)) return nullptr;
  XmmReg lo = s.xmm[i->r2];
  if constexpr (Wide) {
    XmmReg hi = s.ymmh[i->r2];
    Op::f(s, lo, b, i);
    Op::f(s, hi, HalfSrc ? b : bh, i);
    put_y(s, i->r1, lo, hi);
  } else {
    Op::f(s, lo, b, i);
    put_x(s, i->r1, lo);
  }
  return i + 1;
}

// Selector for `vop x, x, x/mN` and (Has256) `vop y, y, y/m256` (HalfSrc:
// `vop y, y, x/m128`). Scalar operations pass their element size as N.
template <class Op, int N = 16, bool Has256 = true, bool HalfSrc = false>
bool sel_v3(const Decoded& d, Insn& o) {
  if (!d.is_vex() || d.nvis() != 3) return false;
  const bool wide = d.is_ymm(0);
  if (wide) {
    if (!Has256 || !d.is_ymm(1)) return false;
  } else if (!d.is_xmm(0) || !d.is_xmm(1)) {
    return false;
  }
  o.r1 = vreg(d, 0);
  o.r2 = vreg(d, 1);
  if (wide) {
    if constexpr (Has256) {
      if (HalfSrc ? d.is_xmm(2) : d.is_ymm(2)) {
        o.r3 = vreg(d, 2);
        o.fn = &h_v3_rr<Op, true, HalfSrc>;
        return true;
      }
      if (d.is_mem(2)) {
        o.fn = &h_v3_rm<Op, true, HalfSrc, HalfSrc ? 16 : 32>;
        return set_mem(d, 2, o);
      }
    }
    return false;
  }
  if (d.is_xmm(2)) {
    o.r3 = vreg(d, 2);
    o.fn = &h_v3_rr<Op, false, false>;
    return true;
  }
  if (d.is_mem(2)) {
    o.fn = &h_v3_rm<Op, false, false, N>;
    return set_mem(d, 2, o);
  }
  return false;
}

// ---- op x, x/mN without a destination register (vcomisd) ---------------------------

template <class Op>
const Insn* h_v2_cmp_rr(State& s, const Insn* i) {
  XmmReg a = s.xmm[i->r1];
  Op::f(s, a, s.xmm[i->r2], i);
  return i + 1;
}
template <class Op, int N>
const Insn* h_v2_cmp_rm(State& s, const Insn* i) {
  XmmReg b, bh;
  if (!vex_read<N>(s, i, b, bh)) return nullptr;
  XmmReg a = s.xmm[i->r1];
  Op::f(s, a, b, i);
  return i + 1;
}
template <class Op, int N>
bool sel_v2_cmp(const Decoded& d, Insn& o) {
  if (!d.is_vex() || d.nvis() != 2 || !d.is_xmm(0)) return false;
  o.r1 = vreg(d, 0);
  if (d.is_xmm(1)) {
    o.r2 = vreg(d, 1);
    o.fn = &h_v2_cmp_rr<Op>;
    return true;
  }
  if (d.is_mem(1)) {
    o.fn = &h_v2_cmp_rm<Op, N>;
    return set_mem(d, 1, o);
  }
  return false;
}

// Registration of the VEX forms (cpu/avx_*.cpp and the SSE files).
void register_avx_moves(Registry& r);  // avx_moves.cpp: vmovdqa/u, vmovapd, vmovntdq, vmovq, vmovsd,
                                       // vinsertf128, vzeroupper, vpmovmskb

}  // namespace emu::cpu
