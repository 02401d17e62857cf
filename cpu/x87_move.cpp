// x87 data movement: fld/fild (m32 m64 m80 st(i), m16 m32 m64 int), the
// constants (fld1 fldz fldpi fldl2e fldl2t fldlg2 fldln2), fst/fstp (m32 m64
// m80 st(i)), fist/fistp/fisttp (m16 m32 m64), fxch and fcmovcc.
#include "cpu/family.h"
#include "cpu/x87_common.h"

namespace emu::cpu {
namespace {

#define EMU_SW "\n\tfnstsw %[sw]"

// ---- loads -------------------------------------------------------------------------

// fld m32 / m64: conversion on the host (#IA for an SNaN, #D for a denormal).
template <int Bytes> const Insn* h_fld_m(State& s, const Insn* i) {
  X87Io io(s);
  if constexpr (Bytes == 4) {
    uint32_t v;
    if (!s.read(i, s.ea(i), v)) return nullptr;
    io.mi = v;
    EMU_X87_HOST(io, "fnclex\n\tflds %[mi]" EMU_SW "\n\tfstpt %[r0]");
  } else {
    if (!s.read(i, s.ea(i), io.mi)) return nullptr;
    EMU_X87_HOST(io, "fnclex\n\tfldl %[mi]" EMU_SW "\n\tfstpt %[r0]");
  }
  fpu_merge(s, io.sw, kFswC1);
  fpu_push(s, io.r0);
  return i + 1;
}
// fld m80: exact.
const Insn* h_fld_m80(State& s, const Insn* i) {
  F80Bytes m;
  if (!s.read(i, s.ea(i), m)) return nullptr;
  s.fpu_sw &= static_cast<uint16_t>(~kFswC1);
  fpu_push(s, f80_load(m.b));
  return i + 1;
}
const Insn* h_fld_st(State& s, const Insn* i) {
  long double v = s.st[i->r2];
  s.fpu_sw &= static_cast<uint16_t>(~kFswC1);
  if (st_empty(s, i->r2)) {
    fpu_stack_fault(s, false);
    v = fpu_indefinite();
  }
  fpu_push(s, v);
  return i + 1;
}
bool sel_fld(const Decoded& d, Insn& o) {
  if (d.nvis() != 1) return false;
  if (is_st(d, 0)) {
    o.r2 = st_index(d, 0);
    o.fn = &h_fld_st;
    return true;
  }
  if (!d.is_mem(0)) return false;
  switch (d.bits(0)) {
    case 32: o.fn = &h_fld_m<4>; break;
    case 64: o.fn = &h_fld_m<8>; break;
    case 80: o.fn = &h_fld_m80; break;
    default: return false;
  }
  return set_mem(d, 0, o);
}

// fild m16/m32/m64: exact in the 64-bit significand.
template <class I> const Insn* h_fild(State& s, const Insn* i) {
  I v;
  if (!s.read<I>(i, s.ea(i), v)) return nullptr;
  s.fpu_sw &= static_cast<uint16_t>(~kFswC1);
  fpu_push(s, static_cast<long double>(v));
  return i + 1;
}
bool sel_fild(const Decoded& d, Insn& o) {
  if (d.nvis() != 1 || !d.is_mem(0)) return false;
  switch (d.bits(0)) {
    case 16: o.fn = &h_fild<int16_t>; break;
    case 32: o.fn = &h_fild<int32_t>; break;
    case 64: o.fn = &h_fild<int64_t>; break;
    default: return false;
  }
  return set_mem(d, 0, o);
}

// Constants, rounded by the control word's RC as the hardware does.
enum Const { kOne, kZero, kPi, kL2e, kL2t, kLg2, kLn2 };
template <int K> const Insn* h_fconst(State& s, const Insn* i) {
  X87Io io(s);
  if constexpr (K == kOne) EMU_X87_HOST(io, "fnclex\n\tfld1" EMU_SW "\n\tfstpt %[r0]");
  if constexpr (K == kZero) EMU_X87_HOST(io, "fnclex\n\tfldz" EMU_SW "\n\tfstpt %[r0]");
  if constexpr (K == kPi) EMU_X87_HOST(io, "fnclex\n\tfldpi" EMU_SW "\n\tfstpt %[r0]");
  if constexpr (K == kL2e) EMU_X87_HOST(io, "fnclex\n\tfldl2e" EMU_SW "\n\tfstpt %[r0]");
  if constexpr (K == kL2t) EMU_X87_HOST(io, "fnclex\n\tfldl2t" EMU_SW "\n\tfstpt %[r0]");
  if constexpr (K == kLg2) EMU_X87_HOST(io, "fnclex\n\tfldlg2" EMU_SW "\n\tfstpt %[r0]");
  if constexpr (K == kLn2) EMU_X87_HOST(io, "fnclex\n\tfldln2" EMU_SW "\n\tfstpt %[r0]");
  s.fpu_sw &= static_cast<uint16_t>(~kFswC1);
  fpu_push(s, io.r0);
  return i + 1;
}

// ---- stores ------------------------------------------------------------------------

// fst/fstp m32/m64: rounding by the host (C1 = rounded up). An empty ST(0)
// stores the indefinite.
template <int Bytes, bool Pop> const Insn* h_fst_m(State& s, const Insn* i) {
  const uint64_t a = s.ea(i);
  X87Io io(s);
  bool fault = false;
  if (st_empty(s, 0)) {
    fault = true;
    io.mo = Bytes == 4 ? 0xFFC00000ull : 0xFFF8000000000000ull;
  } else {
    io.a = s.st[0];
    if constexpr (Bytes == 4) EMU_X87_HOST(io, "fldt %[a]\n\tfnclex\n\tfstps %[mo]" EMU_SW);
    else EMU_X87_HOST(io, "fldt %[a]\n\tfnclex\n\tfstpl %[mo]" EMU_SW);
  }
  if constexpr (Bytes == 4) {
    if (!s.write<uint32_t>(i, a, static_cast<uint32_t>(io.mo))) return nullptr;
  } else {
    if (!s.write<uint64_t>(i, a, io.mo)) return nullptr;
  }
  if (fault) fpu_stack_fault(s, false);
  else fpu_merge(s, io.sw, kFswC1);
  if (Pop) fpu_pop(s);
  return i + 1;
}
const Insn* h_fstp_m80(State& s, const Insn* i) {
  F80Bytes m;
  const bool empty = st_empty(s, 0);
  f80_store(m.b, empty ? fpu_indefinite() : s.st[0]);
  if (!s.write(i, s.ea(i), m)) return nullptr;
  if (empty) fpu_stack_fault(s, false);
  else s.fpu_sw &= static_cast<uint16_t>(~kFswC1);
  fpu_pop(s);
  return i + 1;
}
template <bool Pop> const Insn* h_fst_st(State& s, const Insn* i) {
  if (st_empty(s, 0)) {
    fpu_stack_fault(s, false);
    st_set(s, i->r1, fpu_indefinite());
  } else {
    s.fpu_sw &= static_cast<uint16_t>(~kFswC1);
    s.st[i->r1] = s.st[0];
    set_tag(s, i->r1, tag_of(s, 0));
  }
  if (Pop) fpu_pop(s);
  return i + 1;
}
template <bool Pop> bool sel_fst(const Decoded& d, Insn& o) {
  if (d.nvis() != 1) return false;
  if (is_st(d, 0)) {
    o.r1 = st_index(d, 0);
    o.fn = &h_fst_st<Pop>;
    return true;
  }
  if (!d.is_mem(0)) return false;
  switch (d.bits(0)) {
    case 32: o.fn = &h_fst_m<4, Pop>; break;
    case 64: o.fn = &h_fst_m<8, Pop>; break;
    case 80: o.fn = Pop ? &h_fstp_m80 : nullptr; break;
    default: return false;
  }
  return o.fn && set_mem(d, 0, o);
}

// fist/fistp/fisttp m16/m32/m64: conversion by the host (RC, or truncation
// for fisttp); NaN, overflow or an empty ST(0) store the integer indefinite.
enum IntStore { kFist, kFisttp };
template <class I, int K, bool Pop> const Insn* h_fist(State& s, const Insn* i) {
  const uint64_t a = s.ea(i);
  X87Io io(s);
  const bool empty = st_empty(s, 0);
  if (empty) {
    io.mo = uint64_t(1) << (sizeof(I) * 8 - 1);
  } else {
    io.a = s.st[0];
    if constexpr (K == kFist) {
      if constexpr (sizeof(I) == 2) EMU_X87_HOST(io, "fldt %[a]\n\tfnclex\n\tfistps %[mo]" EMU_SW);
      if constexpr (sizeof(I) == 4) EMU_X87_HOST(io, "fldt %[a]\n\tfnclex\n\tfistpl %[mo]" EMU_SW);
      if constexpr (sizeof(I) == 8) EMU_X87_HOST(io, "fldt %[a]\n\tfnclex\n\tfistpll %[mo]" EMU_SW);
    } else {
      if constexpr (sizeof(I) == 2) EMU_X87_HOST(io, "fldt %[a]\n\tfnclex\n\tfisttps %[mo]" EMU_SW);
      if constexpr (sizeof(I) == 4) EMU_X87_HOST(io, "fldt %[a]\n\tfnclex\n\tfisttpl %[mo]" EMU_SW);
      if constexpr (sizeof(I) == 8) EMU_X87_HOST(io, "fldt %[a]\n\tfnclex\n\tfisttpll %[mo]" EMU_SW);
    }
  }
  if (!s.write<I>(i, a, static_cast<I>(io.mo))) return nullptr;
  if (empty) fpu_stack_fault(s, false);
  else fpu_merge(s, io.sw, kFswC1);
  if (Pop) fpu_pop(s);
  return i + 1;
}
template <int K, bool Pop> bool sel_fist(const Decoded& d, Insn& o) {
  if (d.nvis() != 1 || !d.is_mem(0)) return false;
  switch (d.bits(0)) {
    case 16: o.fn = &h_fist<uint16_t, K, Pop>; break;
    case 32: o.fn = &h_fist<uint32_t, K, Pop>; break;
    case 64: o.fn = Pop ? &h_fist<uint64_t, K, Pop> : nullptr; break;
    default: return false;
  }
  return o.fn && set_mem(d, 0, o);
}

// fbld m80 / fbstp m80: packed BCD, converted by the host (fbstp rounds by RC;
// an out-of-range value stores the BCD indefinite and raises #IA).
const Insn* h_fbld(State& s, const Insn* i) {
  F80Bytes m;
  if (!s.read(i, s.ea(i), m)) return nullptr;
  X87Io io(s);
  std::memcpy(&io.a, m.b, 10);
  EMU_X87_HOST(io, "fnclex\n\tfbld %[a]" EMU_SW "\n\tfstpt %[r0]");
  fpu_merge(s, io.sw, kFswC1);
  fpu_push(s, io.r0);
  return i + 1;
}
const Insn* h_fbstp(State& s, const Insn* i) {
  const uint64_t a = s.ea(i);
  X87Io io(s);
  F80Bytes m;
  const bool empty = st_empty(s, 0);
  if (empty) {
    const uint8_t indefinite[10] = {0, 0, 0, 0, 0, 0, 0, 0xC0, 0xFF, 0xFF};
    std::memcpy(m.b, indefinite, 10);
  } else {
    io.a = s.st[0];
    EMU_X87_HOST(io, "fldt %[a]\n\tfnclex\n\tfbstp %[r0]" EMU_SW);
    std::memcpy(m.b, &io.r0, 10);
  }
  if (!s.write(i, a, m)) return nullptr;
  if (empty) fpu_stack_fault(s, false);
  else fpu_merge(s, io.sw, kFswC1);
  fpu_pop(s);
  return i + 1;
}
template <Handler H> bool sel_m80(const Decoded& d, Insn& o) {
  if (d.nvis() != 1 || !d.is_mem(0)) return false;
  o.fn = H;
  return set_mem(d, 0, o);
}

// ---- fxch, fcmovcc ------------------------------------------------------------------

const Insn* h_fxch(State& s, const Insn* i) {
  const int j = i->r2;
  if (st_empty(s, 0) || st_empty(s, j)) {
    fpu_stack_fault(s, false);
    if (st_empty(s, 0)) st_set(s, 0, fpu_indefinite());
    if (st_empty(s, j)) st_set(s, j, fpu_indefinite());
  } else {
    s.fpu_sw &= static_cast<uint16_t>(~kFswC1);
  }
  const long double v = s.st[0];
  const int t = tag_of(s, 0);
  s.st[0] = s.st[j];
  set_tag(s, 0, tag_of(s, j));
  s.st[j] = v;
  set_tag(s, j, t);
  return i + 1;
}
bool sel_fxch(const Decoded& d, Insn& o) {
  o.r2 = 1;
  if (d.nvis() == 1 && is_st(d, 0)) o.r2 = st_index(d, 0);
  else if (d.nvis() == 2 && is_st(d, 1)) o.r2 = st_index(d, 1);
  else if (d.nvis() != 0) return false;
  o.fn = &h_fxch;
  return true;
}

// fcmovcc st0, st(i); CC in jcc encoding order.
template <int CC> const Insn* h_fcmov(State& s, const Insn* i) {
  if (st_empty(s, 0) || st_empty(s, i->r2)) {
    fpu_stack_fault(s, false);
    st_set(s, 0, fpu_indefinite());
    return i + 1;
  }
  if (cond<CC>(s)) {
    s.st[0] = s.st[i->r2];
    set_tag(s, 0, tag_of(s, i->r2));
  }
  return i + 1;
}
template <int CC> bool sel_fcmov(const Decoded& d, Insn& o) {
  if (d.nvis() != 2 || !is_st(d, 0) || !is_st(d, 1) || st_index(d, 0) != 0) return false;
  o.r2 = st_index(d, 1);
  o.fn = &h_fcmov<CC>;
  return true;
}

template <Handler H> bool sel_none(const Decoded& d, Insn& o) {
  if (d.nvis() != 0) return false;
  o.fn = H;
  return true;
}

}  // namespace

void register_x87_move(Registry& r) {
  r.add(ZYDIS_MNEMONIC_FLD, &tracked<&sel_fld>);
  r.add(ZYDIS_MNEMONIC_FILD, &tracked<&sel_fild>);
  r.add(ZYDIS_MNEMONIC_FLD1, &tracked<&sel_none<&h_fconst<kOne>>>);
  r.add(ZYDIS_MNEMONIC_FLDZ, &tracked<&sel_none<&h_fconst<kZero>>>);
  r.add(ZYDIS_MNEMONIC_FLDPI, &tracked<&sel_none<&h_fconst<kPi>>>);
  r.add(ZYDIS_MNEMONIC_FLDL2E, &tracked<&sel_none<&h_fconst<kL2e>>>);
  r.add(ZYDIS_MNEMONIC_FLDL2T, &tracked<&sel_none<&h_fconst<kL2t>>>);
  r.add(ZYDIS_MNEMONIC_FLDLG2, &tracked<&sel_none<&h_fconst<kLg2>>>);
  r.add(ZYDIS_MNEMONIC_FLDLN2, &tracked<&sel_none<&h_fconst<kLn2>>>);
  r.add(ZYDIS_MNEMONIC_FST, &tracked<&sel_fst<false>>);
  r.add(ZYDIS_MNEMONIC_FSTP, &tracked<&sel_fst<true>>);
  r.add(ZYDIS_MNEMONIC_FIST, &tracked<&sel_fist<kFist, false>>);
  r.add(ZYDIS_MNEMONIC_FISTP, &tracked<&sel_fist<kFist, true>>);
  r.add(ZYDIS_MNEMONIC_FISTTP, &tracked<&sel_fist<kFisttp, true>>);
  r.add(ZYDIS_MNEMONIC_FXCH, &tracked<&sel_fxch>);
  r.add(ZYDIS_MNEMONIC_FBLD, &tracked<&sel_m80<&h_fbld>>);
  r.add(ZYDIS_MNEMONIC_FBSTP, &tracked<&sel_m80<&h_fbstp>>);
  r.add(ZYDIS_MNEMONIC_FCMOVB, &tracked<&sel_fcmov<2>>);
  r.add(ZYDIS_MNEMONIC_FCMOVNB, &tracked<&sel_fcmov<3>>);
  r.add(ZYDIS_MNEMONIC_FCMOVE, &tracked<&sel_fcmov<4>>);
  r.add(ZYDIS_MNEMONIC_FCMOVNE, &tracked<&sel_fcmov<5>>);
  r.add(ZYDIS_MNEMONIC_FCMOVBE, &tracked<&sel_fcmov<6>>);
  r.add(ZYDIS_MNEMONIC_FCMOVNBE, &tracked<&sel_fcmov<7>>);
  r.add(ZYDIS_MNEMONIC_FCMOVU, &tracked<&sel_fcmov<10>>);
  r.add(ZYDIS_MNEMONIC_FCMOVNU, &tracked<&sel_fcmov<11>>);
}

}  // namespace emu::cpu
