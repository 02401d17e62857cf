// Moves between XMM registers, memory and general registers that are not
// plain 128-bit copies: movd/movq, movss/movsd, movlps/movhps/movlpd/
// movhpd/movlhps/movhlps, movddup/movshdup/movsldup, lddqu, the non-
// temporal stores and loads (plain accesses here) and movnti.
#include "cpu/family.h"
#include "cpu/sse_common.h"

namespace emu::cpu {
namespace {

// ---- movd / movq ---------------------------------------------------------------

// xmm <- r32/r64 or m32/m64, zero-extended to 128 bits.
template <class T> const Insn* h_movd_x_r(State& s, const Insn* i) {
  s.xmm[i->r1] = XmmReg{static_cast<T>(s.gpr[i->r2 >> 3]), 0};
  return i + 1;
}
template <class T> const Insn* h_movd_x_m(State& s, const Insn* i) {
  T v;
  if (!s.read<T>(i, s.ea(i), v)) return nullptr;
  s.xmm[i->r1] = XmmReg{v, 0};
  return i + 1;
}
template <class T> const Insn* h_movd_r_x(State& s, const Insn* i) {
  s.set_reg<T>(i->r1, static_cast<T>(s.xmm[i->r2].lo));
  return i + 1;
}
template <class T> const Insn* h_movd_m_x(State& s, const Insn* i) {
  return s.write<T>(i, s.ea(i), static_cast<T>(s.xmm[i->r2].lo)) ? i + 1 : nullptr;
}
// movq xmm, xmm: the low quadword, upper half zeroed.
const Insn* h_movq_x_x(State& s, const Insn* i) {
  s.xmm[i->r1] = XmmReg{s.xmm[i->r2].lo, 0};
  return i + 1;
}

bool sel_movdq(const Decoded& d, Insn& o) {
  if (d.nvis() != 2) return false;
  if (d.is_xmm(0)) {
    o.r1 = xreg(d, 0);
    if (d.is_xmm(1)) {
      o.r2 = xreg(d, 1);
      o.fn = &h_movq_x_x;
      return true;
    }
    const int b = d.bits(1);
    if (b != 32 && b != 64) return false;
    if (d.is_gpr(1)) {
      o.r2 = goff(d, 1);
      o.fn = b == 64 ? &h_movd_x_r<uint64_t> : &h_movd_x_r<uint32_t>;
      return true;
    }
    if (d.is_mem(1)) {
      o.fn = b == 64 ? &h_movd_x_m<uint64_t> : &h_movd_x_m<uint32_t>;
      return set_mem(d, 1, o);
    }
    return false;
  }
  if (!d.is_xmm(1)) return false;
  o.r2 = xreg(d, 1);
  const int b = d.bits(0);
  if (b != 32 && b != 64) return false;
  if (d.is_gpr(0)) {
    o.r1 = goff(d, 0);
    o.fn = b == 64 ? &h_movd_r_x<uint64_t> : &h_movd_r_x<uint32_t>;
    return true;
  }
  if (d.is_mem(0)) {
    o.fn = b == 64 ? &h_movd_m_x<uint64_t> : &h_movd_m_x<uint32_t>;
    return set_mem(d, 0, o);
  }
  return false;
}

// ---- movss / movsd -------------------------------------------------------------

template <class T> const Insn* h_movs_x_x(State& s, const Insn* i) {
  set_lane<T>(s.xmm[i->r1], 0, lane<T>(s.xmm[i->r2], 0));
  return i + 1;
}
template <class T> bool sel_movs(const Decoded& d, Insn& o) {
  if (d.nvis() != 2) return false;
  if (d.is_xmm(0) && d.is_xmm(1)) {
    o.r1 = xreg(d, 0);
    o.r2 = xreg(d, 1);
    o.fn = &h_movs_x_x<T>;
    return true;
  }
  if (d.is_xmm(0) && d.is_mem(1)) {
    o.r1 = xreg(d, 0);
    o.fn = &h_movd_x_m<T>;
    return set_mem(d, 1, o);
  }
  if (d.is_mem(0) && d.is_xmm(1)) {
    o.r2 = xreg(d, 1);
    o.fn = &h_movd_m_x<T>;
    return set_mem(d, 0, o);
  }
  return false;
}
// MOVSD is also the string move: sel_movs rejects that form and the
// registry falls back to the string family's selector.

// ---- half moves ------------------------------------------------------------------

// movlps/movlpd/movhps/movhpd: xmm <- m64 into one half, or m64 <- one half.
template <bool High> const Insn* h_half_x_m(State& s, const Insn* i) {
  uint64_t v;
  if (!s.read(i, s.ea(i), v)) return nullptr;
  (High ? s.xmm[i->r1].hi : s.xmm[i->r1].lo) = v;
  return i + 1;
}
template <bool High> const Insn* h_half_m_x(State& s, const Insn* i) {
  const uint64_t v = High ? s.xmm[i->r2].hi : s.xmm[i->r2].lo;
  return s.write(i, s.ea(i), v) ? i + 1 : nullptr;
}
template <bool High> bool sel_half(const Decoded& d, Insn& o) {
  if (d.nvis() != 2) return false;
  if (d.is_xmm(0) && d.is_mem(1)) {
    o.r1 = xreg(d, 0);
    o.fn = &h_half_x_m<High>;
    return set_mem(d, 1, o);
  }
  if (d.is_mem(0) && d.is_xmm(1)) {
    o.r2 = xreg(d, 1);
    o.fn = &h_half_m_x<High>;
    return set_mem(d, 0, o);
  }
  return false;
}
// movhlps: low <- source high; movlhps: high <- source low.
struct Movhlps {
  static void f(State&, XmmReg& d, const XmmReg& s, const Insn*) { d.lo = s.hi; }
};
struct Movlhps {
  static void f(State&, XmmReg& d, const XmmReg& s, const Insn*) { d.hi = s.lo; }
};

// ---- SSE3 duplicates, plain loads -------------------------------------------------

struct Movddup {
  static void f(State&, XmmReg& d, const XmmReg& s, const Insn*) { d = XmmReg{s.lo, s.lo}; }
};
template <int Odd> struct MovDupS {
  static void f(State&, XmmReg& d, const XmmReg& s, const Insn*) {
    Lanes<uint32_t> a(s), r;
    r[0] = r[1] = a[Odd];
    r[2] = r[3] = a[2 + Odd];
    d = r.xmm();
  }
};
struct Load {
  static void f(State&, XmmReg& d, const XmmReg& s, const Insn*) { d = s; }
};
// lddqu / movntdqa: memory source only.
template <bool Aligned> bool sel_load_m(const Decoded& d, Insn& o) {
  if (d.nvis() != 2 || !d.is_mem(1)) return false;
  return sel_op<Load, 16, Aligned>(d, o);
}

// movntdq / movntps / movntpd m128, xmm: an aligned store.
const Insn* h_store_aligned(State& s, const Insn* i) {
  const uint64_t a = s.ea(i);
  if (a & 15) return s.fault(i, FaultKind::GeneralProtection);
  return s.write(i, a, s.xmm[i->r2]) ? i + 1 : nullptr;
}
bool sel_movnt(const Decoded& d, Insn& o) {
  if (d.nvis() != 2 || !d.is_mem(0) || !d.is_xmm(1)) return false;
  o.r2 = xreg(d, 1);
  o.fn = &h_store_aligned;
  return set_mem(d, 0, o);
}

// movnti m32/m64, r32/r64.
template <class T> const Insn* h_movnti(State& s, const Insn* i) {
  return s.write<T>(i, s.ea(i), s.reg<T>(i->r2)) ? i + 1 : nullptr;
}
bool sel_movnti(const Decoded& d, Insn& o) {
  if (d.nvis() != 2 || !d.is_mem(0) || !d.is_gpr(1)) return false;
  o.r2 = goff(d, 1);
  o.fn = d.bits(1) == 64 ? &h_movnti<uint64_t> : &h_movnti<uint32_t>;
  return set_mem(d, 0, o);
}

}  // namespace

void register_sse_transfer(Registry& r) {
  r.add(ZYDIS_MNEMONIC_MOVD, &sel_movdq);
  r.add(ZYDIS_MNEMONIC_MOVQ, &sel_movdq);
  r.add(ZYDIS_MNEMONIC_MOVSS, &sel_movs<uint32_t>);
  r.add(ZYDIS_MNEMONIC_MOVSD, &sel_movs<uint64_t>);
  r.add(ZYDIS_MNEMONIC_MOVLPS, &sel_half<false>);
  r.add(ZYDIS_MNEMONIC_MOVLPD, &sel_half<false>);
  r.add(ZYDIS_MNEMONIC_MOVHPS, &sel_half<true>);
  r.add(ZYDIS_MNEMONIC_MOVHPD, &sel_half<true>);
  r.add(ZYDIS_MNEMONIC_MOVHLPS, &sel_op<Movhlps, 0>);
  r.add(ZYDIS_MNEMONIC_MOVLHPS, &sel_op<Movlhps, 0>);
  r.add(ZYDIS_MNEMONIC_MOVDDUP, &sel_op<Movddup, 8, false>);
  r.add(ZYDIS_MNEMONIC_MOVSHDUP, &sel_op<MovDupS<1>>);
  r.add(ZYDIS_MNEMONIC_MOVSLDUP, &sel_op<MovDupS<0>>);
  r.add(ZYDIS_MNEMONIC_LDDQU, &sel_load_m<false>);
  r.add(ZYDIS_MNEMONIC_MOVNTDQA, &sel_load_m<true>);
  r.add(ZYDIS_MNEMONIC_MOVNTDQ, &sel_movnt);
  r.add(ZYDIS_MNEMONIC_MOVNTPS, &sel_movnt);
  r.add(ZYDIS_MNEMONIC_MOVNTPD, &sel_movnt);
  r.add(ZYDIS_MNEMONIC_MOVNTI, &sel_movnti);
}

}  // namespace emu::cpu
