// Shifts and rotates: shl/sal shr sar rol ror rcl rcr (count 1, imm8, CL)
// and shld/shrd. A masked count of 0 changes neither operand nor flags.
// Flags follow the SDM; where it leaves a flag undefined (OF for counts
// above 1, AF) we produce the same formula the count-1 case uses.
#include "cpu/family.h"
#include "cpu/ops_common.h"

namespace emu::cpu {
namespace {

template <class T> constexpr unsigned kCountMask = sizeof(T) == 8 ? 0x3F : 0x1F;

template <class T> struct Shl {
  static T f(State& s, T a, unsigned c) {
    const uint64_t wide = static_cast<uint64_t>(a);
    const T r = c >= kBits<T> ? T(0) : static_cast<T>(wide << c);
    const bool cf = c <= kBits<T> ? ((wide << (c - 1)) >> (kBits<T> - 1)) & 1 : false;
    flags_res_cf_of(s, r, cf, ((r & kMsb<T>) != 0) ^ cf);
    return r;
  }
};
template <class T> struct Shr {
  static T f(State& s, T a, unsigned c) {
    const T r = c >= kBits<T> ? T(0) : static_cast<T>(a >> c);
    const bool cf = c <= kBits<T> ? (static_cast<uint64_t>(a) >> (c - 1)) & 1 : false;
    flags_res_cf_of(s, r, cf, c == 1 ? (a & kMsb<T>) != 0 : false);
    return r;
  }
};
template <class T> struct Sar {
  static T f(State& s, T a, unsigned c) {
    const int64_t sa = static_cast<int64_t>(static_cast<Signed<T>>(a));
    const unsigned cc = c >= kBits<T> ? kBits<T> - 1 : c;
    const T r = static_cast<T>(sa >> cc);
    const bool cf = (sa >> (c - 1 >= kBits<T> ? kBits<T> - 1 : c - 1)) & 1;
    flags_res_cf_of(s, r, cf, false);
    return r;
  }
};
template <class T> inline T rotl(T a, unsigned c) {
  c &= kBits<T> - 1;
  return c ? static_cast<T>((a << c) | (a >> (kBits<T> - c))) : a;
}
template <class T> struct Rol {
  static T f(State& s, T a, unsigned c) {
    const T r = rotl<T>(a, c % kBits<T>);
    const bool cf = r & 1;
    flags_set_cf_of(s, cf, ((r & kMsb<T>) != 0) ^ cf);
    return r;
  }
};
template <class T> struct Ror {
  static T f(State& s, T a, unsigned c) {
    const T r = rotl<T>(a, (kBits<T> - c % kBits<T>) % kBits<T>);
    const bool msb = (r & kMsb<T>) != 0, msb1 = (r >> (kBits<T> - 2)) & 1;
    flags_set_cf_of(s, msb, msb ^ msb1);
    return r;
  }
};
// Rotate through carry: a (bits+1)-bit rotation of CF:value.
template <class T> struct Rcl {
  static T f(State& s, T a, unsigned c) {
    constexpr unsigned w = kBits<T> + 1;
    const unsigned tc = c % w;
    using U = unsigned __int128;
    const U v = (U(get_cf(s)) << kBits<T>) | U(a);
    const U mask = (U(1) << w) - 1;
    const U rv = tc ? (((v << tc) | (v >> (w - tc))) & mask) : v;
    const T r = static_cast<T>(rv);
    const bool cf = (rv >> kBits<T>) & 1;
    flags_set_cf_of(s, cf, ((r & kMsb<T>) != 0) ^ cf);
    return r;
  }
};
template <class T> struct Rcr {
  static T f(State& s, T a, unsigned c) {
    constexpr unsigned w = kBits<T> + 1;
    const unsigned tc = c % w;
    using U = unsigned __int128;
    const bool old_cf = get_cf(s);
    const U v = (U(old_cf) << kBits<T>) | U(a);
    const U mask = (U(1) << w) - 1;
    const U rv = tc ? (((v >> tc) | (v << (w - tc))) & mask) : v;
    const T r = static_cast<T>(rv);
    const bool cf = (rv >> kBits<T>) & 1;
    // OF (count 1) = MSB(dest) XOR CF before the rotation; for larger counts we use the result's top two bits.
    const bool of = c == 1 ? (((a & kMsb<T>) != 0) ^ old_cf)
                           : (((r & kMsb<T>) != 0) ^ ((r >> (kBits<T> - 2)) & 1));
    flags_set_cf_of(s, cf, of);
    return r;
  }
};

// Mem: operand in memory; Cl: count from CL else Insn::imm.
template <class T, template <class> class Op, bool Mem, bool Cl>
const Insn* h_shift(State& s, const Insn* i) {
  const unsigned c = (Cl ? s.reg<uint8_t>(RCX * 8) : static_cast<unsigned>(i->imm)) & kCountMask<T>;
  if constexpr (Mem) {
    const uint64_t a = s.ea(i);
    T v;
    if (!s.read_rmw<T>(i, a, v)) return nullptr;
    if (c == 0) return i + 1;
    s.write<T>(i, a, Op<T>::f(s, v, c));
  } else {
    if (c == 0) {
      if constexpr (sizeof(T) == 4) s.set_reg<T>(i->r1, s.reg<T>(i->r1));  // still zero-extends
      return i + 1;
    }
    s.set_reg<T>(i->r1, Op<T>::f(s, s.reg<T>(i->r1), c));
  }
  return i + 1;
}

template <template <class> class Op, class T> Handler shift_pick_t(bool mem, bool cl) {
  if (mem) return cl ? &h_shift<T, Op, true, true> : &h_shift<T, Op, true, false>;
  return cl ? &h_shift<T, Op, false, true> : &h_shift<T, Op, false, false>;
}

template <template <class> class Op> bool sel_shift(const Decoded& d, Insn& o) {
  if (d.nvis() < 1 || d.nvis() > 2) return false;
  bool cl = false;
  o.imm = 1;
  if (d.nvis() == 2) {
    if (d.is_imm(1)) o.imm = d.op(1).imm.value.u & 0xFF;
    else if (d.is_reg(1) && d.op(1).reg.value == ZYDIS_REGISTER_CL) cl = true;
    else return false;
  }
  return bind_rm_operand<kSizesAll>(d, 0, d.bits(0), o, [cl](auto t, bool mem) {
    return shift_pick_t<Op, decltype(t)>(mem, cl);
  });
}

// ---- shld / shrd ---------------------------------------------------------------
// For 16-bit operands with a count above 16 the result is undefined; we
// shift through a 64-bit concatenation, which is deterministic.
template <class T, bool Left> T double_shift(State& s, T d, T src, unsigned c) {
  constexpr unsigned n = kBits<T>;
  T r;
  bool cf;
  if constexpr (n == 64) {
    if (Left) {
      r = static_cast<T>((d << c) | (src >> (64 - c)));
      cf = (d >> (64 - c)) & 1;
    } else {
      r = static_cast<T>((d >> c) | (src << (64 - c)));
      cf = (d >> (c - 1)) & 1;
    }
  } else {
    using U = unsigned __int128;
    if (Left) {
      // d:src:src (as real hardware does for 16-bit counts > 16).
      const U v = (U(d) << (2 * n)) | (U(src) << n) | U(src);
      const U sh = v << c;
      r = static_cast<T>(sh >> (2 * n));
      cf = (sh >> (3 * n)) & 1;
    } else {
      const U v = (U(src) << (2 * n)) | (U(src) << n) | U(d);
      r = static_cast<T>(v >> c);
      cf = (v >> (c - 1)) & 1;
    }
  }
  const bool of = ((r ^ d) & kMsb<T>) != 0;
  flags_res_cf_of(s, r, cf, of);
  return r;
}

template <class T, bool Left, bool Mem, bool Cl> const Insn* h_dshift(State& s, const Insn* i) {
  const unsigned c = (Cl ? s.reg<uint8_t>(RCX * 8) : static_cast<unsigned>(i->imm)) & kCountMask<T>;
  const T src = s.reg<T>(i->r2);
  if constexpr (Mem) {
    const uint64_t a = s.ea(i);
    T v;
    if (!s.read_rmw<T>(i, a, v)) return nullptr;
    if (c == 0) return i + 1;
    s.write<T>(i, a, double_shift<T, Left>(s, v, src, c));
  } else {
    if (c == 0) {
      if constexpr (sizeof(T) == 4) s.set_reg<T>(i->r1, s.reg<T>(i->r1));
      return i + 1;
    }
    s.set_reg<T>(i->r1, double_shift<T, Left>(s, s.reg<T>(i->r1), src, c));
  }
  return i + 1;
}

template <class T, bool Left> Handler dshift_pick(bool mem, bool cl) {
  if (mem) return cl ? &h_dshift<T, Left, true, true> : &h_dshift<T, Left, true, false>;
  return cl ? &h_dshift<T, Left, false, true> : &h_dshift<T, Left, false, false>;
}

template <bool Left> bool sel_dshift(const Decoded& d, Insn& o) {
  if (d.nvis() != 3 || !d.is_gpr(1)) return false;
  o.r2 = off_of(d, 1);
  bool cl = false;
  if (d.is_imm(2)) o.imm = d.op(2).imm.value.u & 0xFF;
  else if (d.is_reg(2) && d.op(2).reg.value == ZYDIS_REGISTER_CL) cl = true;
  else return false;
  return bind_rm_operand<kSizes16to64>(d, 0, d.bits(0), o, [cl](auto t, bool mem) {
    return dshift_pick<decltype(t), Left>(mem, cl);
  });
}

}  // namespace

void register_shift(Registry& r) {
  r.add(ZYDIS_MNEMONIC_SHL, &sel_shift<Shl>);
  r.add(ZYDIS_MNEMONIC_SHR, &sel_shift<Shr>);
  r.add(ZYDIS_MNEMONIC_SAR, &sel_shift<Sar>);
  r.add(ZYDIS_MNEMONIC_ROL, &sel_shift<Rol>);
  r.add(ZYDIS_MNEMONIC_ROR, &sel_shift<Ror>);
  r.add(ZYDIS_MNEMONIC_RCL, &sel_shift<Rcl>);
  r.add(ZYDIS_MNEMONIC_RCR, &sel_shift<Rcr>);
  r.add(ZYDIS_MNEMONIC_SHLD, &sel_dshift<true>);
  r.add(ZYDIS_MNEMONIC_SHRD, &sel_dshift<false>);
}

}  // namespace emu::cpu
