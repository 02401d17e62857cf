// Data rearrangement on XMM registers: shuffles, unpacks, packs, blends,
// pshufb/palignr, bit and byte shifts, pmovzx/pmovsx, lane inserts and
// extracts (pinsr*/pextr*/insertps/extractps) and movmskps/movmskpd.
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

struct Pshufd {
  static void f(State&, XmmReg& d, const XmmReg& s, const Insn* i) {
    Lanes<uint32_t> b(s), r;
    for (int k = 0; k < 4; ++k) r[k] = b[(i->aux >> (2 * k)) & 3];
    d = r.xmm();
  }
};
template <bool High> struct PshufW {
  static void f(State&, XmmReg& d, const XmmReg& s, const Insn* i) {
    Lanes<uint16_t> b(s), r(s);
    const int base = High ? 4 : 0;
    for (int k = 0; k < 4; ++k) r[base + k] = b[base + ((i->aux >> (2 * k)) & 3)];
    d = r.xmm();
  }
};
struct Shufps {
  static void f(State&, XmmReg& d, const XmmReg& s, const Insn* i) {
    Lanes<uint32_t> a(d), b(s), r;
    r[0] = a[i->aux & 3];
    r[1] = a[(i->aux >> 2) & 3];
    r[2] = b[(i->aux >> 4) & 3];
    r[3] = b[(i->aux >> 6) & 3];
    d = r.xmm();
  }
};
struct Shufpd {
  static void f(State&, XmmReg& d, const XmmReg& s, const Insn* i) {
    const uint64_t lo = (i->aux & 1) ? d.hi : d.lo;
    const uint64_t hi = (i->aux & 2) ? s.hi : s.lo;
    d.lo = lo;
    d.hi = hi;
  }
};

// punpckl* / punpckh*: interleave the low (or high) halves, destination first.
template <class T, bool High> struct Unpack {
  static void f(State&, XmmReg& d, const XmmReg& s, const Insn*) {
    constexpr int n = kLanes<T>;
    Lanes<T> a(d), b(s), r;
    const int base = High ? n / 2 : 0;
    for (int k = 0; k < n / 2; ++k) {
      r[2 * k] = a[base + k];
      r[2 * k + 1] = b[base + k];
    }
    d = r.xmm();
  }
};

// Packs with saturation: destination elements fill the low half.
template <class From, class To> struct Pack {
  static void f(State&, XmmReg& d, const XmmReg& s, const Insn*) {
    constexpr int n = kLanes<From>;
    Lanes<From> a(d), b(s);
    Lanes<To> r;
    for (int k = 0; k < n; ++k) {
      r[k] = sat<To>(a[k]);
      r[n + k] = sat<To>(b[k]);
    }
    d = r.xmm();
  }
};

struct Pshufb {
  static void f(State&, XmmReg& d, const XmmReg& s, const Insn*) {
    Lanes<uint8_t> a(d), b(s), r;
    for (int k = 0; k < 16; ++k) r[k] = (b[k] & 0x80) ? 0 : a[b[k] & 15];
    d = r.xmm();
  }
};

// palignr: (dst:src) >> (imm * 8), low 128 bits.
struct Palignr {
  static void f(State&, XmmReg& d, const XmmReg& s, const Insn* i) {
    uint8_t cat[48] = {};
    std::memcpy(cat, &s, 16);
    std::memcpy(cat + 16, &d, 16);
    const int n = i->aux > 32 ? 32 : i->aux;
    std::memcpy(&d, cat + n, 16);
  }
};

template <class T> struct BlendImm {
  static void f(State&, XmmReg& d, const XmmReg& s, const Insn* i) {
    Lanes<T> a(d), b(s);
    for (int k = 0; k < kLanes<T>; ++k)
      if ((i->aux >> k) & 1) a[k] = b[k];
    d = a.xmm();
  }
};
// pblendvb / blendvps / blendvpd: the mask is the sign bit of each XMM0 element.
template <class T> struct BlendVar {
  static void f(State& st, XmmReg& d, const XmmReg& s, const Insn*) {
    Lanes<T> a(d), b(s), m(st.xmm[0]);
    for (int k = 0; k < kLanes<T>; ++k)
      if (m[k] >> (sizeof(T) * 8 - 1)) a[k] = b[k];
    d = a.xmm();
  }
};

// ---- shifts ------------------------------------------------------------------

