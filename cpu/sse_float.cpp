// Scalar and packed single/double arithmetic (add sub mul div min max
// sqrt, rcp/rsqrt, SSE3 horizontal and addsub), compares (cmpps/ss/pd/sd,
// ucomis/comis) and ldmxcsr/stmxcsr.
//
// IEEE arithmetic runs on the host under the guest's MXCSR (rounding, DAZ,
// FTZ; exceptions masked), so results and the sticky exception flags are
// those of the hardware; NaN propagation follows the SDM (the first source
// NaN wins, quieted) in software because a compiler may commute operands.
// rcpps/rsqrtps are approximations whose exact bits differ between CPU
// vendors: they use the host's instruction, so they match the host.
#include <emmintrin.h>

#include <cmath>

#include "cpu/avx_common.h"
#include "cpu/family.h"
#include "cpu/sse_common.h"

namespace emu::cpu {
namespace {

enum FOp { kAdd, kSub, kMul, kDiv, kMin, kMax, kSqrt };

// The host's sqrtss/sqrtsd alone (std::sqrt may add a libm call for errno
// whose own arithmetic raises further flags).
inline float host_sqrt(float x) { return _mm_cvtss_f32(_mm_sqrt_ss(_mm_set_ss(x))); }
inline double host_sqrt(double x) { return _mm_cvtsd_f64(_mm_sqrt_sd(_mm_setzero_pd(), _mm_set_sd(x))); }

// One lane; call inside an MxcsrScope.
template <class F, int K> inline F farith(F a, F b) {
  if constexpr (K == kMin || K == kMax) {
    // min/max: the second operand unless the first compares less (greater);
    // NaNs and equal zeros therefore give the second operand.
    a = pin(a);
    b = pin(b);
    F r = (K == kMin) ? (a < b ? a : b) : (a > b ? a : b);
    return pin(r);
  } else if constexpr (K == kSqrt) {
    F r = pin(host_sqrt(pin(b)));
    return is_nan(b) ? quieted(b) : r;
  } else {
    a = pin(a);
    b = pin(b);
    F r;
    if constexpr (K == kAdd) r = a + b;
    if constexpr (K == kSub) r = a - b;
    if constexpr (K == kMul) r = a * b;
    if constexpr (K == kDiv) r = a / b;
    r = pin(r);
    if (is_nan(a)) return quieted(a);
    if (is_nan(b)) return quieted(b);
    return r;
  }
}

template <class F, int K, bool Scalar> struct FArith {
  static void f(State& s, XmmReg& d, const XmmReg& src, const Insn*) {
    MxcsrScope<> scope(s);
    if constexpr (Scalar) {
      set_lane<F>(d, 0, farith<F, K>(lane<F>(d, 0), lane<F>(src, 0)));
    } else {
      Lanes<F> a(d), b(src);
      for (int k = 0; k < kLanes<F>; ++k) a[k] = farith<F, K>(a[k], b[k]);
      d = a.xmm();
    }
  }
};

// SSE3: haddps/haddpd/hsubps/hsubpd, addsubps/addsubpd.
template <class F, bool Sub> struct FHorz {
  static void f(State& s, XmmReg& d, const XmmReg& src, const Insn*) {
    MxcsrScope<> scope(s);
    constexpr int n = kLanes<F>;
    Lanes<F> a(d), b(src), r;
    constexpr int K = Sub ? kSub : kAdd;
    for (int k = 0; k < n / 2; ++k) {
      r[k] = farith<F, K>(a[2 * k], a[2 * k + 1]);
      r[n / 2 + k] = farith<F, K>(b[2 * k], b[2 * k + 1]);
    }
    d = r.xmm();
  }
};
template <class F> struct FAddSub {
  static void f(State& s, XmmReg& d, const XmmReg& src, const Insn*) {
    MxcsrScope<> scope(s);
    Lanes<F> a(d), b(src);
    for (int k = 0; k < kLanes<F>; ++k)
      a[k] = (k & 1) ? farith<F, kAdd>(a[k], b[k]) : farith<F, kSub>(a[k], b[k]);
    d = a.xmm();
  }
};

// dpps / dppd: products of the lanes selected by imm8[7:4] (others +0.0),
// summed pairwise ((0+1)+(2+3)), written to the lanes selected by imm8[3:0].
template <class F> struct FDot {
  static void f(State& s, XmmReg& d, const XmmReg& src, const Insn* i) {
    MxcsrScope<> scope(s);
    constexpr int n = kLanes<F>;
    Lanes<F> a(d), b(src), r;
    F t[n];
    for (int k = 0; k < n; ++k) t[k] = ((i->aux >> (4 + k)) & 1) ? farith<F, kMul>(a[k], b[k]) : F(0);
    F sum;
    if constexpr (n == 4) {
      sum = farith<F, kAdd>(farith<F, kAdd>(t[0], t[1]), farith<F, kAdd>(t[2], t[3]));
    } else {
      sum = farith<F, kAdd>(t[0], t[1]);
    }
    for (int k = 0; k < n; ++k) r[k] = ((i->aux >> k) & 1) ? sum : F(0);
    d = r.xmm();
  }
};

// rcpps/rcpss/rsqrtps/rsqrtss: the host's approximation.
template <bool Rsqrt> inline float approx(float x) {
  if constexpr (Rsqrt) {
    asm volatile("rsqrtss %1, %0" : "=x"(x) : "x"(x));
  } else {
    asm volatile("rcpss %1, %0" : "=x"(x) : "x"(x));
  }
  return x;
}
template <bool Rsqrt, bool Scalar> struct FApprox {
  static void f(State& s, XmmReg& d, const XmmReg& src, const Insn*) {
    MxcsrScope<> scope(s);
    if constexpr (Scalar) {
      set_lane<float>(d, 0, approx<Rsqrt>(lane<float>(src, 0)));
    } else {
      Lanes<float> b(src);
      for (int k = 0; k < 4; ++k) b[k] = approx<Rsqrt>(b[k]);
      d = b.xmm();
    }
  }
};

// cmpps predicates 0..7: eq lt le unord neq nlt nle ord. The relational
// ones signal on any NaN (comiss), the others only on SNaN (ucomiss), as
// the compiler's choice of instruction for each C++ comparison does.
template <class F> inline bool fcmp(F a, F b, int pred) {
  a = pin(a);
  b = pin(b);
  switch (pred & 7) {
    case 0: return a == b;
    case 1: return a < b;
    case 2: return a <= b;
    case 3: return __builtin_isunordered(a, b);
    case 4: return !(a == b);
    case 5: return !(a < b);
    case 6: return !(a <= b);
    default: return !__builtin_isunordered(a, b);
  }
}
template <class F, bool Scalar> struct FCmp {
  using U = typename FBits<F>::U;
  static void f(State& s, XmmReg& d, const XmmReg& src, const Insn* i) {
    MxcsrScope<> scope(s);
    const int n = Scalar ? 1 : kLanes<F>;
    for (int k = 0; k < n; ++k) {
      const bool t = fcmp<F>(lane<F>(d, k), lane<F>(src, k), i->aux);
      set_lane<U>(d, k, t ? ~U(0) : U(0));
    }
  }
};
// cmpps/cmpss/cmppd/cmpsd with the imm8 predicate. CMPSD is also the string
// instruction: this selector rejects those forms and the registry falls back
// to the string family's.
template <class F, bool Scalar> bool sel_cmp(const Decoded& d, Insn& o) {
  if (d.nvis() != 3 || !d.is_imm(2)) return false;
  return sel_op<FCmp<F, Scalar>, Scalar ? int(sizeof(F)) : 16, !Scalar, true>(d, o);
}

// ucomiss/comiss/ucomisd/comisd: ZF PF CF = 111 unordered, 000 greater,
// 001 less, 100 equal; OF SF AF cleared.
template <class F, bool Signal> struct FComi {
  static void f(State& s, XmmReg& d, const XmmReg& src, const Insn*) {
    F a = lane<F>(d, 0), b = lane<F>(src, 0);
    uint32_t fl;
    {
      MxcsrScope<> scope(s);
      a = pin(a);
      b = pin(b);
      if (Signal) {
        volatile bool lt = a < b;  // raises #I on a QNaN like comiss
        (void)lt;
      }
      if (__builtin_isunordered(a, b)) fl = kZF | kPF | kCF;
      else if (__builtin_isless(a, b)) fl = kCF;
      else if (a == b) fl = kZF;
      else fl = 0;
    }
    set_arith_flags(s, fl);
  }
};

// ldmxcsr / stmxcsr m32. Reserved bits (above bit 15) raise #GP.
const Insn* h_ldmxcsr(State& s, const Insn* i) {
  uint32_t v;
  if (!s.read(i, s.ea(i), v)) return nullptr;
  if (v & ~0xFFFFu) return s.fault(i, FaultKind::GeneralProtection);
  s.mxcsr = v;
  return i + 1;
}
const Insn* h_stmxcsr(State& s, const Insn* i) {
  return s.write<uint32_t>(i, s.ea(i), s.mxcsr) ? i + 1 : nullptr;
}
template <Handler H> bool sel_mxcsr(const Decoded& d, Insn& o) {
  if (d.nvis() != 1 || !d.is_mem(0)) return false;
  o.fn = H;
  return set_mem(d, 0, o);
}

// ---- FMA scalar double: vfmadd213sd / vfmadd231sd / vfmsub213sd ----------------
//
// x1 = x1 (dest and first source), x2 = VEX.vvvv, x3 = xmm/m64:
//   213: x1 = x2 * x1 +/- x3        231: x1 = x2 * x3 +/- x1
// One rounding (std::fma) under the guest MXCSR, so the result and the
// sticky flags are those of a fused operation; a NaN operand gives the first
// NaN in the order multiplicand, multiplier, addend (213: x2, x1, x3; 231:
// x2, x3, x1), quieted, as the host does (chosen in software because the
// library may order its operands differently). Bits 127:64 of x1 are kept,
// bits 255:128 cleared (VEX.128).
template <int Order, bool Sub> double fma_lane(double x1, double x2, double x3) {
  double a, b, c;
  if constexpr (Order == 213) {
    a = x2, b = x1, c = x3;
  } else {
    static_assert(Order == 231);
    a = x2, b = x3, c = x1;
  }
  const double na = a, nb = b, nc = c;
  a = pin(a);
  b = pin(b);
  c = pin(Sub ? -c : c);
  const double r = pin(std::fma(a, b, c));
  if (is_nan(na)) return quieted(na);
  if (is_nan(nb)) return quieted(nb);
  if (is_nan(nc)) return quieted(nc);
  return r;
}
template <int Order, bool Sub> const Insn* h_vfma_sd(State& s, const Insn* i, const XmmReg& x3) {
  XmmReg d = s.xmm[i->r1];
  {
    MxcsrScope<> scope(s);
    set_lane<double>(d, 0, fma_lane<Order, Sub>(lane<double>(d, 0), lane<double>(s.xmm[i->r2], 0),
                                                 lane<double>(x3, 0)));
  }
  put_x(s, i->r1, d);
  return i + 1;
}
template <int Order, bool Sub> const Insn* h_vfma_sd_rr(State& s, const Insn* i) {
  return h_vfma_sd<Order, Sub>(s, i, s.xmm[i->r3]);
}
template <int Order, bool Sub> const Insn* h_vfma_sd_rm(State& s, const Insn* i) {
  XmmReg v, unused;
  if (!vex_read<8>(s, i, v, unused)) return nullptr;
  return h_vfma_sd<Order, Sub>(s, i, v);
}
template <int Order, bool Sub> bool sel_vfma_sd(const Decoded& d, Insn& o) {
  if (!d.is_vex() || d.nvis() != 3 || !d.is_xmm(0) || !d.is_xmm(1)) return false;
  o.r1 = vreg(d, 0);
  o.r2 = vreg(d, 1);
  if (d.is_xmm(2)) {
    o.r3 = vreg(d, 2);
    o.fn = &h_vfma_sd_rr<Order, Sub>;
    return true;
  }
  if (d.is_mem(2)) {
    o.fn = &h_vfma_sd_rm<Order, Sub>;
    return set_mem(d, 2, o);
  }
  return false;
}

template <class F, int K> void add_arith(Registry& r, ZydisMnemonic packed, ZydisMnemonic scalar) {
  r.add(packed, &sel_op<FArith<F, K, false>>);
  r.add(scalar, &sel_op<FArith<F, K, true>, int(sizeof(F)), false>);
}

}  // namespace

void register_sse_float(Registry& r) {
  add_arith<float, kAdd>(r, ZYDIS_MNEMONIC_ADDPS, ZYDIS_MNEMONIC_ADDSS);
  add_arith<float, kSub>(r, ZYDIS_MNEMONIC_SUBPS, ZYDIS_MNEMONIC_SUBSS);
  add_arith<float, kMul>(r, ZYDIS_MNEMONIC_MULPS, ZYDIS_MNEMONIC_MULSS);
  add_arith<float, kDiv>(r, ZYDIS_MNEMONIC_DIVPS, ZYDIS_MNEMONIC_DIVSS);
  add_arith<float, kMin>(r, ZYDIS_MNEMONIC_MINPS, ZYDIS_MNEMONIC_MINSS);
  add_arith<float, kMax>(r, ZYDIS_MNEMONIC_MAXPS, ZYDIS_MNEMONIC_MAXSS);
  add_arith<float, kSqrt>(r, ZYDIS_MNEMONIC_SQRTPS, ZYDIS_MNEMONIC_SQRTSS);
  add_arith<double, kAdd>(r, ZYDIS_MNEMONIC_ADDPD, ZYDIS_MNEMONIC_ADDSD);
  add_arith<double, kSub>(r, ZYDIS_MNEMONIC_SUBPD, ZYDIS_MNEMONIC_SUBSD);
  add_arith<double, kMul>(r, ZYDIS_MNEMONIC_MULPD, ZYDIS_MNEMONIC_MULSD);
  add_arith<double, kDiv>(r, ZYDIS_MNEMONIC_DIVPD, ZYDIS_MNEMONIC_DIVSD);
  add_arith<double, kMin>(r, ZYDIS_MNEMONIC_MINPD, ZYDIS_MNEMONIC_MINSD);
  add_arith<double, kMax>(r, ZYDIS_MNEMONIC_MAXPD, ZYDIS_MNEMONIC_MAXSD);
  add_arith<double, kSqrt>(r, ZYDIS_MNEMONIC_SQRTPD, ZYDIS_MNEMONIC_SQRTSD);
  r.add(ZYDIS_MNEMONIC_RCPPS, &sel_op<FApprox<false, false>>);
  r.add(ZYDIS_MNEMONIC_RCPSS, &sel_op<FApprox<false, true>, 4, false>);
  r.add(ZYDIS_MNEMONIC_RSQRTPS, &sel_op<FApprox<true, false>>);
  r.add(ZYDIS_MNEMONIC_RSQRTSS, &sel_op<FApprox<true, true>, 4, false>);
  r.add(ZYDIS_MNEMONIC_HADDPS, &sel_op<FHorz<float, false>>);
  r.add(ZYDIS_MNEMONIC_HADDPD, &sel_op<FHorz<double, false>>);
  r.add(ZYDIS_MNEMONIC_HSUBPS, &sel_op<FHorz<float, true>>);
  r.add(ZYDIS_MNEMONIC_HSUBPD, &sel_op<FHorz<double, true>>);
  r.add(ZYDIS_MNEMONIC_ADDSUBPS, &sel_op<FAddSub<float>>);
  r.add(ZYDIS_MNEMONIC_ADDSUBPD, &sel_op<FAddSub<double>>);
  r.add(ZYDIS_MNEMONIC_DPPS, &sel_op<FDot<float>, 16, true, true>);
  r.add(ZYDIS_MNEMONIC_DPPD, &sel_op<FDot<double>, 16, true, true>);
  r.add(ZYDIS_MNEMONIC_CMPPS, &sel_cmp<float, false>);
  r.add(ZYDIS_MNEMONIC_CMPSS, &sel_cmp<float, true>);
  r.add(ZYDIS_MNEMONIC_CMPPD, &sel_cmp<double, false>);
  r.add(ZYDIS_MNEMONIC_CMPSD, &sel_cmp<double, true>);
  r.add(ZYDIS_MNEMONIC_UCOMISS, &sel_op<FComi<float, false>, 4, false>);
  r.add(ZYDIS_MNEMONIC_COMISS, &sel_op<FComi<float, true>, 4, false>);
  r.add(ZYDIS_MNEMONIC_UCOMISD, &sel_op<FComi<double, false>, 8, false>);
  r.add(ZYDIS_MNEMONIC_COMISD, &sel_op<FComi<double, true>, 8, false>);
  r.add(ZYDIS_MNEMONIC_LDMXCSR, &sel_mxcsr<&h_ldmxcsr>);
  r.add(ZYDIS_MNEMONIC_STMXCSR, &sel_mxcsr<&h_stmxcsr>);

  // VEX scalar double forms (AVX, FMA).
  r.add(ZYDIS_MNEMONIC_VADDSD, &sel_v3<FArith<double, kAdd, true>, 8, false>);
  r.add(ZYDIS_MNEMONIC_VSUBSD, &sel_v3<FArith<double, kSub, true>, 8, false>);
  r.add(ZYDIS_MNEMONIC_VMULSD, &sel_v3<FArith<double, kMul, true>, 8, false>);
  r.add(ZYDIS_MNEMONIC_VDIVSD, &sel_v3<FArith<double, kDiv, true>, 8, false>);
  r.add(ZYDIS_MNEMONIC_VCOMISD, &sel_v2_cmp<FComi<double, true>, 8>);
  r.add(ZYDIS_MNEMONIC_VFMADD213SD, &sel_vfma_sd<213, false>);
  r.add(ZYDIS_MNEMONIC_VFMADD231SD, &sel_vfma_sd<231, false>);
  r.add(ZYDIS_MNEMONIC_VFMSUB213SD, &sel_vfma_sd<213, true>);
}

}  // namespace emu::cpu
