// Packed integer arithmetic, compares and logic on XMM registers (SSE2,
// SSSE3, SSE4.1): padd/psub (wrapping and saturating), multiplies, averages,
// min/max, compares, logic, sign/abs, horizontal add/sub, psadbw, ptest,
// pmovmskb, phminposuw. MMX register forms are not implemented.
#include <algorithm>
#include <cstdlib>
#include <limits>

#include "cpu/avx_common.h"
#include "cpu/family.h"
#include "cpu/sse_common.h"
#include "cpu/sse_mmx.h"

namespace emu::cpu {
namespace {

template <class T> T sat(int64_t v) {
  constexpr int64_t lo = std::numeric_limits<T>::min(), hi = std::numeric_limits<T>::max();
  return static_cast<T>(v < lo ? lo : v > hi ? hi : v);
}

#define EMU_LANE_OP(NAME, T, EXPR)                                                        \
  struct NAME {                                                                           \
    static void f(State&, XmmReg& d, const XmmReg& s, const Insn*) {                      \
      map2<T>(d, s, [](T a, T b) -> T { return static_cast<T>(EXPR); });                  \
    }                                                                                     \
  };

EMU_LANE_OP(PaddB, uint8_t, a + b)
EMU_LANE_OP(PaddW, uint16_t, a + b)
EMU_LANE_OP(PaddD, uint32_t, a + b)
EMU_LANE_OP(PaddQ, uint64_t, a + b)
EMU_LANE_OP(PsubB, uint8_t, a - b)
EMU_LANE_OP(PsubW, uint16_t, a - b)
EMU_LANE_OP(PsubD, uint32_t, a - b)
EMU_LANE_OP(PsubQ, uint64_t, a - b)
EMU_LANE_OP(PaddsB, int8_t, sat<int8_t>(int64_t(a) + b))
EMU_LANE_OP(PaddsW, int16_t, sat<int16_t>(int64_t(a) + b))
EMU_LANE_OP(PaddusB, uint8_t, sat<uint8_t>(int64_t(a) + b))
EMU_LANE_OP(PaddusW, uint16_t, sat<uint16_t>(int64_t(a) + b))
EMU_LANE_OP(PsubsB, int8_t, sat<int8_t>(int64_t(a) - b))
EMU_LANE_OP(PsubsW, int16_t, sat<int16_t>(int64_t(a) - b))
EMU_LANE_OP(PsubusB, uint8_t, sat<uint8_t>(int64_t(a) - b))
EMU_LANE_OP(PsubusW, uint16_t, sat<uint16_t>(int64_t(a) - b))
EMU_LANE_OP(PmullW, uint16_t, uint32_t(a) * b)
EMU_LANE_OP(PmulhW, int16_t, (int32_t(a) * b) >> 16)
EMU_LANE_OP(PmulhuW, uint16_t, (uint32_t(a) * b) >> 16)
EMU_LANE_OP(PmullD, uint32_t, uint64_t(a) * b)
EMU_LANE_OP(PmulhrSW, int16_t, (((int32_t(a) * b) >> 14) + 1) >> 1)
EMU_LANE_OP(PavgB, uint8_t, (uint32_t(a) + b + 1) >> 1)
EMU_LANE_OP(PavgW, uint16_t, (uint32_t(a) + b + 1) >> 1)
EMU_LANE_OP(PminUB, uint8_t, std::min(a, b))
EMU_LANE_OP(PmaxUB, uint8_t, std::max(a, b))
EMU_LANE_OP(PminSW, int16_t, std::min(a, b))
EMU_LANE_OP(PmaxSW, int16_t, std::max(a, b))
EMU_LANE_OP(PminSB, int8_t, std::min(a, b))
EMU_LANE_OP(PmaxSB, int8_t, std::max(a, b))
EMU_LANE_OP(PminSD, int32_t, std::min(a, b))
EMU_LANE_OP(PmaxSD, int32_t, std::max(a, b))
EMU_LANE_OP(PminUW, uint16_t, std::min(a, b))
EMU_LANE_OP(PmaxUW, uint16_t, std::max(a, b))
EMU_LANE_OP(PminUD, uint32_t, std::min(a, b))
EMU_LANE_OP(PmaxUD, uint32_t, std::max(a, b))
EMU_LANE_OP(PcmpeqB, uint8_t, a == b ? 0xFF : 0)
EMU_LANE_OP(PcmpeqW, uint16_t, a == b ? 0xFFFF : 0)
EMU_LANE_OP(PcmpeqD, uint32_t, a == b ? ~0u : 0u)
EMU_LANE_OP(PcmpeqQ, uint64_t, a == b ? ~0ull : 0ull)
EMU_LANE_OP(PcmpgtB, int8_t, a > b ? -1 : 0)
EMU_LANE_OP(PcmpgtW, int16_t, a > b ? -1 : 0)
EMU_LANE_OP(PcmpgtD, int32_t, a > b ? -1 : 0)
EMU_LANE_OP(PcmpgtQ, int64_t, a > b ? -1 : 0)
EMU_LANE_OP(And, uint64_t, a & b)
EMU_LANE_OP(AndN, uint64_t, ~a & b)
EMU_LANE_OP(Or, uint64_t, a | b)
EMU_LANE_OP(Xor, uint64_t, a ^ b)
EMU_LANE_OP(PsignB, int8_t, b < 0 ? -a : b == 0 ? 0 : a)
EMU_LANE_OP(PsignW, int16_t, b < 0 ? -a : b == 0 ? 0 : a)
EMU_LANE_OP(PsignD, int32_t, b < 0 ? -int64_t(a) : b == 0 ? 0 : a)
#undef EMU_LANE_OP

// Absolute value of the source (the result of |INT_MIN| is INT_MIN as an unsigned value).
template <class T> struct Pabs {
  static void f(State&, XmmReg& d, const XmmReg& s, const Insn*) {
    map1<T>(d, s, [](T a) -> T { return static_cast<T>(a < 0 ? T(0) - a : a); });
  }
};

template <bool Signed> struct PmulDQ {
  static void f(State&, XmmReg& d, const XmmReg& s, const Insn*) {
    if constexpr (Signed) {
      d.lo = uint64_t(int64_t(int32_t(d.lo)) * int32_t(s.lo));
      d.hi = uint64_t(int64_t(int32_t(d.hi)) * int32_t(s.hi));
    } else {
      d.lo = uint64_t(uint32_t(d.lo)) * uint32_t(s.lo);
      d.hi = uint64_t(uint32_t(d.hi)) * uint32_t(s.hi);
    }
  }
};

struct PmaddWD {
  static void f(State&, XmmReg& d, const XmmReg& s, const Insn*) {
    Lanes<int16_t> a(d), b(s);
    Lanes<uint32_t> r;
    for (int k = 0; k < 4; ++k)
      r[k] = uint32_t(int32_t(a[2 * k]) * b[2 * k]) + uint32_t(int32_t(a[2 * k + 1]) * b[2 * k + 1]);
    d = r.xmm();
  }
};

// Unsigned bytes of the destination times signed bytes of the source.
struct PmaddUBSW {
  static void f(State&, XmmReg& d, const XmmReg& s, const Insn*) {
    Lanes<uint8_t> a(d);
    Lanes<int8_t> b(s);
    Lanes<int16_t> r;
    for (int k = 0; k < 8; ++k)
      r[k] = sat<int16_t>(int32_t(a[2 * k]) * b[2 * k] + int32_t(a[2 * k + 1]) * b[2 * k + 1]);
    d = r.xmm();
  }
};

struct PsadBW {
  static void f(State&, XmmReg& d, const XmmReg& s, const Insn*) {
    Lanes<uint8_t> a(d), b(s);
    uint64_t sum[2] = {0, 0};
    for (int k = 0; k < 16; ++k) sum[k / 8] += uint64_t(std::abs(int(a[k]) - int(b[k])));
    d.lo = sum[0];
    d.hi = sum[1];
  }
};

// mpsadbw: eight sums of absolute differences between a sliding 4-byte
// window of the destination (from byte imm8[2]*4) and source bytes
// imm8[1:0]*4 .. +3.
struct MpsadBW {
  static void f(State&, XmmReg& d, const XmmReg& s, const Insn* i) {
    Lanes<uint8_t> a(d), b(s);
    Lanes<uint16_t> r;
    const int so = (i->aux & 3) * 4, dof = ((i->aux >> 2) & 1) * 4;
    for (int k = 0; k < 8; ++k) {
      int sum = 0;
      for (int j = 0; j < 4; ++j) sum += std::abs(int(a[dof + k + j]) - int(b[so + j]));
      r[k] = static_cast<uint16_t>(sum);
    }
    d = r.xmm();
  }
};

// Horizontal add/sub: pairs of the destination fill the low half, pairs of
// the source the high half.
template <class T, int Kind>  // Kind: 0 add, 1 sub, 2 add saturating, 3 sub saturating
struct Phorz {
  static T op(T x, T y) {
    switch (Kind) {
      case 0: return static_cast<T>(uint32_t(x) + uint32_t(y));
      case 1: return static_cast<T>(uint32_t(x) - uint32_t(y));
      case 2: return sat<T>(int64_t(x) + y);
      default: return sat<T>(int64_t(x) - y);
    }
  }
  static void f(State&, XmmReg& d, const XmmReg& s, const Insn*) {
    constexpr int n = kLanes<T>;
    Lanes<T> a(d), b(s), r;
    for (int k = 0; k < n / 2; ++k) {
      r[k] = op(a[2 * k], a[2 * k + 1]);
      r[n / 2 + k] = op(b[2 * k], b[2 * k + 1]);
    }
    d = r.xmm();
  }
};

// ptest: ZF = (dst & src) == 0, CF = (~dst & src) == 0; AF OF PF SF cleared.
struct Ptest {
  static void f(State& st, XmmReg& d, const XmmReg& s, const Insn*) {
    const bool zf = ((d.lo & s.lo) | (d.hi & s.hi)) == 0;
    const bool cf = ((~d.lo & s.lo) | (~d.hi & s.hi)) == 0;
    set_arith_flags(st, (zf ? uint32_t(kZF) : 0u) | (cf ? uint32_t(kCF) : 0u));
  }
};

struct PhminposUW {
  static void f(State&, XmmReg& d, const XmmReg& s, const Insn*) {
    Lanes<uint16_t> b(s);
    int best = 0;
    for (int k = 1; k < 8; ++k)
      if (b[k] < b[best]) best = k;
    d.lo = uint64_t(b[best]) | (uint64_t(best) << 16);
    d.hi = 0;
  }
};

// pmovmskb r32/r64, xmm: the byte sign bits, zero-extended.
const Insn* h_pmovmskb(State& s, const Insn* i) {
  const XmmReg& x = s.xmm[i->r2];
  uint32_t m = 0;
  for (int k = 0; k < 16; ++k) m |= uint32_t(lane<uint8_t>(x, k) >> 7) << k;
  s.gpr[i->r1 >> 3] = m;
  return i + 1;
}
bool sel_pmovmskb(const Decoded& d, Insn& o) {
  if (d.nvis() != 2 || !d.is_gpr(0) || !d.is_xmm(1) || d.bits(0) < 32) return false;
  o.r1 = goff(d, 0);
  o.r2 = xreg(d, 1);
  o.fn = &h_pmovmskb;
  return true;
}

// vpmovmskb r32/r64, xmm (16 mask bits) or ymm (32), zero-extended.
template <bool Wide> const Insn* h_vpmovmskb(State& s, const Insn* i) {
  uint32_t m = 0;
  for (int k = 0; k < 16; ++k) m |= uint32_t(lane<uint8_t>(s.xmm[i->r2], k) >> 7) << k;
  if constexpr (Wide)
    for (int k = 0; k < 16; ++k) m |= uint32_t(lane<uint8_t>(s.ymmh[i->r2], k) >> 7) << (16 + k);
  s.gpr[i->r1 >> 3] = m;
  return i + 1;
}
bool sel_vpmovmskb(const Decoded& d, Insn& o) {
  if (!d.is_vex() || d.nvis() != 2 || !d.is_gpr(0) || d.bits(0) < 32) return false;
  if (!d.is_xmm(1) && !d.is_ymm(1)) return false;
  o.r1 = goff(d, 0);
  o.r2 = vreg(d, 1);
  o.fn = d.is_ymm(1) ? &h_vpmovmskb<true> : &h_vpmovmskb<false>;
  return true;
}

}  // namespace

void register_sse_int(Registry& r) {
  r.add(ZYDIS_MNEMONIC_PADDB, &sel_op<PaddB>);
  r.add(ZYDIS_MNEMONIC_PADDW, &sel_op<PaddW>);
  r.add(ZYDIS_MNEMONIC_PADDD, &sel_op<PaddD>);
  r.add(ZYDIS_MNEMONIC_PADDQ, &sel_op<PaddQ>);
  r.add(ZYDIS_MNEMONIC_PSUBB, &sel_op<PsubB>);
  r.add(ZYDIS_MNEMONIC_PSUBW, &sel_op<PsubW>);
  r.add(ZYDIS_MNEMONIC_PSUBD, &sel_op<PsubD>);
  r.add(ZYDIS_MNEMONIC_PSUBQ, &sel_op<PsubQ>);
  r.add(ZYDIS_MNEMONIC_PADDSB, &sel_op<PaddsB>);
  r.add(ZYDIS_MNEMONIC_PADDSW, &sel_op<PaddsW>);
  r.add(ZYDIS_MNEMONIC_PADDUSB, &sel_op<PaddusB>);
  r.add(ZYDIS_MNEMONIC_PADDUSW, &sel_op<PaddusW>);
  r.add(ZYDIS_MNEMONIC_PSUBSB, &sel_op<PsubsB>);
  r.add(ZYDIS_MNEMONIC_PSUBSW, &sel_op<PsubsW>);
  r.add(ZYDIS_MNEMONIC_PSUBUSB, &sel_op<PsubusB>);
  r.add(ZYDIS_MNEMONIC_PSUBUSW, &sel_op<PsubusW>);
  r.add(ZYDIS_MNEMONIC_PMULLW, &sel_op<PmullW>);
  r.add(ZYDIS_MNEMONIC_PMULHW, &sel_op<PmulhW>);
  r.add(ZYDIS_MNEMONIC_PMULHUW, &sel_op<PmulhuW>);
  r.add(ZYDIS_MNEMONIC_PMULLD, &sel_op<PmullD>);
  r.add(ZYDIS_MNEMONIC_PMULHRSW, &sel_op<PmulhrSW>);
  r.add(ZYDIS_MNEMONIC_PMULUDQ, &sel_op<PmulDQ<false>>);
  r.add(ZYDIS_MNEMONIC_PMULDQ, &sel_op<PmulDQ<true>>);
  r.add(ZYDIS_MNEMONIC_PMADDWD, &sel_op<PmaddWD>);
  r.add(ZYDIS_MNEMONIC_PMADDUBSW, &sel_op<PmaddUBSW>);
  r.add(ZYDIS_MNEMONIC_PAVGB, &sel_op<PavgB>);
  r.add(ZYDIS_MNEMONIC_PAVGW, &sel_op<PavgW>);
  r.add(ZYDIS_MNEMONIC_PMINUB, &sel_op<PminUB>);
  r.add(ZYDIS_MNEMONIC_PMAXUB, &sel_op<PmaxUB>);
  r.add(ZYDIS_MNEMONIC_PMINSW, &sel_op<PminSW>);
  r.add(ZYDIS_MNEMONIC_PMAXSW, &sel_op<PmaxSW>);
  r.add(ZYDIS_MNEMONIC_PMINSB, &sel_op<PminSB>);
  r.add(ZYDIS_MNEMONIC_PMAXSB, &sel_op<PmaxSB>);
  r.add(ZYDIS_MNEMONIC_PMINSD, &sel_op<PminSD>);
  r.add(ZYDIS_MNEMONIC_PMAXSD, &sel_op<PmaxSD>);
  r.add(ZYDIS_MNEMONIC_PMINUW, &sel_op<PminUW>);
  r.add(ZYDIS_MNEMONIC_PMAXUW, &sel_op<PmaxUW>);
  r.add(ZYDIS_MNEMONIC_PMINUD, &sel_op<PminUD>);
  r.add(ZYDIS_MNEMONIC_PMAXUD, &sel_op<PmaxUD>);
  r.add(ZYDIS_MNEMONIC_PCMPEQB, &sel_op<PcmpeqB>);
  r.add(ZYDIS_MNEMONIC_PCMPEQW, &sel_op<PcmpeqW>);
  r.add(ZYDIS_MNEMONIC_PCMPEQD, &sel_op<PcmpeqD>);
  r.add(ZYDIS_MNEMONIC_PCMPEQQ, &sel_op<PcmpeqQ>);
  r.add(ZYDIS_MNEMONIC_PCMPGTB, &sel_op<PcmpgtB>);
  r.add(ZYDIS_MNEMONIC_PCMPGTW, &sel_op<PcmpgtW>);
  r.add(ZYDIS_MNEMONIC_PCMPGTD, &sel_op<PcmpgtD>);
  r.add(ZYDIS_MNEMONIC_PCMPGTQ, &sel_op<PcmpgtQ>);
  r.add(ZYDIS_MNEMONIC_PAND, &sel_op<And>);
  r.add(ZYDIS_MNEMONIC_ANDPS, &sel_op<And>);
  r.add(ZYDIS_MNEMONIC_ANDPD, &sel_op<And>);
  r.add(ZYDIS_MNEMONIC_PANDN, &sel_op<AndN>);
  r.add(ZYDIS_MNEMONIC_ANDNPS, &sel_op<AndN>);
  r.add(ZYDIS_MNEMONIC_ANDNPD, &sel_op<AndN>);
  r.add(ZYDIS_MNEMONIC_POR, &sel_op<Or>);
  r.add(ZYDIS_MNEMONIC_ORPS, &sel_op<Or>);
  r.add(ZYDIS_MNEMONIC_ORPD, &sel_op<Or>);
  r.add(ZYDIS_MNEMONIC_PSIGNB, &sel_op<PsignB>);
  r.add(ZYDIS_MNEMONIC_PSIGNW, &sel_op<PsignW>);
  r.add(ZYDIS_MNEMONIC_PSIGND, &sel_op<PsignD>);
  r.add(ZYDIS_MNEMONIC_PABSB, &sel_op<Pabs<int8_t>>);
  r.add(ZYDIS_MNEMONIC_PABSW, &sel_op<Pabs<int16_t>>);
  r.add(ZYDIS_MNEMONIC_PABSD, &sel_op<Pabs<int32_t>>);
  r.add(ZYDIS_MNEMONIC_PSADBW, &sel_op<PsadBW>);
  r.add(ZYDIS_MNEMONIC_MPSADBW, &sel_op<MpsadBW, 16, true, true>);
  r.add(ZYDIS_MNEMONIC_PHADDW, &sel_op<Phorz<int16_t, 0>>);
  r.add(ZYDIS_MNEMONIC_PHADDD, &sel_op<Phorz<int32_t, 0>>);
  r.add(ZYDIS_MNEMONIC_PHSUBW, &sel_op<Phorz<int16_t, 1>>);
  r.add(ZYDIS_MNEMONIC_PHSUBD, &sel_op<Phorz<int32_t, 1>>);
  r.add(ZYDIS_MNEMONIC_PHADDSW, &sel_op<Phorz<int16_t, 2>>);
  r.add(ZYDIS_MNEMONIC_PHSUBSW, &sel_op<Phorz<int16_t, 3>>);
  r.add(ZYDIS_MNEMONIC_PTEST, &sel_op<Ptest>);
  r.add(ZYDIS_MNEMONIC_PHMINPOSUW, &sel_op<PhminposUW>);
  r.add(ZYDIS_MNEMONIC_PMOVMSKB, &sel_pmovmskb);

  // VEX forms (AVX for 128 bits and vxorps ymm, AVX2 for the 256-bit integer forms).
  r.add(ZYDIS_MNEMONIC_VPCMPEQB, &sel_v3<PcmpeqB>);
  r.add(ZYDIS_MNEMONIC_VPCMPEQW, &sel_v3<PcmpeqW>);
  r.add(ZYDIS_MNEMONIC_VPADDQ, &sel_v3<PaddQ>);
  r.add(ZYDIS_MNEMONIC_VPSUBD, &sel_v3<PsubD>);
  r.add(ZYDIS_MNEMONIC_VPSUBQ, &sel_v3<PsubQ>);
  r.add(ZYDIS_MNEMONIC_VPAND, &sel_v3<And>);
  r.add(ZYDIS_MNEMONIC_VPOR, &sel_v3<Or>);
  r.add(ZYDIS_MNEMONIC_VPXOR, &sel_v3<Xor>);
  r.add(ZYDIS_MNEMONIC_VXORPS, &sel_v3<Xor>);
  r.add(ZYDIS_MNEMONIC_VPMOVMSKB, &sel_vpmovmskb);

  // MMX register forms (tried first; they reject XMM operands).
  using K = MmxKind;
  r.add(ZYDIS_MNEMONIC_PADDB, &sel_mmx<PaddB>);
  r.add(ZYDIS_MNEMONIC_PADDW, &sel_mmx<PaddW>);
  r.add(ZYDIS_MNEMONIC_PADDD, &sel_mmx<PaddD>);
  r.add(ZYDIS_MNEMONIC_PADDQ, &sel_mmx<PaddQ>);
  r.add(ZYDIS_MNEMONIC_PSUBB, &sel_mmx<PsubB>);
  r.add(ZYDIS_MNEMONIC_PSUBW, &sel_mmx<PsubW>);
  r.add(ZYDIS_MNEMONIC_PSUBD, &sel_mmx<PsubD>);
  r.add(ZYDIS_MNEMONIC_PSUBQ, &sel_mmx<PsubQ>);
  r.add(ZYDIS_MNEMONIC_PADDSB, &sel_mmx<PaddsB>);
  r.add(ZYDIS_MNEMONIC_PADDSW, &sel_mmx<PaddsW>);
  r.add(ZYDIS_MNEMONIC_PADDUSB, &sel_mmx<PaddusB>);
  r.add(ZYDIS_MNEMONIC_PADDUSW, &sel_mmx<PaddusW>);
  r.add(ZYDIS_MNEMONIC_PSUBSB, &sel_mmx<PsubsB>);
  r.add(ZYDIS_MNEMONIC_PSUBSW, &sel_mmx<PsubsW>);
  r.add(ZYDIS_MNEMONIC_PSUBUSB, &sel_mmx<PsubusB>);
  r.add(ZYDIS_MNEMONIC_PSUBUSW, &sel_mmx<PsubusW>);
  r.add(ZYDIS_MNEMONIC_PMULLW, &sel_mmx<PmullW>);
  r.add(ZYDIS_MNEMONIC_PMULHW, &sel_mmx<PmulhW>);
  r.add(ZYDIS_MNEMONIC_PMULHUW, &sel_mmx<PmulhuW>);
  r.add(ZYDIS_MNEMONIC_PMULHRSW, &sel_mmx<PmulhrSW>);
  r.add(ZYDIS_MNEMONIC_PMULUDQ, &sel_mmx<PmulDQ<false>>);
  r.add(ZYDIS_MNEMONIC_PMADDWD, &sel_mmx<PmaddWD>);
  r.add(ZYDIS_MNEMONIC_PMADDUBSW, &sel_mmx<PmaddUBSW>);
  r.add(ZYDIS_MNEMONIC_PAVGB, &sel_mmx<PavgB>);
  r.add(ZYDIS_MNEMONIC_PAVGW, &sel_mmx<PavgW>);
  r.add(ZYDIS_MNEMONIC_PMINUB, &sel_mmx<PminUB>);
  r.add(ZYDIS_MNEMONIC_PMAXUB, &sel_mmx<PmaxUB>);
  r.add(ZYDIS_MNEMONIC_PMINSW, &sel_mmx<PminSW>);
  r.add(ZYDIS_MNEMONIC_PMAXSW, &sel_mmx<PmaxSW>);
  r.add(ZYDIS_MNEMONIC_PSADBW, &sel_mmx<PsadBW>);
  r.add(ZYDIS_MNEMONIC_PCMPEQB, &sel_mmx<PcmpeqB>);
  r.add(ZYDIS_MNEMONIC_PCMPEQW, &sel_mmx<PcmpeqW>);
  r.add(ZYDIS_MNEMONIC_PCMPEQD, &sel_mmx<PcmpeqD>);
  r.add(ZYDIS_MNEMONIC_PCMPGTB, &sel_mmx<PcmpgtB>);
  r.add(ZYDIS_MNEMONIC_PCMPGTW, &sel_mmx<PcmpgtW>);
  r.add(ZYDIS_MNEMONIC_PCMPGTD, &sel_mmx<PcmpgtD>);
  r.add(ZYDIS_MNEMONIC_PAND, &sel_mmx<And>);
  r.add(ZYDIS_MNEMONIC_PANDN, &sel_mmx<AndN>);
  r.add(ZYDIS_MNEMONIC_POR, &sel_mmx<Or>);
  r.add(ZYDIS_MNEMONIC_PXOR, &sel_mmx<Xor>);
  r.add(ZYDIS_MNEMONIC_PSIGNB, &sel_mmx<PsignB>);
  r.add(ZYDIS_MNEMONIC_PSIGNW, &sel_mmx<PsignW>);
  r.add(ZYDIS_MNEMONIC_PSIGND, &sel_mmx<PsignD>);
  r.add(ZYDIS_MNEMONIC_PABSB, &sel_mmx<Pabs<int8_t>>);
  r.add(ZYDIS_MNEMONIC_PABSW, &sel_mmx<Pabs<int16_t>>);
  r.add(ZYDIS_MNEMONIC_PABSD, &sel_mmx<Pabs<int32_t>>);
  r.add(ZYDIS_MNEMONIC_PHADDW, &sel_mmx<Phorz<int16_t, 0>, K::Pair>);
  r.add(ZYDIS_MNEMONIC_PHADDD, &sel_mmx<Phorz<int32_t, 0>, K::Pair>);
  r.add(ZYDIS_MNEMONIC_PHSUBW, &sel_mmx<Phorz<int16_t, 1>, K::Pair>);
  r.add(ZYDIS_MNEMONIC_PHSUBD, &sel_mmx<Phorz<int32_t, 1>, K::Pair>);
  r.add(ZYDIS_MNEMONIC_PHADDSW, &sel_mmx<Phorz<int16_t, 2>, K::Pair>);
  r.add(ZYDIS_MNEMONIC_PHSUBSW, &sel_mmx<Phorz<int16_t, 3>, K::Pair>);
}

}  // namespace emu::cpu
