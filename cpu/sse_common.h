// Shared pieces of the SSE family: lane access, the operand-form handler
// templates (xmm, xmm/m128 with optional imm8; GPR sources and
// destinations) and the guest-MXCSR scope used by floating-point handlers.
//
// An operation is a struct with `static void f(State& s, XmmReg& d, const
// XmmReg& src, const Insn* i)`; `src` is the second operand (register, or
// the memory operand zero-extended to 128 bits) and `i->aux` holds the imm8.
#pragma once

#include <cstring>
#include <type_traits>

#include "cpu/decoder.h"
#include "cpu/state.h"

namespace emu::cpu {

// ---- lanes -------------------------------------------------------------------

template <class T> constexpr int kLanes = 16 / sizeof(T);

template <class T> struct Lanes {
  T v[kLanes<T>];
  Lanes() = default;
  explicit Lanes(const XmmReg& x) { std::memcpy(v, &x, 16); }
  XmmReg xmm() const {
    XmmReg x;
    std::memcpy(&x, v, 16);
    return x;
  }
  T& operator[](int k) { return v[k]; }
  T operator[](int k) const { return v[k]; }
};

template <class T> inline T lane(const XmmReg& x, int k) {
  T v;
  std::memcpy(&v, reinterpret_cast<const uint8_t*>(&x) + k * sizeof(T), sizeof(T));
  return v;
}
template <class T> inline void set_lane(XmmReg& x, int k, T v) {
  std::memcpy(reinterpret_cast<uint8_t*>(&x) + k * sizeof(T), &v, sizeof(T));
}

// d[k] = F(d[k], s[k]) for every lane of type T.
template <class T, class F> inline void map2(XmmReg& d, const XmmReg& s, F f) {
  Lanes<T> a(d), b(s);
  for (int k = 0; k < kLanes<T>; ++k) a[k] = f(a[k], b[k]);
  d = a.xmm();
}
// d[k] = F(s[k]).
template <class T, class F> inline void map1(XmmReg& d, const XmmReg& s, F f) {
  Lanes<T> b(s);
  for (int k = 0; k < kLanes<T>; ++k) b[k] = f(b[k]);
  d = b.xmm();
}

inline uint8_t xreg(const Decoded& d, int k) {
  return static_cast<uint8_t>(xmm_index(d.op(k).reg.value));
}
inline uint8_t goff(const Decoded& d, int k) {
  return static_cast<uint8_t>(gpr_off(d.op(k).reg.value));
}

// ---- xmm, xmm/mN [, imm8] ------------------------------------------------------

// How a memory source is read: N bytes (16, 8, 4, 2), aligned or not.
// Legacy-encoded SSE instructions with a 128-bit memory operand require
// 16-byte alignment (#GP) unless the SDM says otherwise.
template <class Op>
const Insn* h_op_xx(State& s, const Insn* i) {
  const XmmReg src = s.xmm[i->r2];
  Op::f(s, s.xmm[i->r1], src, i);
  return i + 1;
}

template <class Op, int N, bool Aligned>
const Insn* h_op_xm(State& s, const Insn* i) {
  const uint64_t a = s.ea(i);
  if (Aligned && (a & 15)) return s.fault(i, FaultKind::GeneralProtection);
  XmmReg v;
  if constexpr (N == 16) {
    if (!s.read(i, a, v)) return nullptr;
  } else if constexpr (N == 8) {
    if (!s.read(i, a, v.lo)) return nullptr;
  } else if constexpr (N == 4) {
    uint32_t t;
    if (!s.read(i, a, t)) return nullptr;
    v.lo = t;
  } else {
    static_assert(N == 2);
    uint16_t t;
    if (!s.read(i, a, t)) return nullptr;
    v.lo = t;
  }
  Op::f(s, s.xmm[i->r1], v, i);
  return i + 1;
}

// Selector for `op xmm, xmm/mN` and `op xmm, xmm/mN, imm8` (Imm = true).
// N = 16 and Aligned select the memory read; N = 0 means "register only".
template <class Op, int N = 16, bool Aligned = true, bool Imm = false>
bool sel_op(const Decoded& d, Insn& o) {
  const int want = Imm ? 3 : 2;
  if (d.nvis() < want || !d.is_xmm(0)) return false;
  if (Imm) {
    if (!d.is_imm(2)) return false;
    o.aux = static_cast<uint8_t>(imm_value(d, 2));
  }
  o.r1 = xreg(d, 0);
  if (d.is_xmm(1)) {
    o.r2 = xreg(d, 1);
    o.fn = &h_op_xx<Op>;
    return true;
  }
  if constexpr (N != 0) {
    if (d.is_mem(1)) {
      o.fn = &h_op_xm<Op, N, Aligned>;
      return set_mem(d, 1, o);
    }
  }
  return false;
}

// ---- guest MXCSR on the host --------------------------------------------------

// While alive, the host MXCSR holds the guest's rounding control, DAZ and
// FTZ with every exception masked and no flag set; on exit the flags the
// host raised are added to the guest's sticky flags (unless Harvest is false,
// for operations that compute their flags themselves) and the host MXCSR is
// restored. Values pass through pin() so that the compiler keeps the
// arithmetic between the two MXCSR writes.
template <bool Harvest = true>
struct MxcsrScope {
  State& s;
  uint32_t saved;
  explicit MxcsrScope(State& st, uint32_t rc_override = ~0u) : s(st) {
    asm volatile("stmxcsr %0" : "=m"(saved));
    uint32_t g = (s.mxcsr & 0xFFC0u) | 0x1F80u;
    if (rc_override != ~0u) g = (g & ~0x6000u) | (rc_override << 13);
    // Equal means: same controls and no host flag set, nothing to load.
    if (g != saved) asm volatile("ldmxcsr %0" : : "m"(g));
  }
  ~MxcsrScope() {
    uint32_t now;
    asm volatile("stmxcsr %0" : "=m"(now));
    if (Harvest) s.mxcsr |= now & 0x3Fu;
    if (now != saved) asm volatile("ldmxcsr %0" : : "m"(saved));
  }
  MxcsrScope(const MxcsrScope&) = delete;
  MxcsrScope& operator=(const MxcsrScope&) = delete;
};

template <class F> inline F pin(F v) {
  asm volatile("" : "+x"(v));
  return v;
}

// MXCSR exception flags.
constexpr uint32_t kMxIE = 1, kMxDE = 2, kMxZE = 4, kMxOE = 8, kMxUE = 16, kMxPE = 32;

// ---- IEEE helpers by bit pattern (no host flags) ------------------------------

template <class F> struct FBits;
template <> struct FBits<float> {
  using U = uint32_t;
  static constexpr U kExp = 0x7F800000u, kMan = 0x007FFFFFu, kQuiet = 0x00400000u, kSign = 0x80000000u;
};
template <> struct FBits<double> {
  using U = uint64_t;
  static constexpr U kExp = 0x7FF0000000000000ull, kMan = 0x000FFFFFFFFFFFFFull,
                     kQuiet = 0x0008000000000000ull, kSign = 0x8000000000000000ull;
};
template <class F> inline typename FBits<F>::U fbits(F v) {
  typename FBits<F>::U u;
  std::memcpy(&u, &v, sizeof v);
  return u;
}
template <class F> inline F from_bits(typename FBits<F>::U u) {
  F v;
  std::memcpy(&v, &u, sizeof v);
  return v;
}
template <class F> inline bool is_nan(F v) {
  auto u = fbits(v);
  return (u & FBits<F>::kExp) == FBits<F>::kExp && (u & FBits<F>::kMan) != 0;
}
template <class F> inline bool is_snan(F v) {
  return is_nan(v) && !(fbits(v) & FBits<F>::kQuiet);
}
template <class F> inline F quieted(F v) { return from_bits<F>(fbits(v) | FBits<F>::kQuiet); }

// Registration of the SSE family's files (called from cpu/sse_select.cpp).
void register_sse_int(Registry& r);      // sse_int.cpp: packed integer arithmetic/compare/logic
void register_sse_shuffle(Registry& r);  // sse_shuffle.cpp: shuffles, packs, unpacks, blends, shifts
void register_sse_float(Registry& r);    // sse_float.cpp: float arithmetic, compares, MXCSR
void register_sse_convert(Registry& r);  // sse_convert.cpp: conversions and rounding
void register_sse_transfer(Registry& r); // sse_transfer.cpp: movd/movq/movss/..., GPR <-> xmm
void register_sse_string(Registry& r);   // sse_string.cpp: pcmpXstrX, crc32

}  // namespace emu::cpu