// Kind: 0 left logical, 1 right logical, 2 right arithmetic.
template <class T, int Kind> inline void shift_lanes(XmmReg& d, uint64_t count) {
  constexpr unsigned bits = sizeof(T) * 8;
  if (count >= bits) {
    if (Kind != 2) {
      d = XmmReg{};
      return;
    }
    count = bits - 1;
  }
  const unsigned c = static_cast<unsigned>(count);
  if constexpr (Kind == 0) {
    map1<T>(d, d, [c](T a) -> T { return static_cast<T>(a << c); });
  } else if constexpr (Kind == 1) {
    map1<T>(d, d, [c](T a) -> T { return static_cast<T>(a >> c); });
  } else {
    using S = std::make_signed_t<T>;
    map1<T>(d, d, [c](T a) -> T { return static_cast<T>(static_cast<S>(a) >> c); });
  }
}
// Count from the low 64 bits of an xmm/m128 source.
template <class T, int Kind> struct ShiftX {
  static void f(State&, XmmReg& d, const XmmReg& s, const Insn*) { shift_lanes<T, Kind>(d, s.lo); }
};
template <class T, int Kind> const Insn* h_shift_imm(State& s, const Insn* i) {
  shift_lanes<T, Kind>(s.xmm[i->r1], i->aux);
  return i + 1;
}
// pslldq / psrldq: whole-register byte shifts.
template <bool Left> const Insn* h_byteshift(State& s, const Insn* i) {
  uint8_t buf[48] = {};
  const int n = i->aux > 16 ? 16 : i->aux;
  if (Left) {
    std::memcpy(buf + 16 + n, &s.xmm[i->r1], 16);
    std::memcpy(&s.xmm[i->r1], buf + 16, 16);
  } else {
    std::memcpy(buf + 16, &s.xmm[i->r1], 16);
    std::memcpy(&s.xmm[i->r1], buf + 16 + n, 16);
  }
  return i + 1;
}
// psllw xmm, xmm/m128 and psllw xmm, imm8 share a mnemonic.
template <class T, int Kind> bool sel_shift(const Decoded& d, Insn& o) {
  if (d.nvis() == 2 && d.is_xmm(0) && d.is_imm(1)) {
    o.r1 = xreg(d, 0);
    o.aux = static_cast<uint8_t>(imm_value(d, 1));
    o.fn = &h_shift_imm<T, Kind>;
    return true;
  }
  return sel_op<ShiftX<T, Kind>>(d, o);
}
// vpsllq x1, x2, imm8 / y1, y2, imm8 (VEX.vvvv is the destination, the
// ModRM register the source) and vpsllq x1, x2, x3/m128 / y1, y2, x3/m128
// (the count is 128 bits in both widths).
template <class T, int Kind, bool Wide> const Insn* h_vshift_imm(State& s, const Insn* i) {
  XmmReg lo = s.xmm[i->r2];
  shift_lanes<T, Kind>(lo, i->aux);
  if constexpr (Wide) {
    XmmReg hi = s.ymmh[i->r2];
    shift_lanes<T, Kind>(hi, i->aux);
    put_y(s, i->r1, lo, hi);
  } else {
    put_x(s, i->r1, lo);
  }
  return i + 1;
}
template <class T, int Kind> bool sel_vshift(const Decoded& d, Insn& o) {
  if (d.is_vex() && d.nvis() == 3 && d.is_imm(2)) {
    const bool wide = d.is_ymm(0);
    if (wide ? !d.is_ymm(1) : !(d.is_xmm(0) && d.is_xmm(1))) return false;
    o.r1 = vreg(d, 0);
    o.r2 = vreg(d, 1);
    o.aux = static_cast<uint8_t>(imm_value(d, 2));
    o.fn = wide ? &h_vshift_imm<T, Kind, true> : &h_vshift_imm<T, Kind, false>;
    return true;
  }
  return sel_v3<ShiftX<T, Kind>, 16, true, true>(d, o);
}
template <bool Left> bool sel_byteshift(const Decoded& d, Insn& o) {
  if (d.nvis() != 2 || !d.is_xmm(0) || !d.is_imm(1)) return false;
  o.r1 = xreg(d, 0);
  o.aux = static_cast<uint8_t>(imm_value(d, 1));
  o.fn = &h_byteshift<Left>;
  return true;
}

// ---- pmovzx / pmovsx ------------------------------------------------------------

