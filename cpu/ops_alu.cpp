// Arithmetic and logic: add or adc sbb and sub xor cmp test, inc dec neg
// not, mul imul div idiv, and the BCD / ASCII adjustments (32-bit mode).
#include "cpu/family.h"
#include "cpu/ops_common.h"

namespace emu::cpu {
namespace {

template <class T> struct Add {
  static constexpr bool kWrite = true;
  static T f(State& s, T a, T b) { T r = static_cast<T>(a + b); flags_add(s, a, b, r); return r; }
};
template <class T> struct Adc {
  static constexpr bool kWrite = true;
  static T f(State& s, T a, T b) {
    T r = static_cast<T>(a + b + T(get_cf(s)));
    flags_add(s, a, b, r);
    return r;
  }
};
template <class T> struct Sub {
  static constexpr bool kWrite = true;
  static T f(State& s, T a, T b) { T r = static_cast<T>(a - b); flags_sub(s, a, b, r); return r; }
};
template <class T> struct Sbb {
  static constexpr bool kWrite = true;
  static T f(State& s, T a, T b) {
    T r = static_cast<T>(a - b - T(get_cf(s)));
    flags_sub(s, a, b, r);
    return r;
  }
};
template <class T> struct Cmp {
  static constexpr bool kWrite = false;
  static T f(State& s, T a, T b) { T r = static_cast<T>(a - b); flags_sub(s, a, b, r); return r; }
};
template <class T> struct And {
  static constexpr bool kWrite = true;
  static T f(State& s, T a, T b) { T r = a & b; flags_logic(s, r); return r; }
};
template <class T> struct Or {
  static constexpr bool kWrite = true;
  static T f(State& s, T a, T b) { T r = a | b; flags_logic(s, r); return r; }
};
template <class T> struct Xor {
  static constexpr bool kWrite = true;
  static T f(State& s, T a, T b) { T r = a ^ b; flags_logic(s, r); return r; }
};
template <class T> struct Test {
  static constexpr bool kWrite = false;
  static T f(State& s, T a, T b) { T r = a & b; flags_logic(s, r); return r; }
};

template <class T> struct Inc {
  static T f(State& s, T a) {
    T r = static_cast<T>(a + 1);
    T c = static_cast<T>((a & T(1)) | ((a | T(1)) & static_cast<T>(~r)));
    flags_keep_cf(s, sext(r), aux_from_carries(c));
    return r;
  }
};
template <class T> struct Dec {
  static T f(State& s, T a) {
    T r = static_cast<T>(a - 1);
    T c = static_cast<T>((static_cast<T>(~a) & T(1)) | (static_cast<T>(~a ^ T(1)) & r));
    flags_keep_cf(s, sext(r), aux_from_carries(c));
    return r;
  }
};
template <class T> struct Neg {
  static T f(State& s, T a) {
    T r = static_cast<T>(T(0) - a);
    flags_sub(s, T(0), a, r);
    return r;
  }
};
template <class T> struct Not {
  static T f(State&, T a) { return static_cast<T>(~a); }
};

// ---- multiply / divide ------------------------------------------------------
// One-operand forms: the accumulator pair is AL/AH, AX/DX, EAX/EDX, RAX/RDX.

template <class T> inline void store_pair(State& s, T lo, T hi) {
  if constexpr (sizeof(T) == 1) {
    s.set_reg<uint16_t>(RAX * 8, static_cast<uint16_t>(lo | (uint16_t(hi) << 8)));
  } else {
    s.set_reg<T>(RAX * 8, lo);
    s.set_reg<T>(RDX * 8, hi);
  }
}
template <class T> inline void load_pair(const State& s, T& lo, T& hi) {
  if constexpr (sizeof(T) == 1) {
    lo = s.reg<uint8_t>(RAX * 8);
    hi = s.reg<uint8_t>(RAX * 8 + 1);
  } else {
    lo = s.reg<T>(RAX * 8);
    hi = s.reg<T>(RDX * 8);
  }
}

template <class T> struct Wide;
template <> struct Wide<uint8_t> { using U = uint16_t; using S = int16_t; };
template <> struct Wide<uint16_t> { using U = uint32_t; using S = int32_t; };
template <> struct Wide<uint32_t> { using U = uint64_t; using S = int64_t; };
template <> struct Wide<uint64_t> { using U = unsigned __int128; using S = __int128; };

template <class T, bool Mem> const Insn* h_mul(State& s, const Insn* i) {
  T v;
  if (!read_src<T, Mem>(s, i, v)) return nullptr;
  using U = typename Wide<T>::U;
  U p = U(s.reg<T>(RAX * 8)) * U(v);
  T lo = static_cast<T>(p), hi = static_cast<T>(p >> kBits<T>);
  store_pair<T>(s, lo, hi);
  flags_res_cf_of(s, lo, hi != 0, hi != 0);
  return i + 1;
}

template <class T, bool Mem> const Insn* h_imul1(State& s, const Insn* i) {
  T v;
  if (!read_src<T, Mem>(s, i, v)) return nullptr;
  using W = typename Wide<T>::S;
  W p = W(static_cast<Signed<T>>(s.reg<T>(RAX * 8))) * W(static_cast<Signed<T>>(v));
  T lo = static_cast<T>(p), hi = static_cast<T>(p >> kBits<T>);
  store_pair<T>(s, lo, hi);
  const bool ovf = p != W(static_cast<Signed<T>>(lo));
  flags_res_cf_of(s, lo, ovf, ovf);
  return i + 1;
}

// imul r, r/m (Imm = false) and imul r, r/m, imm (Imm = true).
template <class T, bool Mem, bool Imm> const Insn* h_imul2(State& s, const Insn* i) {
  T v;
  if (!read_src<T, Mem>(s, i, v)) return nullptr;
  const T a = Imm ? static_cast<T>(i->imm) : s.reg<T>(i->r1);
  using W = typename Wide<T>::S;
  W p = W(static_cast<Signed<T>>(a)) * W(static_cast<Signed<T>>(v));
  T r = static_cast<T>(p);
  const bool ovf = p != W(static_cast<Signed<T>>(r));
  s.set_reg<T>(i->r1, r);
  flags_res_cf_of(s, r, ovf, ovf);
  return i + 1;
}

template <class T, bool Mem> const Insn* h_div(State& s, const Insn* i) {
  T v;
  if (!read_src<T, Mem>(s, i, v)) return nullptr;
  if (v == 0) return s.fault(i, FaultKind::DivideError);
  using U = typename Wide<T>::U;
  T lo, hi;
  load_pair<T>(s, lo, hi);
  const U n = (U(hi) << kBits<T>) | U(lo);
  const U q = n / U(v);
  if (q > U(T(~T(0)))) return s.fault(i, FaultKind::DivideError);
  store_pair<T>(s, static_cast<T>(q), static_cast<T>(n % U(v)));
  return i + 1;
}

template <class T, bool Mem> const Insn* h_idiv(State& s, const Insn* i) {
  T v;
  if (!read_src<T, Mem>(s, i, v)) return nullptr;
  if (v == 0) return s.fault(i, FaultKind::DivideError);
  using U = typename Wide<T>::U;
  using W = typename Wide<T>::S;
  T lo, hi;
  load_pair<T>(s, lo, hi);
  const U nu = (U(hi) << kBits<T>) | U(lo);
  const W n = static_cast<W>(nu);
  const W dv = W(static_cast<Signed<T>>(v));
  // The one quotient that overflows W itself: W_MIN / -1.
  if (dv == -1 && nu == (U(1) << (2 * kBits<T> - 1))) return s.fault(i, FaultKind::DivideError);
  const W q = n / dv;
  const W r = n % dv;
  using ST = Signed<T>;
  constexpr W kMin = W(ST(T(1) << (kBits<T> - 1)));
  constexpr W kMax = -(kMin + 1);
  if (q < kMin || q > kMax) return s.fault(i, FaultKind::DivideError);
  store_pair<T>(s, static_cast<T>(q), static_cast<T>(r));
  return i + 1;
}

template <template <class, bool> class H>
bool sel_muldiv(const Decoded& d, Insn& o) {
  if (d.nvis() != 1) return false;
  return bind_rm_operand<kSizesAll>(d, 0, d.bits(0), o, [](auto t, bool mem) -> Handler {
    using T = decltype(t);
    return mem ? &H<T, true>::run : &H<T, false>::run;
  }, &Insn::r2);
}
template <class T, bool M> struct Mul { static const Insn* run(State& s, const Insn* i) { return h_mul<T, M>(s, i); } };
template <class T, bool M> struct Imul1 { static const Insn* run(State& s, const Insn* i) { return h_imul1<T, M>(s, i); } };
template <class T, bool M> struct Div { static const Insn* run(State& s, const Insn* i) { return h_div<T, M>(s, i); } };
template <class T, bool M> struct Idiv { static const Insn* run(State& s, const Insn* i) { return h_idiv<T, M>(s, i); } };

template <class T> Handler imul2_pick(bool mem, bool imm) {
  if (imm) return mem ? &h_imul2<T, true, true> : &h_imul2<T, false, true>;
  return mem ? &h_imul2<T, true, false> : &h_imul2<T, false, false>;
}

bool sel_imul(const Decoded& d, Insn& o) {
  if (d.nvis() == 1) return sel_muldiv<Imul1>(d, o);
  if (!d.is_gpr(0)) return false;
  o.r1 = off_of(d, 0);
  bool imm = false;
  if (d.nvis() == 3) {
    if (!d.is_imm(2)) return false;
    o.imm = imm_value(d, 2);
    imm = true;
  } else if (d.nvis() != 2) {
    return false;
  }
  return bind_rm_operand<kSizes16to64>(d, 1, d.bits(0), o, [imm](auto t, bool mem) {
    return imul2_pick<decltype(t)>(mem, imm);
  }, &Insn::r2);
}

// ---- BCD / ASCII adjust (32-bit mode only; Zydis rejects them in 64-bit) ----

uint8_t al(const State& s) { return s.reg<uint8_t>(RAX * 8); }
void set_al(State& s, uint8_t v) { s.set_reg<uint8_t>(RAX * 8, v); }

// Sets all six arithmetic flags from an explicit image, others as given.
void set_flags_exact(State& s, uint8_t res, bool cf, bool af, bool of) {
  uint32_t f = (res == 0 ? uint32_t(kZF) : 0u) | ((res & 0x80) ? uint32_t(kSF) : 0u) |
               (__builtin_parity(res) ? 0u : uint32_t(kPF)) | (cf ? uint32_t(kCF) : 0u) | (af ? uint32_t(kAF) : 0u) | (of ? uint32_t(kOF) : 0u);
  set_arith_flags(s, f);
}

const Insn* h_daa(State& s, const Insn* i) {
  const uint8_t old_al = al(s);
  const bool old_cf = get_cf(s);
  uint8_t a = old_al;
  bool cf = false, af = false;
  if ((a & 0x0F) > 9 || get_af(s)) {
    a = static_cast<uint8_t>(a + 6);
    cf = old_cf || (old_al > 0xF9);
    af = true;
  }
  if (old_al > 0x99 || old_cf) {
    a = static_cast<uint8_t>(a + 0x60);
    cf = true;
  }
  set_al(s, a);
  set_flags_exact(s, a, cf, af, false);
  return i + 1;
}

const Insn* h_das(State& s, const Insn* i) {
  const uint8_t old_al = al(s);
  const bool old_cf = get_cf(s);
  uint8_t a = old_al;
  bool cf = false, af = false;
  if ((a & 0x0F) > 9 || get_af(s)) {
    a = static_cast<uint8_t>(a - 6);
    cf = old_cf || (old_al < 6);
    af = true;
  }
  if (old_al > 0x99 || old_cf) {
    a = static_cast<uint8_t>(a - 0x60);
    cf = true;
  }
  set_al(s, a);
  set_flags_exact(s, a, cf, af, false);
  return i + 1;
}

template <bool Add>
const Insn* h_aaa_aas(State& s, const Insn* i) {
  uint16_t ax = s.reg<uint16_t>(RAX * 8);
  bool c;
  if ((ax & 0x0F) > 9 || get_af(s)) {
    if (Add) ax = static_cast<uint16_t>(ax + 0x106);
    else ax = static_cast<uint16_t>(ax - 6 - 0x100);  // AX -= 6, then AH -= 1
    c = true;
  } else {
    c = false;
  }
  ax &= 0xFF0F;
  s.set_reg<uint16_t>(RAX * 8, ax);
  // SF, ZF, PF, OF undefined: computed from AL as the adjusted result.
  set_flags_exact(s, static_cast<uint8_t>(ax), c, c, false);
  return i + 1;
}

const Insn* h_aam(State& s, const Insn* i) {
  const uint8_t base = static_cast<uint8_t>(i->imm);
  if (base == 0) return s.fault(i, FaultKind::DivideError);
  const uint8_t a = al(s);
  const uint8_t r = static_cast<uint8_t>(a % base);
  s.set_reg<uint8_t>(RAX * 8 + 1, static_cast<uint8_t>(a / base));
  set_al(s, r);
  set_flags_exact(s, r, false, false, false);
  return i + 1;
}

const Insn* h_aad(State& s, const Insn* i) {
  const uint8_t base = static_cast<uint8_t>(i->imm);
  const uint8_t a = static_cast<uint8_t>(al(s) + s.reg<uint8_t>(RAX * 8 + 1) * base);
  s.set_reg<uint16_t>(RAX * 8, a);
  set_flags_exact(s, a, false, false, false);
  return i + 1;
}

template <Handler H> bool sel_h(const Decoded&, Insn& o) {
  o.fn = H;
  return true;
}

bool sel_aam_aad(const Decoded& d, Insn& o) {
  o.imm = 10;
  if (d.nvis() >= 1 && d.is_imm(0)) o.imm = imm_value(d, 0) & 0xFF;
  o.fn = d.mnemonic() == ZYDIS_MNEMONIC_AAM ? &h_aam : &h_aad;
  return true;
}

}  // namespace

void register_alu(Registry& r) {
  r.add(ZYDIS_MNEMONIC_ADD, &Binary<Add>::select);
  r.add(ZYDIS_MNEMONIC_ADC, &Binary<Adc>::select);
  r.add(ZYDIS_MNEMONIC_SUB, &Binary<Sub>::select);
  r.add(ZYDIS_MNEMONIC_SBB, &Binary<Sbb>::select);
  r.add(ZYDIS_MNEMONIC_CMP, &Binary<Cmp>::select);
  r.add(ZYDIS_MNEMONIC_AND, &Binary<And>::select);
  r.add(ZYDIS_MNEMONIC_OR, &Binary<Or>::select);
  r.add(ZYDIS_MNEMONIC_XOR, &Binary<Xor>::select);
  r.add(ZYDIS_MNEMONIC_TEST, &Binary<Test>::select);
  r.add(ZYDIS_MNEMONIC_INC, &Unary<Inc>::select);
  r.add(ZYDIS_MNEMONIC_DEC, &Unary<Dec>::select);
  r.add(ZYDIS_MNEMONIC_NEG, &Unary<Neg>::select);
  r.add(ZYDIS_MNEMONIC_NOT, &Unary<Not>::select);
  r.add(ZYDIS_MNEMONIC_MUL, &sel_muldiv<Mul>);
  r.add(ZYDIS_MNEMONIC_IMUL, &sel_imul);
  r.add(ZYDIS_MNEMONIC_DIV, &sel_muldiv<Div>);
  r.add(ZYDIS_MNEMONIC_IDIV, &sel_muldiv<Idiv>);
  r.add(ZYDIS_MNEMONIC_DAA, &sel_h<&h_daa>);
  r.add(ZYDIS_MNEMONIC_DAS, &sel_h<&h_das>);
  r.add(ZYDIS_MNEMONIC_AAA, &sel_h<&h_aaa_aas<true>>);
  r.add(ZYDIS_MNEMONIC_AAS, &sel_h<&h_aaa_aas<false>>);
  r.add(ZYDIS_MNEMONIC_AAM, &sel_aam_aad);
  r.add(ZYDIS_MNEMONIC_AAD, &sel_aam_aad);
}

}  // namespace emu::cpu
