// Control transfer: jmp, jcc, call, ret, loop/loopcc, jcxz/jecxz/jrcxz.
// Direct targets are resolved at decode time into Insn::imm; Insn::disp
// holds the fall-through address of conditional branches.
#include <utility>

#include "cpu/family.h"
#include "cpu/ops_common.h"

namespace emu::cpu {
namespace {

uint64_t target_of(const Decoded& d, int k) {
  ZyanU64 t = 0;
  if (!ZYAN_SUCCESS(ZydisCalcAbsoluteAddress(&d.zi, &d.op(k), d.pc, &t))) t = d.next_pc() + imm_value(d, k);
  if (d.opsize() == 16) t &= 0xFFFF;
  return d.x64() ? t : (t & 0xFFFFFFFFull);
}

const Insn* h_jmp_rel(State& s, const Insn* i) { return s.jump(i, i->imm); }

template <int CC> const Insn* h_jcc(State& s, const Insn* i) {
  return s.jump(i, cond<CC>(s) ? i->imm : static_cast<uint64_t>(i->disp));
}

// Indirect jmp/call through a register or memory of operand size T.
template <class T, bool Mem> bool read_target(State& s, const Insn* i, uint64_t& t) {
  T v;
  if (!read_src<T, Mem>(s, i, v)) return false;
  t = v;
  return true;
}
template <class T, bool Mem> const Insn* h_jmp_ind(State& s, const Insn* i) {
  uint64_t t;
  if (!read_target<T, Mem>(s, i, t)) return nullptr;
  return s.jump(i, t);
}

// Stack-pointer type A, pushed word T.
template <class A, class T> const Insn* h_call_rel(State& s, const Insn* i) {
  if (!s.push<A, T>(i, static_cast<T>(s.next_pc(i)))) return nullptr;
  return s.jump(i, i->imm);
}
template <class A, class T, bool Mem> const Insn* h_call_ind(State& s, const Insn* i) {
  uint64_t t;
  if (!read_target<T, Mem>(s, i, t)) return nullptr;
  if (!s.push<A, T>(i, static_cast<T>(s.next_pc(i)))) return nullptr;
  return s.jump(i, t);
}
template <class A, class T> const Insn* h_ret(State& s, const Insn* i) {
  T t;
  if (!s.pop<A, T>(i, t)) return nullptr;
  if (i->imm) s.set_reg<A>(RSP * 8, static_cast<A>(s.reg<A>(RSP * 8) + i->imm));
  return s.jump(i, t);
}

// loop family: the counter is CX/ECX/RCX by address size A; flags untouched.
// Kind: 0 loop, 1 loope, 2 loopne, 3 jcxz.
template <class A, int Kind> const Insn* h_loop(State& s, const Insn* i) {
  A c = s.reg<A>(RCX * 8);
  bool take;
  if constexpr (Kind == 3) {
    take = c == 0;
  } else {
    c = static_cast<A>(c - 1);
    s.set_reg<A>(RCX * 8, c);
    take = c != 0;
    if constexpr (Kind == 1) take = take && get_zf(s);
    if constexpr (Kind == 2) take = take && !get_zf(s);
  }
  return s.jump(i, take ? i->imm : static_cast<uint64_t>(i->disp));
}

template <int CC> bool sel_jcc(const Decoded& d, Insn& o) {
  if (d.nvis() < 1 || !d.is_imm(0)) return false;
  o.imm = target_of(d, 0);
  o.disp = static_cast<int64_t>(d.next_pc());
  o.fn = &h_jcc<CC>;
  return true;
}

template <int Kind> bool sel_loop(const Decoded& d, Insn& o) {
  if (d.nvis() < 1 || !d.is_imm(0)) return false;
  o.imm = target_of(d, 0);
  o.disp = static_cast<int64_t>(d.next_pc());
  switch (d.addrsize()) {
    case 16: o.fn = &h_loop<uint16_t, Kind>; break;
    case 32: o.fn = &h_loop<uint32_t, Kind>; break;
    case 64: o.fn = &h_loop<uint64_t, Kind>; break;
    default: return false;
  }
  return true;
}

template <class T> Handler jmp_ind_pick(bool mem) { return mem ? &h_jmp_ind<T, true> : &h_jmp_ind<T, false>; }

// Far transfers (ptr16:32, m16:16/32/64) change CS: not part of the flat
// model, so they stay unimplemented. The m16:16 form has the same operand
// width as a near m32 jump, so the branch type must be checked, not the size.
bool is_far(const Decoded& d) { return d.zi.meta.branch_type == ZYDIS_BRANCH_TYPE_FAR; }

bool sel_jmp(const Decoded& d, Insn& o) {
  if (d.nvis() != 1 || is_far(d)) return false;
  if (d.is_imm(0)) {
    o.imm = target_of(d, 0);
    o.fn = &h_jmp_rel;
    return true;
  }
  // Far forms: a pointer operand does not bind; m16:32 / m16:64 (48, 80
  // bits) have no handler size.
  return bind_rm_operand<kSizes16to64>(d, 0, d.bits(0), o, [](auto t, bool mem) {
    return jmp_ind_pick<decltype(t)>(mem);
  }, &Insn::r2);
}

template <class A> Handler call_pick(int bits, bool rel, bool mem) {
  switch (bits) {
    case 16: return rel ? &h_call_rel<A, uint16_t> : mem ? &h_call_ind<A, uint16_t, true> : &h_call_ind<A, uint16_t, false>;
    case 32: return rel ? &h_call_rel<A, uint32_t> : mem ? &h_call_ind<A, uint32_t, true> : &h_call_ind<A, uint32_t, false>;
    case 64: return rel ? &h_call_rel<A, uint64_t> : mem ? &h_call_ind<A, uint64_t, true> : &h_call_ind<A, uint64_t, false>;
  }
  return nullptr;
}

bool sel_call(const Decoded& d, Insn& o) {
  if (d.nvis() != 1 || is_far(d)) return false;
  bool rel = false, mem = false;
  if (d.is_imm(0)) {
    o.imm = target_of(d, 0);
    rel = true;
  } else if (d.is_gpr(0) || d.is_mem(0)) {
    const Rm rm = bind_rm(d, 0, o, &Insn::r2);
    if (rm == Rm::None) return false;
    mem = rm == Rm::Mem;
  } else {
    return false;  // far forms
  }
  const int bits = rel ? d.opsize() : d.bits(0);
  o.fn = d.x64() ? call_pick<uint64_t>(bits, rel, mem) : call_pick<uint32_t>(bits, rel, mem);
  return o.fn != nullptr;
}

bool sel_ret(const Decoded& d, Insn& o) {
  o.imm = 0;
  if (d.nvis() == 1 && d.is_imm(0)) o.imm = d.op(0).imm.value.u & 0xFFFF;
  else if (d.nvis() != 0) return false;
  switch (d.opsize()) {
    case 16: o.fn = d.x64() ? &h_ret<uint64_t, uint16_t> : &h_ret<uint32_t, uint16_t>; break;
    case 32: o.fn = &h_ret<uint32_t, uint32_t>; break;
    case 64: o.fn = &h_ret<uint64_t, uint64_t>; break;
    default: return false;
  }
  return true;
}

}  // namespace

void register_control(Registry& r) {
  static constexpr ZydisMnemonic kJcc[16] = {
      ZYDIS_MNEMONIC_JO, ZYDIS_MNEMONIC_JNO, ZYDIS_MNEMONIC_JB, ZYDIS_MNEMONIC_JNB,
      ZYDIS_MNEMONIC_JZ, ZYDIS_MNEMONIC_JNZ, ZYDIS_MNEMONIC_JBE, ZYDIS_MNEMONIC_JNBE,
      ZYDIS_MNEMONIC_JS, ZYDIS_MNEMONIC_JNS, ZYDIS_MNEMONIC_JP, ZYDIS_MNEMONIC_JNP,
      ZYDIS_MNEMONIC_JL, ZYDIS_MNEMONIC_JNL, ZYDIS_MNEMONIC_JLE, ZYDIS_MNEMONIC_JNLE};
  [&]<int... CC>(std::integer_sequence<int, CC...>) {
    (r.add(kJcc[CC], &sel_jcc<CC>), ...);
  }(std::make_integer_sequence<int, 16>{});
  r.add(ZYDIS_MNEMONIC_JMP, &sel_jmp);
  r.add(ZYDIS_MNEMONIC_CALL, &sel_call);
  r.add(ZYDIS_MNEMONIC_RET, &sel_ret);
  r.add(ZYDIS_MNEMONIC_LOOP, &sel_loop<0>);
  r.add(ZYDIS_MNEMONIC_LOOPE, &sel_loop<1>);
  r.add(ZYDIS_MNEMONIC_LOOPNE, &sel_loop<2>);
  r.add(ZYDIS_MNEMONIC_JCXZ, &sel_loop<3>);
  r.add(ZYDIS_MNEMONIC_JECXZ, &sel_loop<3>);
  r.add(ZYDIS_MNEMONIC_JRCXZ, &sel_loop<3>);
}

}  // namespace emu::cpu