template <class From, class To> struct Pmovx {
  static void f(State&, XmmReg& d, const XmmReg& s, const Insn*) {
    Lanes<To> r;
    for (int k = 0; k < kLanes<To>; ++k) r[k] = static_cast<To>(lane<From>(s, k));
    d = r.xmm();
  }
};
// Memory size of the source: as many From elements as To lanes.
template <class From, class To> constexpr int kPmovBytes = kLanes<To> * sizeof(From);
template <class From, class To> bool sel_pmovx(const Decoded& d, Insn& o) {
  return sel_op<Pmovx<From, To>, kPmovBytes<From, To>, false>(d, o);
}

// ---- lane extract / insert ---------------------------------------------------------

// pextrb/pextrw/pextrd/pextrq/extractps: destination r32/r64 (zero-extended) or mN.
template <class T> const Insn* h_extract_r(State& s, const Insn* i) {
  s.gpr[i->r1 >> 3] = lane<T>(s.xmm[i->r2], i->aux & (kLanes<T> - 1));
  return i + 1;
}
template <class T> const Insn* h_extract_m(State& s, const Insn* i) {
  const T v = lane<T>(s.xmm[i->r2], i->aux & (kLanes<T> - 1));
  return s.write<T>(i, s.ea(i), v) ? i + 1 : nullptr;
}
template <class T> bool sel_extract(const Decoded& d, Insn& o) {
  if (d.nvis() != 3 || !d.is_xmm(1) || !d.is_imm(2)) return false;
  o.r2 = xreg(d, 1);
  o.aux = static_cast<uint8_t>(imm_value(d, 2));
  if (d.is_gpr(0)) {
    if (d.bits(0) < 32) return false;
    o.r1 = goff(d, 0);
    o.fn = &h_extract_r<T>;
    return true;
  }
  if (d.is_mem(0)) {
    o.fn = &h_extract_m<T>;
    return set_mem(d, 0, o);
  }
  return false;
}

// pinsrb/pinsrw/pinsrd/pinsrq: source r32/r64 (low bits) or mN.
template <class T> const Insn* h_insert_r(State& s, const Insn* i) {
  set_lane<T>(s.xmm[i->r1], i->aux & (kLanes<T> - 1), static_cast<T>(s.gpr[i->r2 >> 3]));
  return i + 1;
}
template <class T> const Insn* h_insert_m(State& s, const Insn* i) {
  T v;
  if (!s.read<T>(i, s.ea(i), v)) return nullptr;
  set_lane<T>(s.xmm[i->r1], i->aux & (kLanes<T> - 1), v);
  return i + 1;
}
template <class T> bool sel_insert(const Decoded& d, Insn& o) {
  if (d.nvis() != 3 || !d.is_xmm(0) || !d.is_imm(2)) return false;
  o.r1 = xreg(d, 0);
  o.aux = static_cast<uint8_t>(imm_value(d, 2));
  if (d.is_gpr(1)) {
    o.r2 = goff(d, 1);
    o.fn = &h_insert_r<T>;
    return true;
  }
  if (d.is_mem(1)) {
    o.fn = &h_insert_m<T>;
    return set_mem(d, 1, o);
  }
  return false;
}

// insertps xmm, xmm/m32, imm8: source lane imm[7:6] (register form only),
// destination lane imm[5:4], zero mask imm[3:0].
template <bool Mem> struct Insertps {
  static void f(State&, XmmReg& d, const XmmReg& s, const Insn* i) {
    const uint32_t v = Mem ? uint32_t(s.lo) : lane<uint32_t>(s, (i->aux >> 6) & 3);
    set_lane<uint32_t>(d, (i->aux >> 4) & 3, v);
    for (int k = 0; k < 4; ++k)
      if ((i->aux >> k) & 1) set_lane<uint32_t>(d, k, 0);
  }
};
bool sel_insertps(const Decoded& d, Insn& o) {
  if (d.nvis() == 3 && d.is_mem(1)) return sel_op<Insertps<true>, 4, false, true>(d, o);
  return sel_op<Insertps<false>, 0, false, true>(d, o);
}

// movmskps / movmskpd r32/r64, xmm.
template <class T> const Insn* h_movmsk(State& s, const Insn* i) {
  uint32_t m = 0;
  for (int k = 0; k < kLanes<T>; ++k)
    m |= uint32_t(lane<T>(s.xmm[i->r2], k) >> (sizeof(T) * 8 - 1)) << k;
  s.gpr[i->r1 >> 3] = m;
  return i + 1;
}
template <class T> bool sel_movmsk(const Decoded& d, Insn& o) {
  if (d.nvis() != 2 || !d.is_gpr(0) || !d.is_xmm(1) || d.bits(0) < 32) return false;
  o.r1 = goff(d, 0);
  o.r2 = xreg(d, 1);
  o.fn = &h_movmsk<T>;
  return true;
}

