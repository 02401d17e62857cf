// Data movement: mov, movzx/movsx/movsxd, lea, xchg, cmpxchg, cmpxchg8b/16b,
// xadd, bswap, cmovcc, setcc, cbw family, cwd family, xlat.
#include "cpu/family.h"
#include "cpu/ops_common.h"

#include <utility>

namespace emu::cpu {
namespace {

// ---- mov ------------------------------------------------------------------

template <class T> const Insn* mov_rr(State& s, const Insn* i) {
  s.set_reg<T>(i->r1, s.reg<T>(i->r2));
  return i + 1;
}
template <class T> const Insn* mov_ri(State& s, const Insn* i) {
  s.set_reg<T>(i->r1, static_cast<T>(i->imm));
  return i + 1;
}
template <class T> const Insn* mov_rm(State& s, const Insn* i) {
  T v;
  if (!s.read<T>(i, s.ea(i), v)) return nullptr;
  s.set_reg<T>(i->r1, v);
  return i + 1;
}
template <class T> const Insn* mov_mr(State& s, const Insn* i) {
  if (!s.write<T>(i, s.ea(i), s.reg<T>(i->r2))) return nullptr;
  return i + 1;
}
template <class T> const Insn* mov_mi(State& s, const Insn* i) {
  if (!s.write<T>(i, s.ea(i), static_cast<T>(i->imm))) return nullptr;
  return i + 1;
}

template <class T> Handler mov_pick(Form f) {
  switch (f) {
    case Form::RR: return &mov_rr<T>;
    case Form::RM: return &mov_rm<T>;
    case Form::MR: return &mov_mr<T>;
    case Form::RI: return &mov_ri<T>;
    case Form::MI: return &mov_mi<T>;
  }
  return nullptr;
}

// Selector values a flat Windows process sees.
uint16_t selector_value(ZydisRegister r, bool x64) {
  switch (r) {
    case ZYDIS_REGISTER_CS: return x64 ? 0x33 : 0x1B;
    case ZYDIS_REGISTER_FS: return x64 ? 0x53 : 0x3B;
    case ZYDIS_REGISTER_GS: return x64 ? 0x2B : 0x00;
    default: return x64 ? 0x2B : 0x23;  // ds, es, ss
  }
}

// mov r/m, sreg: stores the fixed selector (16 bits to memory, zero-extended in a register).
template <class T> const Insn* mov_r_imm_zx(State& s, const Insn* i) {
  s.set_reg<T>(i->r1, static_cast<T>(i->imm));
  return i + 1;
}
// mov sreg, r/m: reads the source (it may fault) and keeps the flat segments.
const Insn* mov_sreg_m(State& s, const Insn* i) {
  uint16_t v;
  if (!s.read<uint16_t>(i, s.ea(i), v)) return nullptr;
  return i + 1;
}
const Insn* nop_h(State&, const Insn* i) { return i + 1; }

bool sel_mov(const Decoded& d, Insn& o) {
  if (d.nvis() != 2) return false;
  Form f;
  if (form_of(d, f)) {
    switch (d.bits(0)) {
      case 8: o.fn = mov_pick<uint8_t>(f); break;
      case 16: o.fn = mov_pick<uint16_t>(f); break;
      case 32: o.fn = mov_pick<uint32_t>(f); break;
      case 64: o.fn = mov_pick<uint64_t>(f); break;
      default: return false;
    }
    return fill_form(d, f, o);
  }
  // Segment registers.
  if (d.is_reg(1) && ZydisRegisterGetClass(d.op(1).reg.value) == ZYDIS_REGCLASS_SEGMENT) {
    o.imm = selector_value(d.op(1).reg.value, d.x64());
    if (d.is_gpr(0)) {
      o.r1 = off_of(d, 0);
      switch (d.bits(0)) {
        case 16: o.fn = &mov_r_imm_zx<uint16_t>; break;
        case 32: o.fn = &mov_r_imm_zx<uint32_t>; break;
        case 64: o.fn = &mov_r_imm_zx<uint64_t>; break;
        default: return false;
      }
      return true;
    }
    if (d.is_mem(0)) {
      o.fn = &mov_mi<uint16_t>;
      return set_mem(d, 0, o);
    }
    return false;
  }
  if (d.is_reg(0) && ZydisRegisterGetClass(d.op(0).reg.value) == ZYDIS_REGCLASS_SEGMENT) {
    const ZydisRegister sr = d.op(0).reg.value;
    if (sr == ZYDIS_REGISTER_CS) return false;  // #UD, Zydis rejects it anyway
    if (d.is_gpr(1)) {
      o.fn = &nop_h;
      return true;
    }
    if (d.is_mem(1)) {
      o.fn = &mov_sreg_m;
      return set_mem(d, 1, o);
    }
  }
  return false;
}

// ---- movzx / movsx / movsxd ---------------------------------------------------

template <class D, class S, bool Sx, bool Mem> const Insn* h_movx(State& s, const Insn* i) {
  S v;
  if (!read_src<S, Mem>(s, i, v)) return nullptr;
  D r = Sx ? static_cast<D>(static_cast<Signed<D>>(static_cast<Signed<S>>(v))) : static_cast<D>(v);
  s.set_reg<D>(i->r1, r);
  return i + 1;
}

template <class D, bool Sx> Handler movx_src(int sbits, bool mem) {
  switch (sbits) {
    case 8: return mem ? &h_movx<D, uint8_t, Sx, true> : &h_movx<D, uint8_t, Sx, false>;
    case 16: return mem ? &h_movx<D, uint16_t, Sx, true> : &h_movx<D, uint16_t, Sx, false>;
    case 32: return mem ? &h_movx<D, uint32_t, Sx, true> : &h_movx<D, uint32_t, Sx, false>;
  }
  return nullptr;
}

template <bool Sx> bool sel_movx(const Decoded& d, Insn& o) {
  if (d.nvis() != 2 || !d.is_gpr(0)) return false;
  o.r1 = off_of(d, 0);
  const Rm rm = bind_rm(d, 1, o, &Insn::r2);
  if (rm == Rm::None) return false;
  const bool mem = rm == Rm::Mem;
  const int sb = d.bits(1);
  switch (d.bits(0)) {
    case 16: o.fn = sb < 16 ? movx_src<uint16_t, Sx>(sb, mem) : (mem ? &h_movx<uint16_t, uint16_t, Sx, true> : &h_movx<uint16_t, uint16_t, Sx, false>); break;
    case 32: o.fn = movx_src<uint32_t, Sx>(sb, mem); break;
    case 64: o.fn = movx_src<uint64_t, Sx>(sb, mem); break;
    default: return false;
  }
  return o.fn != nullptr;
}

// ---- lea ----------------------------------------------------------------------

template <class T> const Insn* h_lea(State& s, const Insn* i) {
  s.set_reg<T>(i->r1, static_cast<T>(s.ea_offset(i)));
  return i + 1;
}
bool sel_lea(const Decoded& d, Insn& o) {
  if (d.nvis() != 2 || !d.is_gpr(0) || d.op(1).type != ZYDIS_OPERAND_TYPE_MEMORY) return false;
  o.r1 = off_of(d, 0);
  if (!set_mem(d, 1, o)) return false;
  switch (d.bits(0)) {
    case 16: o.fn = &h_lea<uint16_t>; break;
    case 32: o.fn = &h_lea<uint32_t>; break;
    case 64: o.fn = &h_lea<uint64_t>; break;
    default: return false;
  }
  return true;
}

// ---- xchg / xadd / cmpxchg ------------------------------------------------------

template <class T> const Insn* xchg_rr(State& s, const Insn* i) {
  const T a = s.reg<T>(i->r1), b = s.reg<T>(i->r2);
  s.set_reg<T>(i->r1, b);
  s.set_reg<T>(i->r2, a);
  return i + 1;
}
template <class T> const Insn* xchg_mr(State& s, const Insn* i) {
  const uint64_t a = s.ea(i);
  T m;
  if (!s.read_rmw<T>(i, a, m)) return nullptr;
  s.write<T>(i, a, s.reg<T>(i->r2));
  s.set_reg<T>(i->r2, m);
  return i + 1;
}

template <class T> const Insn* xadd_rr(State& s, const Insn* i) {
  const T d = s.reg<T>(i->r1), src = s.reg<T>(i->r2);
  const T r = static_cast<T>(d + src);
  flags_add(s, d, src, r);
  s.set_reg<T>(i->r2, d);
  s.set_reg<T>(i->r1, r);
  return i + 1;
}
template <class T> const Insn* xadd_mr(State& s, const Insn* i) {
  const uint64_t a = s.ea(i);
  T d;
  if (!s.read_rmw<T>(i, a, d)) return nullptr;
  const T src = s.reg<T>(i->r2);
  const T r = static_cast<T>(d + src);
  flags_add(s, d, src, r);
  s.write<T>(i, a, r);
  s.set_reg<T>(i->r2, d);
  return i + 1;
}

// Register destination: only the register that receives a value is written
// (no zero-extension of the untouched one in 64-bit mode).
template <class T> const Insn* cmpxchg_rr(State& s, const Insn* i) {
  const T acc = s.reg<T>(RAX * 8), d = s.reg<T>(i->r1);
  flags_sub(s, acc, d, static_cast<T>(acc - d));
  if (acc == d) s.set_reg<T>(i->r1, s.reg<T>(i->r2));
  else s.set_reg<T>(RAX * 8, d);
  return i + 1;
}
// Memory destination: always written (the old value when the compare fails).
template <class T> const Insn* cmpxchg_mr(State& s, const Insn* i) {
  const uint64_t a = s.ea(i);
  T d;
  if (!s.read_rmw<T>(i, a, d)) return nullptr;
  const T acc = s.reg<T>(RAX * 8);
  flags_sub(s, acc, d, static_cast<T>(acc - d));
  if (acc == d) {
    s.write<T>(i, a, s.reg<T>(i->r2));
  } else {
    s.write<T>(i, a, d);
    s.set_reg<T>(RAX * 8, d);
  }
  return i + 1;
}

template <template <class> class RR, template <class> class MR>
bool sel_xform(const Decoded& d, Insn& o) {
  if (d.nvis() != 2) return false;
  Form f;
  if (!form_of(d, f)) return false;
  // xchg r, m is encoded with the memory operand either way.
  if (f == Form::RM) {
    o.r2 = off_of(d, 0);
    if (!set_mem(d, 1, o)) return false;
    f = Form::MR;
  } else if (f == Form::RR || f == Form::MR) {
    if (!fill_form(d, f, o)) return false;
  } else {
    return false;
  }
  const bool m = f == Form::MR;
  switch (d.bits(0)) {
    case 8: o.fn = m ? &MR<uint8_t>::run : &RR<uint8_t>::run; break;
    case 16: o.fn = m ? &MR<uint16_t>::run : &RR<uint16_t>::run; break;
    case 32: o.fn = m ? &MR<uint32_t>::run : &RR<uint32_t>::run; break;
    case 64: o.fn = m ? &MR<uint64_t>::run : &RR<uint64_t>::run; break;
    default: return false;
  }
  return true;
}
template <class T> struct XchgRR { static const Insn* run(State& s, const Insn* i) { return xchg_rr<T>(s, i); } };
template <class T> struct XchgMR { static const Insn* run(State& s, const Insn* i) { return xchg_mr<T>(s, i); } };
template <class T> struct XaddRR { static const Insn* run(State& s, const Insn* i) { return xadd_rr<T>(s, i); } };
template <class T> struct XaddMR { static const Insn* run(State& s, const Insn* i) { return xadd_mr<T>(s, i); } };
template <class T> struct CxRR { static const Insn* run(State& s, const Insn* i) { return cmpxchg_rr<T>(s, i); } };
template <class T> struct CxMR { static const Insn* run(State& s, const Insn* i) { return cmpxchg_mr<T>(s, i); } };

// ZF alone changes (cmpxchg8b/16b).
void set_zf(State& s, bool z) {
  uint32_t f = arith_flags(s);
  set_arith_flags(s, z ? (f | kZF) : (f & ~kZF));
}

const Insn* h_cmpxchg8b(State& s, const Insn* i) {
  const uint64_t a = s.ea(i);
  uint64_t m;
  if (!s.read_rmw<uint64_t>(i, a, m)) return nullptr;
  const uint64_t cmp = (uint64_t(s.reg<uint32_t>(RDX * 8)) << 32) | s.reg<uint32_t>(RAX * 8);
  if (m == cmp) {
    s.write<uint64_t>(i, a, (uint64_t(s.reg<uint32_t>(RCX * 8)) << 32) | s.reg<uint32_t>(RBX * 8));
    set_zf(s, true);
  } else {
    s.write<uint64_t>(i, a, m);
    s.set_reg<uint32_t>(RAX * 8, static_cast<uint32_t>(m));
    s.set_reg<uint32_t>(RDX * 8, static_cast<uint32_t>(m >> 32));
    set_zf(s, false);
  }
  return i + 1;
}

const Insn* h_cmpxchg16b(State& s, const Insn* i) {
  const uint64_t a = s.ea(i);
  if (a & 15) return s.fault(i, FaultKind::GeneralProtection);
  XmmReg m;
  if (!s.read_rmw<XmmReg>(i, a, m)) return nullptr;
  if (m.lo == s.gpr[RAX] && m.hi == s.gpr[RDX]) {
    s.write<XmmReg>(i, a, XmmReg{s.gpr[RBX], s.gpr[RCX]});
    set_zf(s, true);
  } else {
    s.write<XmmReg>(i, a, m);
    s.gpr[RAX] = m.lo;
    s.gpr[RDX] = m.hi;
    set_zf(s, false);
  }
  return i + 1;
}

bool sel_cmpxchg_wide(const Decoded& d, Insn& o) {
  if (d.nvis() != 1 || !d.is_mem(0)) return false;
  o.fn = d.mnemonic() == ZYDIS_MNEMONIC_CMPXCHG16B ? &h_cmpxchg16b : &h_cmpxchg8b;
  return set_mem(d, 0, o);
}

// ---- bswap ------------------------------------------------------------------------

template <class T> const Insn* h_bswap(State& s, const Insn* i) {
  if constexpr (sizeof(T) == 2) {
    s.set_reg<uint16_t>(i->r1, 0);  // 16-bit form: undefined; hardware yields 0
  } else if constexpr (sizeof(T) == 4) {
    s.set_reg<uint32_t>(i->r1, __builtin_bswap32(s.reg<uint32_t>(i->r1)));
  } else {
    s.set_reg<uint64_t>(i->r1, __builtin_bswap64(s.reg<uint64_t>(i->r1)));
  }
  return i + 1;
}
bool sel_bswap(const Decoded& d, Insn& o) {
  if (d.nvis() != 1 || !d.is_gpr(0)) return false;
  o.r1 = off_of(d, 0);
  switch (d.bits(0)) {
    case 16: o.fn = &h_bswap<uint16_t>; break;
    case 32: o.fn = &h_bswap<uint32_t>; break;
    case 64: o.fn = &h_bswap<uint64_t>; break;
    default: return false;
  }
  return true;
}

// ---- cmovcc / setcc ------------------------------------------------------------------

template <class T, int CC, bool Mem> const Insn* h_cmov(State& s, const Insn* i) {
  T v;
  if (!read_src<T, Mem>(s, i, v)) return nullptr;  // the source is read whatever the condition
  if (cond<CC>(s)) s.set_reg<T>(i->r1, v);
  else if constexpr (sizeof(T) == 4) s.set_reg<T>(i->r1, s.reg<T>(i->r1));  // zero-extends
  return i + 1;
}

template <class T, int CC> Handler cmov_pick2(bool mem) { return mem ? &h_cmov<T, CC, true> : &h_cmov<T, CC, false>; }
template <int CC> Handler cmov_pick(int bits, bool mem) {
  switch (bits) {
    case 16: return cmov_pick2<uint16_t, CC>(mem);
    case 32: return cmov_pick2<uint32_t, CC>(mem);
    case 64: return cmov_pick2<uint64_t, CC>(mem);
  }
  return nullptr;
}

template <int CC, bool Mem> const Insn* h_setcc(State& s, const Insn* i) {
  const uint8_t v = cond<CC>(s) ? 1 : 0;
  if constexpr (Mem) {
    if (!s.write<uint8_t>(i, s.ea(i), v)) return nullptr;
  } else {
    s.set_reg<uint8_t>(i->r1, v);
  }
  return i + 1;
}

template <int CC> bool sel_cmov(const Decoded& d, Insn& o) {
  if (d.nvis() != 2 || !d.is_gpr(0)) return false;
  o.r1 = off_of(d, 0);
  const Rm rm = bind_rm(d, 1, o, &Insn::r2);
  if (rm == Rm::None) return false;
  o.fn = cmov_pick<CC>(d.bits(0), rm == Rm::Mem);
  return o.fn != nullptr;
}

template <int CC> bool sel_setcc(const Decoded& d, Insn& o) {
  if (d.nvis() != 1) return false;
  if (d.is_gpr(0)) {
    o.r1 = off_of(d, 0);
    o.fn = &h_setcc<CC, false>;
    return true;
  }
  if (d.is_mem(0)) {
    o.fn = &h_setcc<CC, true>;
    return set_mem(d, 0, o);
  }
  return false;
}

// ---- conversions -----------------------------------------------------------------------

// cbw / cwde / cdqe: accumulator of size D from its lower half.
template <class D> const Insn* h_cbw(State& s, const Insn* i) {
  using H = std::conditional_t<sizeof(D) == 2, uint8_t, std::conditional_t<sizeof(D) == 4, uint16_t, uint32_t>>;
  const H v = s.reg<H>(RAX * 8);
  s.set_reg<D>(RAX * 8, static_cast<D>(static_cast<Signed<D>>(static_cast<Signed<H>>(v))));
  return i + 1;
}
// cwd / cdq / cqo: DX/EDX/RDX = sign of the accumulator.
template <class T> const Insn* h_cwd(State& s, const Insn* i) {
  const T v = s.reg<T>(RAX * 8);
  s.set_reg<T>(RDX * 8, (v & kMsb<T>) ? static_cast<T>(~T(0)) : T(0));
  return i + 1;
}

template <Handler H> bool sel_h(const Decoded&, Insn& o) {
  o.fn = H;
  return true;
}

// ---- xlat ------------------------------------------------------------------------------

const Insn* h_xlat(State& s, const Insn* i) {
  uint64_t a = s.gpr[RBX] + s.reg<uint8_t>(RAX * 8);
  a = ((a & s.amask[i->asz]) + s.segbase[i->seg]) & s.mode_mask;
  uint8_t v;
  if (!s.read<uint8_t>(i, a, v)) return nullptr;
  s.set_reg<uint8_t>(RAX * 8, v);
  return i + 1;
}
bool sel_xlat(const Decoded& d, Insn& o) {
  for (int k = 0; k < d.zi.operand_count; ++k) {
    if (d.ops[k].type == ZYDIS_OPERAND_TYPE_MEMORY) {
      if (!set_mem(d, k, o)) return false;
      o.fn = &h_xlat;
      return true;
    }
  }
  return false;
}

}  // namespace

void register_data(Registry& r) {
  r.add(ZYDIS_MNEMONIC_MOV, &sel_mov);
  r.add(ZYDIS_MNEMONIC_MOVZX, &sel_movx<false>);
  r.add(ZYDIS_MNEMONIC_MOVSX, &sel_movx<true>);
  r.add(ZYDIS_MNEMONIC_MOVSXD, &sel_movx<true>);
  r.add(ZYDIS_MNEMONIC_LEA, &sel_lea);
  r.add(ZYDIS_MNEMONIC_XCHG, &sel_xform<XchgRR, XchgMR>);
  r.add(ZYDIS_MNEMONIC_XADD, &sel_xform<XaddRR, XaddMR>);
  r.add(ZYDIS_MNEMONIC_CMPXCHG, &sel_xform<CxRR, CxMR>);
  r.add(ZYDIS_MNEMONIC_CMPXCHG8B, &sel_cmpxchg_wide);
  r.add(ZYDIS_MNEMONIC_CMPXCHG16B, &sel_cmpxchg_wide);
  r.add(ZYDIS_MNEMONIC_BSWAP, &sel_bswap);
  r.add(ZYDIS_MNEMONIC_CBW, &sel_h<&h_cbw<uint16_t>>);
  r.add(ZYDIS_MNEMONIC_CWDE, &sel_h<&h_cbw<uint32_t>>);
  r.add(ZYDIS_MNEMONIC_CDQE, &sel_h<&h_cbw<uint64_t>>);
  r.add(ZYDIS_MNEMONIC_CWD, &sel_h<&h_cwd<uint16_t>>);
  r.add(ZYDIS_MNEMONIC_CDQ, &sel_h<&h_cwd<uint32_t>>);
  r.add(ZYDIS_MNEMONIC_CQO, &sel_h<&h_cwd<uint64_t>>);
  r.add(ZYDIS_MNEMONIC_XLAT, &sel_xlat);

  static constexpr ZydisMnemonic kCmov[16] = {
      ZYDIS_MNEMONIC_CMOVO, ZYDIS_MNEMONIC_CMOVNO, ZYDIS_MNEMONIC_CMOVB, ZYDIS_MNEMONIC_CMOVNB,
      ZYDIS_MNEMONIC_CMOVZ, ZYDIS_MNEMONIC_CMOVNZ, ZYDIS_MNEMONIC_CMOVBE, ZYDIS_MNEMONIC_CMOVNBE,
      ZYDIS_MNEMONIC_CMOVS, ZYDIS_MNEMONIC_CMOVNS, ZYDIS_MNEMONIC_CMOVP, ZYDIS_MNEMONIC_CMOVNP,
      ZYDIS_MNEMONIC_CMOVL, ZYDIS_MNEMONIC_CMOVNL, ZYDIS_MNEMONIC_CMOVLE, ZYDIS_MNEMONIC_CMOVNLE};
  static constexpr ZydisMnemonic kSet[16] = {
      ZYDIS_MNEMONIC_SETO, ZYDIS_MNEMONIC_SETNO, ZYDIS_MNEMONIC_SETB, ZYDIS_MNEMONIC_SETNB,
      ZYDIS_MNEMONIC_SETZ, ZYDIS_MNEMONIC_SETNZ, ZYDIS_MNEMONIC_SETBE, ZYDIS_MNEMONIC_SETNBE,
      ZYDIS_MNEMONIC_SETS, ZYDIS_MNEMONIC_SETNS, ZYDIS_MNEMONIC_SETP, ZYDIS_MNEMONIC_SETNP,
      ZYDIS_MNEMONIC_SETL, ZYDIS_MNEMONIC_SETNL, ZYDIS_MNEMONIC_SETLE, ZYDIS_MNEMONIC_SETNLE};
  [&]<int... CC>(std::integer_sequence<int, CC...>) {
    (r.add(kCmov[CC], &sel_cmov<CC>), ...);
    (r.add(kSet[CC], &sel_setcc<CC>), ...);
  }(std::make_integer_sequence<int, 16>{});
}

}  // namespace emu::cpu
