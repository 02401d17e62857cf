// Conversions between integers, singles and doubles (cvt*, cvtt*) and the
// SSE4.1 rounding instructions (roundss/sd/ps/pd).
//
// Float-to-float and integer-to-float conversions run on the host under the
// guest MXCSR (cpu/sse_common.h). Float-to-integer conversions and rounding
// are computed here: NaN or out-of-range values give the "integer
// indefinite" (the most negative integer) and raise #I, an inexact result
// raises #P.
#include <cmath>
#include <limits>

#include "cpu/avx_common.h"
#include "cpu/family.h"
#include "cpu/sse_common.h"
#include "cpu/sse_mmx.h"

namespace emu::cpu {
namespace {

constexpr uint32_t kMxDaz = 1u << 6;

template <class I> inline I pin_int_impl(I v) {
  asm volatile("" : "+r"(v));
  return v;
}

// DAZ: denormal sources read as zero of the same sign.
template <class F> inline F daz(const State& s, F x) {
  if ((s.mxcsr & kMxDaz) && (fbits(x) & FBits<F>::kExp) == 0)
    return from_bits<F>(fbits(x) & FBits<F>::kSign);
  return x;
}

template <class F, class I, bool Trunc> I to_int(State& s, F x) {
  x = daz(s, x);
  constexpr I indefinite = std::numeric_limits<I>::min();
  if (is_nan(x)) {
    s.mxcsr |= kMxIE;
    return indefinite;
  }
  F r;
  if (Trunc) {
    r = std::trunc(x);
  } else {
    MxcsrScope<false> scope(s);
    r = pin(std::nearbyint(pin(x)));
  }
  // [-2^(N-1), 2^(N-1)) is exactly representable at both ends.
  const F lo = -std::ldexp(F(1), std::numeric_limits<I>::digits);
  if (!(r >= lo && r < -lo)) {
    s.mxcsr |= kMxIE;
    return indefinite;
  }
  if (r != x) s.mxcsr |= kMxPE;
  return static_cast<I>(r);
}

// cvt(t)ss2si / cvt(t)sd2si r32/r64, xmm/mN.
template <class F, class I, bool Trunc> const Insn* h_f2i_x(State& s, const Insn* i) {
  const I v = to_int<F, I, Trunc>(s, lane<F>(s.xmm[i->r2], 0));
  s.set_reg<std::make_unsigned_t<I>>(i->r1, static_cast<std::make_unsigned_t<I>>(v));
  return i + 1;
}
template <class F, class I, bool Trunc> const Insn* h_f2i_m(State& s, const Insn* i) {
  F x;
  if (!s.read<F>(i, s.ea(i), x)) return nullptr;
  const I v = to_int<F, I, Trunc>(s, x);
  s.set_reg<std::make_unsigned_t<I>>(i->r1, static_cast<std::make_unsigned_t<I>>(v));
  return i + 1;
}
template <class F, bool Trunc> bool sel_f2i(const Decoded& d, Insn& o) {
  if (d.nvis() != 2 || !d.is_gpr(0)) return false;
  o.r1 = goff(d, 0);
  const bool q = d.bits(0) == 64;
  if (!q && d.bits(0) != 32) return false;
  if (d.is_xmm(1)) {
    o.r2 = xreg(d, 1);
    o.fn = q ? &h_f2i_x<F, int64_t, Trunc> : &h_f2i_x<F, int32_t, Trunc>;
    return true;
  }
  if (d.is_mem(1)) {
    o.fn = q ? &h_f2i_m<F, int64_t, Trunc> : &h_f2i_m<F, int32_t, Trunc>;
    return set_mem(d, 1, o);
  }
  return false;
}

// cvtsi2ss / cvtsi2sd xmm, r/m32 or r/m64 (low lane; the rest is kept).
template <class F, class I> const Insn* h_i2f_r(State& s, const Insn* i) {
  const I v = static_cast<I>(s.gpr[i->r2 >> 3]);
  F r;
  {
    MxcsrScope<> scope(s);
    r = pin(static_cast<F>(pin_int_impl(v)));
  }
  set_lane<F>(s.xmm[i->r1], 0, r);
  return i + 1;
}
template <class F, class I> const Insn* h_i2f_m(State& s, const Insn* i) {
  I v;
  if (!s.read<I>(i, s.ea(i), v)) return nullptr;
  F r;
  {
    MxcsrScope<> scope(s);
    r = pin(static_cast<F>(pin_int_impl(v)));
  }
  set_lane<F>(s.xmm[i->r1], 0, r);
  return i + 1;
}
template <class F> bool sel_i2f(const Decoded& d, Insn& o) {
  if (d.nvis() != 2 || !d.is_xmm(0)) return false;
  o.r1 = xreg(d, 0);
  const bool q = d.bits(1) == 64;
  if (!q && d.bits(1) != 32) return false;
  if (d.is_gpr(1)) {
    o.r2 = goff(d, 1);
    o.fn = q ? &h_i2f_r<F, int64_t> : &h_i2f_r<F, int32_t>;
    return true;
  }
  if (d.is_mem(1)) {
    o.fn = q ? &h_i2f_m<F, int64_t> : &h_i2f_m<F, int32_t>;
    return set_mem(d, 1, o);
  }
  return false;
}

// Float <-> float, scalar: cvtss2sd / cvtsd2ss (low lane; the rest is kept).
template <class From, class To> struct CvtScalar {
  static void f(State& s, XmmReg& d, const XmmReg& src, const Insn*) {
    To r;
    {
      MxcsrScope<> scope(s);
      r = pin(static_cast<To>(pin(lane<From>(src, 0))));
    }
    set_lane<To>(d, 0, r);
  }
};
// cvtps2pd (2 singles -> 2 doubles), cvtpd2ps (2 doubles -> 2 singles, high half zero).
struct Cvtps2pd {
  static void f(State& s, XmmReg& d, const XmmReg& src, const Insn*) {
    MxcsrScope<> scope(s);
    const double a = pin(static_cast<double>(pin(lane<float>(src, 0))));
    const double b = pin(static_cast<double>(pin(lane<float>(src, 1))));
    set_lane<double>(d, 0, a);
    set_lane<double>(d, 1, b);
  }
};
struct Cvtpd2ps {
  static void f(State& s, XmmReg& d, const XmmReg& src, const Insn*) {
    MxcsrScope<> scope(s);
    const float a = pin(static_cast<float>(pin(lane<double>(src, 0))));
    const float b = pin(static_cast<float>(pin(lane<double>(src, 1))));
    d = XmmReg{};
    set_lane<float>(d, 0, a);
    set_lane<float>(d, 1, b);
  }
};
// cvtdq2ps: 4 int32 -> 4 singles.
struct Cvtdq2ps {
  static void f(State& s, XmmReg& d, const XmmReg& src, const Insn*) {
    MxcsrScope<> scope(s);
    Lanes<int32_t> a(src);
    Lanes<float> r;
    for (int k = 0; k < 4; ++k) r[k] = pin(static_cast<float>(pin_int_impl(a[k])));
    d = r.xmm();
  }
};
// cvtdq2pd: 2 int32 -> 2 doubles (exact).
struct Cvtdq2pd {
  static void f(State&, XmmReg& d, const XmmReg& src, const Insn*) {
    const double a = lane<int32_t>(src, 0), b = lane<int32_t>(src, 1);
    set_lane<double>(d, 0, a);
    set_lane<double>(d, 1, b);
  }
};
// vcvtdq2pd x1, x2/m64 (2 doubles) and y1, x2/m128 (4 doubles).
template <bool Wide> const Insn* h_vcvtdq2pd(State& s, const Insn* i, const XmmReg& src) {
  XmmReg lo, hi;
  Cvtdq2pd::f(s, lo, src, i);
  if constexpr (Wide) {
    Cvtdq2pd::f(s, hi, XmmReg{src.hi, 0}, i);
    put_y(s, i->r1, lo, hi);
  } else {
    put_x(s, i->r1, lo);
  }
  return i + 1;
}
template <bool Wide> const Insn* h_vcvtdq2pd_rr(State& s, const Insn* i) {
  return h_vcvtdq2pd<Wide>(s, i, s.xmm[i->r2]);
}
template <bool Wide> const Insn* h_vcvtdq2pd_rm(State& s, const Insn* i) {
  XmmReg v, unused;
  if (!vex_read<Wide ? 16 : 8>(s, i, v, unused)) return nullptr;
  return h_vcvtdq2pd<Wide>(s, i, v);
}
bool sel_vcvtdq2pd(const Decoded& d, Insn& o) {
  if (!d.is_vex() || d.nvis() != 2 || !(d.is_xmm(0) || d.is_ymm(0))) return false;
  const bool wide = d.is_ymm(0);
  o.r1 = vreg(d, 0);
  if (d.is_xmm(1)) {
    o.r2 = vreg(d, 1);
    o.fn = wide ? &h_vcvtdq2pd_rr<true> : &h_vcvtdq2pd_rr<false>;
    return true;
  }
  if (d.is_mem(1)) {
    o.fn = wide ? &h_vcvtdq2pd_rm<true> : &h_vcvtdq2pd_rm<false>;
    return set_mem(d, 1, o);
  }
  return false;
}
// cvt(t)ps2dq: 4 singles -> 4 int32.
template <bool Trunc> struct Cvtps2dq {
  static void f(State& s, XmmReg& d, const XmmReg& src, const Insn*) {
    Lanes<float> a(src);
    Lanes<int32_t> r;
    for (int k = 0; k < 4; ++k) r[k] = to_int<float, int32_t, Trunc>(s, a[k]);
    d = r.xmm();
  }
};
// cvt(t)pd2dq: 2 doubles -> 2 int32, high half zero.
template <bool Trunc> struct Cvtpd2dq {
  static void f(State& s, XmmReg& d, const XmmReg& src, const Insn*) {
    const int32_t a = to_int<double, int32_t, Trunc>(s, lane<double>(src, 0));
    const int32_t b = to_int<double, int32_t, Trunc>(s, lane<double>(src, 1));
    d.lo = uint64_t(uint32_t(a)) | (uint64_t(uint32_t(b)) << 32);
    d.hi = 0;
  }
};

// roundss/sd/ps/pd: imm8[1:0] rounding mode unless imm8[2] (then MXCSR.RC);
// imm8[3] suppresses #P. An SNaN raises #I and is quieted.
template <class F> F round_lane(State& s, F x, uint8_t imm) {
  if (is_nan(x)) {
    if (is_snan(x)) s.mxcsr |= kMxIE;
    return quieted(x);
  }
  x = daz(s, x);
  const uint32_t rc = (imm & 4) ? (s.mxcsr >> 13) & 3 : imm & 3;
  F r;
  {
    MxcsrScope<false> scope(s, rc);
    r = pin(std::nearbyint(pin(x)));
  }
  if (!(imm & 8) && r != x) s.mxcsr |= kMxPE;
  return r;
}
template <class F, bool Scalar> struct Round {
  static void f(State& s, XmmReg& d, const XmmReg& src, const Insn* i) {
    if constexpr (Scalar) {
      set_lane<F>(d, 0, round_lane<F>(s, lane<F>(src, 0), i->aux));
    } else {
      Lanes<F> a(src);
      for (int k = 0; k < kLanes<F>; ++k) a[k] = round_lane<F>(s, a[k], i->aux);
      d = a.xmm();
    }
  }
};

// ---- conversions with an MMX operand -------------------------------------------------

// cvtpi2ps xmm, mm/m64: two int32 -> two singles in the low half (the high
// half is kept); cvtpi2pd xmm, mm/m64: two int32 -> two doubles.
template <bool Double> inline void pi2p(State& s, XmmReg& d, uint64_t v) {
  const int32_t a = static_cast<int32_t>(v), b = static_cast<int32_t>(v >> 32);
  if constexpr (Double) {
    set_lane<double>(d, 0, a);
    set_lane<double>(d, 1, b);
  } else {
    MxcsrScope<> scope(s);
    set_lane<float>(d, 0, pin(static_cast<float>(pin_int_impl(a))));
    set_lane<float>(d, 1, pin(static_cast<float>(pin_int_impl(b))));
  }
}
template <bool Double> const Insn* h_pi2p_r(State& s, const Insn* i) {
  mmx_enter(s);
  pi2p<Double>(s, s.xmm[i->r1], mm_get(s, i->r2));
  return i + 1;
}
template <bool Double> const Insn* h_pi2p_m(State& s, const Insn* i) {
  uint64_t v;
  if (!s.read(i, s.ea(i), v)) return nullptr;
  pi2p<Double>(s, s.xmm[i->r1], v);
  return i + 1;
}
template <bool Double> bool sel_pi2p(const Decoded& d, Insn& o) {
  if (d.nvis() != 2 || !d.is_xmm(0)) return false;
  o.r1 = xreg(d, 0);
  if (is_mm(d, 1)) {
    o.r2 = mreg(d, 1);
    o.fn = &h_pi2p_r<Double>;
    return true;
  }
  if (d.is_mem(1)) {
    o.fn = &h_pi2p_m<Double>;
    return set_mem(d, 1, o);
  }
  return false;
}

// cvt(t)ps2pi mm, xmm/m64 and cvt(t)pd2pi mm, xmm/m128: two lanes -> two int32.
template <class F, bool Trunc> inline uint64_t p2pi(State& s, const XmmReg& x) {
  const int32_t a = to_int<F, int32_t, Trunc>(s, lane<F>(x, 0));
  const int32_t b = to_int<F, int32_t, Trunc>(s, lane<F>(x, 1));
  return uint64_t(uint32_t(a)) | (uint64_t(uint32_t(b)) << 32);
}
template <class F, bool Trunc> const Insn* h_p2pi_r(State& s, const Insn* i) {
  const XmmReg x = s.xmm[i->r2];
  mmx_enter(s);
  mm_set(s, i->r1, p2pi<F, Trunc>(s, x));
  return i + 1;
}
template <class F, bool Trunc> const Insn* h_p2pi_m(State& s, const Insn* i) {
  const uint64_t a = s.ea(i);
  XmmReg x;
  if constexpr (sizeof(F) == 8) {
    if (a & 15) return s.fault(i, FaultKind::GeneralProtection);
    if (!s.read(i, a, x)) return nullptr;
  } else {
    if (!s.read(i, a, x.lo)) return nullptr;
  }
  mmx_enter(s);
  mm_set(s, i->r1, p2pi<F, Trunc>(s, x));
  return i + 1;
}
template <class F, bool Trunc> bool sel_p2pi(const Decoded& d, Insn& o) {
  if (d.nvis() != 2 || !is_mm(d, 0)) return false;
  o.r1 = mreg(d, 0);
  if (d.is_xmm(1)) {
    o.r2 = xreg(d, 1);
    o.fn = &h_p2pi_r<F, Trunc>;
    return true;
  }
  if (d.is_mem(1)) {
    o.fn = &h_p2pi_m<F, Trunc>;
    return set_mem(d, 1, o);
  }
  return false;
}

}  // namespace

void register_sse_convert(Registry& r) {
  r.add(ZYDIS_MNEMONIC_CVTSI2SS, &sel_i2f<float>);
  r.add(ZYDIS_MNEMONIC_CVTSI2SD, &sel_i2f<double>);
  r.add(ZYDIS_MNEMONIC_CVTSS2SI, &sel_f2i<float, false>);
  r.add(ZYDIS_MNEMONIC_CVTTSS2SI, &sel_f2i<float, true>);
  r.add(ZYDIS_MNEMONIC_CVTSD2SI, &sel_f2i<double, false>);
  r.add(ZYDIS_MNEMONIC_CVTTSD2SI, &sel_f2i<double, true>);
  r.add(ZYDIS_MNEMONIC_CVTSS2SD, &sel_op<CvtScalar<float, double>, 4, false>);
  r.add(ZYDIS_MNEMONIC_CVTSD2SS, &sel_op<CvtScalar<double, float>, 8, false>);
  r.add(ZYDIS_MNEMONIC_CVTPS2PD, &sel_op<Cvtps2pd, 8, false>);
  r.add(ZYDIS_MNEMONIC_CVTPD2PS, &sel_op<Cvtpd2ps>);
  r.add(ZYDIS_MNEMONIC_CVTDQ2PS, &sel_op<Cvtdq2ps>);
  r.add(ZYDIS_MNEMONIC_CVTDQ2PD, &sel_op<Cvtdq2pd, 8, false>);
  r.add(ZYDIS_MNEMONIC_VCVTDQ2PD, &sel_vcvtdq2pd);
  r.add(ZYDIS_MNEMONIC_CVTPS2DQ, &sel_op<Cvtps2dq<false>>);
  r.add(ZYDIS_MNEMONIC_CVTTPS2DQ, &sel_op<Cvtps2dq<true>>);
  r.add(ZYDIS_MNEMONIC_CVTPD2DQ, &sel_op<Cvtpd2dq<false>>);
  r.add(ZYDIS_MNEMONIC_CVTTPD2DQ, &sel_op<Cvtpd2dq<true>>);
  r.add(ZYDIS_MNEMONIC_ROUNDSS, &sel_op<Round<float, true>, 4, false, true>);
  r.add(ZYDIS_MNEMONIC_ROUNDSD, &sel_op<Round<double, true>, 8, false, true>);
  r.add(ZYDIS_MNEMONIC_ROUNDPS, &sel_op<Round<float, false>, 16, true, true>);
  r.add(ZYDIS_MNEMONIC_ROUNDPD, &sel_op<Round<double, false>, 16, true, true>);
  r.add(ZYDIS_MNEMONIC_CVTPI2PS, &sel_pi2p<false>);
  r.add(ZYDIS_MNEMONIC_CVTPI2PD, &sel_pi2p<true>);
  r.add(ZYDIS_MNEMONIC_CVTPS2PI, &sel_p2pi<float, false>);
  r.add(ZYDIS_MNEMONIC_CVTTPS2PI, &sel_p2pi<float, true>);
  r.add(ZYDIS_MNEMONIC_CVTPD2PI, &sel_p2pi<double, false>);
  r.add(ZYDIS_MNEMONIC_CVTTPD2PI, &sel_p2pi<double, true>);
}

}  // namespace emu::cpu