// ---- MMX-only shapes ----------------------------------------------------------------

// punpckh* on 64-bit registers: the high halves of both operands interleaved.
template <class T> struct UnpackHighMmx {
  static void f(State& s, XmmReg& d, const XmmReg& src, const Insn* i) {
    XmmReg a{d.lo >> 32, 0};
    const XmmReg b{src.lo >> 32, 0};
    Unpack<T, false>::f(s, a, b, i);
    d = a;
  }
};
// pshufb mm: selector bits 2:0 pick a byte, bit 7 zeroes it.
struct PshufbMmx {
  static void f(State&, XmmReg& d, const XmmReg& s, const Insn*) {
    uint64_t r = 0;
    for (int k = 0; k < 8; ++k) {
      const uint8_t sel = static_cast<uint8_t>(s.lo >> (8 * k));
      if (!(sel & 0x80)) r |= ((d.lo >> (8 * (sel & 7))) & 0xFF) << (8 * k);
    }
    d.lo = r;
  }
};
// palignr mm: (dst:src) >> (imm * 8), low 64 bits.
struct PalignrMmx {
  static void f(State&, XmmReg& d, const XmmReg& s, const Insn* i) {
    uint8_t cat[32] = {};
    std::memcpy(cat, &s.lo, 8);
    std::memcpy(cat + 8, &d.lo, 8);
    const int n = i->aux > 16 ? 16 : i->aux;
    std::memcpy(&d.lo, cat + n, 8);
  }
};
// pshufw mm, mm/m64, imm8.
struct Pshufw {
  static void f(State&, XmmReg& d, const XmmReg& s, const Insn* i) {
    uint64_t r = 0;
    for (int k = 0; k < 4; ++k) r |= ((s.lo >> (16 * ((i->aux >> (2 * k)) & 3))) & 0xFFFF) << (16 * k);
    d.lo = r;
  }
};
template <class T, int Kind> const Insn* h_mmx_shift_imm(State& s, const Insn* i) {
  mmx_enter(s);
  XmmReg v{mm_get(s, i->r1), 0};
  shift_lanes<T, Kind>(v, i->aux);
  mm_set(s, i->r1, v.lo);
  return i + 1;
}
template <class T, int Kind> bool sel_mmx_shift(const Decoded& d, Insn& o) {
  if (d.nvis() == 2 && is_mm(d, 0) && d.is_imm(1)) {
    o.r1 = mreg(d, 0);
    o.aux = static_cast<uint8_t>(imm_value(d, 1));
    o.fn = &h_mmx_shift_imm<T, Kind>;
    return true;
  }
  return sel_mmx<ShiftX<T, Kind>>(d, o);
}

}  // namespace

void register_sse_shuffle(Registry& r) {
  r.add(ZYDIS_MNEMONIC_PSHUFD, &sel_op<Pshufd, 16, true, true>);
  r.add(ZYDIS_MNEMONIC_PSHUFLW, &sel_op<PshufW<false>, 16, true, true>);
  r.add(ZYDIS_MNEMONIC_PSHUFHW, &sel_op<PshufW<true>, 16, true, true>);
  r.add(ZYDIS_MNEMONIC_SHUFPS, &sel_op<Shufps, 16, true, true>);
  r.add(ZYDIS_MNEMONIC_SHUFPD, &sel_op<Shufpd, 16, true, true>);
  r.add(ZYDIS_MNEMONIC_PUNPCKLBW, &sel_op<Unpack<uint8_t, false>>);
  r.add(ZYDIS_MNEMONIC_PUNPCKLWD, &sel_op<Unpack<uint16_t, false>>);
  r.add(ZYDIS_MNEMONIC_PUNPCKLDQ, &sel_op<Unpack<uint32_t, false>>);
  r.add(ZYDIS_MNEMONIC_PUNPCKLQDQ, &sel_op<Unpack<uint64_t, false>>);
  r.add(ZYDIS_MNEMONIC_PUNPCKHBW, &sel_op<Unpack<uint8_t, true>>);
  r.add(ZYDIS_MNEMONIC_PUNPCKHWD, &sel_op<Unpack<uint16_t, true>>);
  r.add(ZYDIS_MNEMONIC_PUNPCKHDQ, &sel_op<Unpack<uint32_t, true>>);
  r.add(ZYDIS_MNEMONIC_PUNPCKHQDQ, &sel_op<Unpack<uint64_t, true>>);
  r.add(ZYDIS_MNEMONIC_UNPCKLPS, &sel_op<Unpack<uint32_t, false>>);
  r.add(ZYDIS_MNEMONIC_UNPCKHPS, &sel_op<Unpack<uint32_t, true>>);
  r.add(ZYDIS_MNEMONIC_UNPCKLPD, &sel_op<Unpack<uint64_t, false>>);
  r.add(ZYDIS_MNEMONIC_UNPCKHPD, &sel_op<Unpack<uint64_t, true>>);
  r.add(ZYDIS_MNEMONIC_PACKSSWB, &sel_op<Pack<int16_t, int8_t>>);
  r.add(ZYDIS_MNEMONIC_PACKSSDW, &sel_op<Pack<int32_t, int16_t>>);
  r.add(ZYDIS_MNEMONIC_PACKUSWB, &sel_op<Pack<int16_t, uint8_t>>);
  r.add(ZYDIS_MNEMONIC_PACKUSDW, &sel_op<Pack<int32_t, uint16_t>>);
  r.add(ZYDIS_MNEMONIC_PSHUFB, &sel_op<Pshufb>);
  r.add(ZYDIS_MNEMONIC_PALIGNR, &sel_op<Palignr, 16, true, true>);
  r.add(ZYDIS_MNEMONIC_PBLENDW, &sel_op<BlendImm<uint16_t>, 16, true, true>);
  r.add(ZYDIS_MNEMONIC_BLENDPS, &sel_op<BlendImm<uint32_t>, 16, true, true>);
  r.add(ZYDIS_MNEMONIC_BLENDPD, &sel_op<BlendImm<uint64_t>, 16, true, true>);
  r.add(ZYDIS_MNEMONIC_PBLENDVB, &sel_op<BlendVar<uint8_t>>);
  r.add(ZYDIS_MNEMONIC_BLENDVPS, &sel_op<BlendVar<uint32_t>>);
  r.add(ZYDIS_MNEMONIC_BLENDVPD, &sel_op<BlendVar<uint64_t>>);
  r.add(ZYDIS_MNEMONIC_PSLLW, &sel_shift<uint16_t, 0>);
  r.add(ZYDIS_MNEMONIC_PSLLD, &sel_shift<uint32_t, 0>);
  r.add(ZYDIS_MNEMONIC_PSLLQ, &sel_shift<uint64_t, 0>);
  r.add(ZYDIS_MNEMONIC_PSRLW, &sel_shift<uint16_t, 1>);
  r.add(ZYDIS_MNEMONIC_PSRLD, &sel_shift<uint32_t, 1>);
  r.add(ZYDIS_MNEMONIC_PSRLQ, &sel_shift<uint64_t, 1>);
  r.add(ZYDIS_MNEMONIC_PSRAW, &sel_shift<uint16_t, 2>);
  r.add(ZYDIS_MNEMONIC_PSRAD, &sel_shift<uint32_t, 2>);
  r.add(ZYDIS_MNEMONIC_VPSLLQ, &sel_vshift<uint64_t, 0>);
  r.add(ZYDIS_MNEMONIC_VPSRLQ, &sel_vshift<uint64_t, 1>);
  r.add(ZYDIS_MNEMONIC_PSLLDQ, &sel_byteshift<true>);
  r.add(ZYDIS_MNEMONIC_PSRLDQ, &sel_byteshift<false>);
  r.add(ZYDIS_MNEMONIC_PMOVZXBW, &sel_pmovx<uint8_t, uint16_t>);
  r.add(ZYDIS_MNEMONIC_PMOVZXBD, &sel_pmovx<uint8_t, uint32_t>);
  r.add(ZYDIS_MNEMONIC_PMOVZXBQ, &sel_pmovx<uint8_t, uint64_t>);
  r.add(ZYDIS_MNEMONIC_PMOVZXWD, &sel_pmovx<uint16_t, uint32_t>);
  r.add(ZYDIS_MNEMONIC_PMOVZXWQ, &sel_pmovx<uint16_t, uint64_t>);
  r.add(ZYDIS_MNEMONIC_PMOVZXDQ, &sel_pmovx<uint32_t, uint64_t>);
  r.add(ZYDIS_MNEMONIC_PMOVSXBW, &sel_pmovx<int8_t, int16_t>);
  r.add(ZYDIS_MNEMONIC_PMOVSXBD, &sel_pmovx<int8_t, int32_t>);
  r.add(ZYDIS_MNEMONIC_PMOVSXBQ, &sel_pmovx<int8_t, int64_t>);
  r.add(ZYDIS_MNEMONIC_PMOVSXWD, &sel_pmovx<int16_t, int32_t>);
  r.add(ZYDIS_MNEMONIC_PMOVSXWQ, &sel_pmovx<int16_t, int64_t>);
  r.add(ZYDIS_MNEMONIC_PMOVSXDQ, &sel_pmovx<int32_t, int64_t>);
  r.add(ZYDIS_MNEMONIC_PEXTRB, &sel_extract<uint8_t>);
  r.add(ZYDIS_MNEMONIC_PEXTRW, &sel_extract<uint16_t>);
  r.add(ZYDIS_MNEMONIC_PEXTRD, &sel_extract<uint32_t>);
  r.add(ZYDIS_MNEMONIC_PEXTRQ, &sel_extract<uint64_t>);
  r.add(ZYDIS_MNEMONIC_EXTRACTPS, &sel_extract<uint32_t>);
  r.add(ZYDIS_MNEMONIC_PINSRB, &sel_insert<uint8_t>);
  r.add(ZYDIS_MNEMONIC_PINSRW, &sel_insert<uint16_t>);
  r.add(ZYDIS_MNEMONIC_PINSRD, &sel_insert<uint32_t>);
  r.add(ZYDIS_MNEMONIC_PINSRQ, &sel_insert<uint64_t>);
  r.add(ZYDIS_MNEMONIC_INSERTPS, &sel_insertps);
  r.add(ZYDIS_MNEMONIC_MOVMSKPS, &sel_movmsk<uint32_t>);
  r.add(ZYDIS_MNEMONIC_MOVMSKPD, &sel_movmsk<uint64_t>);

  // MMX register forms (tried first; they reject XMM operands).
  using K = MmxKind;
  r.add(ZYDIS_MNEMONIC_PUNPCKLBW, &sel_mmx<Unpack<uint8_t, false>>);
  r.add(ZYDIS_MNEMONIC_PUNPCKLWD, &sel_mmx<Unpack<uint16_t, false>>);
  r.add(ZYDIS_MNEMONIC_PUNPCKLDQ, &sel_mmx<Unpack<uint32_t, false>>);
  r.add(ZYDIS_MNEMONIC_PUNPCKHBW, &sel_mmx<UnpackHighMmx<uint8_t>>);
  r.add(ZYDIS_MNEMONIC_PUNPCKHWD, &sel_mmx<UnpackHighMmx<uint16_t>>);
  r.add(ZYDIS_MNEMONIC_PUNPCKHDQ, &sel_mmx<UnpackHighMmx<uint32_t>>);
  r.add(ZYDIS_MNEMONIC_PACKSSWB, &sel_mmx<Pack<int16_t, int8_t>, K::Pair>);
  r.add(ZYDIS_MNEMONIC_PACKSSDW, &sel_mmx<Pack<int32_t, int16_t>, K::Pair>);
  r.add(ZYDIS_MNEMONIC_PACKUSWB, &sel_mmx<Pack<int16_t, uint8_t>, K::Pair>);
  r.add(ZYDIS_MNEMONIC_PSHUFB, &sel_mmx<PshufbMmx>);
  r.add(ZYDIS_MNEMONIC_PALIGNR, &sel_mmx<PalignrMmx, K::Lane, true>);
  r.add(ZYDIS_MNEMONIC_PSHUFW, &sel_mmx<Pshufw, K::Lane, true>);
  r.add(ZYDIS_MNEMONIC_PSLLW, &sel_mmx_shift<uint16_t, 0>);
  r.add(ZYDIS_MNEMONIC_PSLLD, &sel_mmx_shift<uint32_t, 0>);
  r.add(ZYDIS_MNEMONIC_PSLLQ, &sel_mmx_shift<uint64_t, 0>);
  r.add(ZYDIS_MNEMONIC_PSRLW, &sel_mmx_shift<uint16_t, 1>);
  r.add(ZYDIS_MNEMONIC_PSRLD, &sel_mmx_shift<uint32_t, 1>);
  r.add(ZYDIS_MNEMONIC_PSRLQ, &sel_mmx_shift<uint64_t, 1>);
  r.add(ZYDIS_MNEMONIC_PSRAW, &sel_mmx_shift<uint16_t, 2>);
  r.add(ZYDIS_MNEMONIC_PSRAD, &sel_mmx_shift<uint32_t, 2>);
}

}  // namespace emu::cpu
