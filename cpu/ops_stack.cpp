// Stack: push/pop of registers, memory, immediates and segment registers,
// pusha/popa, pushf/popf, enter/leave. A is the stack-pointer type of the
// mode (uint32_t / uint64_t), T the pushed word.
#include "cpu/family.h"
#include "cpu/ops_common.h"

namespace emu::cpu {
namespace {

template <class A, class T> const Insn* push_r(State& s, const Insn* i) {
  if (!s.push<A, T>(i, s.reg<T>(i->r1))) return nullptr;
  return i + 1;
}
template <class A, class T> const Insn* push_i(State& s, const Insn* i) {
  if (!s.push<A, T>(i, static_cast<T>(i->imm))) return nullptr;
  return i + 1;
}
template <class A, class T> const Insn* push_m(State& s, const Insn* i) {
  T v;
  if (!s.read<T>(i, s.ea(i), v)) return nullptr;
  if (!s.push<A, T>(i, v)) return nullptr;
  return i + 1;
}
template <class A, class T> const Insn* pop_r(State& s, const Insn* i) {
  T v;
  if (!s.pop<A, T>(i, v)) return nullptr;
  s.set_reg<T>(i->r1, v);  // after the pointer update: `pop esp` loads the popped value
  return i + 1;
}
// pop m: the address is computed after the stack pointer moves (matters for [esp+x]).
template <class A, class T> const Insn* pop_m(State& s, const Insn* i) {
  const A sp = s.reg<A>(RSP * 8);
  T v;
  if (!s.read<T>(i, sp, v)) return nullptr;
  s.set_reg<A>(RSP * 8, static_cast<A>(sp + sizeof(T)));
  if (!s.write<T>(i, s.ea(i), v)) {
    s.set_reg<A>(RSP * 8, sp);
    return nullptr;
  }
  return i + 1;
}
// pop sreg: discards the value (flat segments).
template <class A, class T> const Insn* pop_discard(State& s, const Insn* i) {
  T v;
  if (!s.pop<A, T>(i, v)) return nullptr;
  return i + 1;
}

template <class A> bool sel_push_a(const Decoded& d, Insn& o) {
  const int bits = d.opsize();
  auto pick = [&](auto r16, auto r32, auto r64) -> Handler {
    switch (bits) {
      case 16: return r16;
      case 32: return r32;
      case 64: return r64;
    }
    return nullptr;
  };
  if (d.is_gpr(0) || d.is_mem(0)) {
    return bind_rm_operand<kSizes16to64>(d, 0, bits, o, [](auto t, bool mem) -> Handler {
      using T = decltype(t);
      return mem ? &push_m<A, T> : &push_r<A, T>;
    });
  }
  if (d.is_imm(0)) {
    o.imm = imm_value(d, 0);
    o.fn = pick(&push_i<A, uint16_t>, &push_i<A, uint32_t>, &push_i<A, uint64_t>);
  } else if (d.is_reg(0) && ZydisRegisterGetClass(d.op(0).reg.value) == ZYDIS_REGCLASS_SEGMENT) {
    const ZydisRegister r = d.op(0).reg.value;
    const bool x64 = d.x64();
    o.imm = r == ZYDIS_REGISTER_CS ? (x64 ? 0x33 : 0x1B)
          : r == ZYDIS_REGISTER_FS ? (x64 ? 0x53 : 0x3B)
          : r == ZYDIS_REGISTER_GS ? (x64 ? 0x2B : 0x00) : (x64 ? 0x2B : 0x23);
    o.fn = pick(&push_i<A, uint16_t>, &push_i<A, uint32_t>, &push_i<A, uint64_t>);
  } else {
    return false;
  }
  return o.fn != nullptr;
}
bool sel_push(const Decoded& d, Insn& o) {
  if (d.nvis() != 1) return false;
  return d.x64() ? sel_push_a<uint64_t>(d, o) : sel_push_a<uint32_t>(d, o);
}

template <class A> bool sel_pop_a(const Decoded& d, Insn& o) {
  const int bits = d.opsize();
  auto pick = [&](auto r16, auto r32, auto r64) -> Handler {
    switch (bits) {
      case 16: return r16;
      case 32: return r32;
      case 64: return r64;
    }
    return nullptr;
  };
  if (d.is_gpr(0) || d.is_mem(0)) {
    return bind_rm_operand<kSizes16to64>(d, 0, bits, o, [](auto t, bool mem) -> Handler {
      using T = decltype(t);
      return mem ? &pop_m<A, T> : &pop_r<A, T>;
    });
  }
  if (d.is_reg(0) && ZydisRegisterGetClass(d.op(0).reg.value) == ZYDIS_REGCLASS_SEGMENT) {
    o.fn = pick(&pop_discard<A, uint16_t>, &pop_discard<A, uint32_t>, &pop_discard<A, uint64_t>);
  } else {
    return false;
  }
  return o.fn != nullptr;
}
bool sel_pop(const Decoded& d, Insn& o) {
  if (d.nvis() != 1) return false;
  return d.x64() ? sel_pop_a<uint64_t>(d, o) : sel_pop_a<uint32_t>(d, o);
}

// pusha/pushad and popa/popad (32-bit mode only).
template <class T> const Insn* h_pusha(State& s, const Insn* i) {
  const uint32_t sp = static_cast<uint32_t>(s.gpr[RSP]);
  const uint32_t base = sp - 8 * sizeof(T);
  if (!s.probe(i, base, 8 * sizeof(T), Access::Write)) return nullptr;
  // Memory order from high to low: eax ecx edx ebx esp(original) ebp esi edi.
  for (int r = 0; r < 8; ++r) {
    const T v = r == RSP ? static_cast<T>(sp) : s.reg<T>(r * 8);
    s.write<T>(i, (sp - (r + 1) * sizeof(T)) & 0xFFFFFFFFu, v);
  }
  s.set_reg<uint32_t>(RSP * 8, base);
  return i + 1;
}
template <class T> const Insn* h_popa(State& s, const Insn* i) {
  const uint32_t sp = static_cast<uint32_t>(s.gpr[RSP]);
  T v[8];
  for (int k = 0; k < 8; ++k)
    if (!s.read<T>(i, (sp + k * sizeof(T)) & 0xFFFFFFFFu, v[k])) return nullptr;
  // v[0] = edi ... v[7] = eax; the saved esp (v[3]) is skipped.
  for (int k = 0; k < 8; ++k) {
    const int r = 7 - k;
    if (r != RSP) s.set_reg<T>(r * 8, v[k]);
  }
  s.set_reg<uint32_t>(RSP * 8, sp + 8 * sizeof(T));
  return i + 1;
}

// pushf: RF and VM read as 0.
template <class A, class T> const Insn* h_pushf(State& s, const Insn* i) {
  const uint32_t f = get_eflags(s) & ~((1u << 16) | (1u << 17));
  if (!s.push<A, T>(i, static_cast<T>(f))) return nullptr;
  return i + 1;
}
// popf at CPL 3 with IOPL 0: IF and IOPL keep their values.
template <class A, class T> const Insn* h_popf(State& s, const Insn* i) {
  T v;
  if (!s.pop<A, T>(i, v)) return nullptr;
  constexpr uint32_t kUserBits = kCF | kPF | kAF | kZF | kSF | kTF | kDF | kOF | (1u << 14) |
                                 (1u << 18) | (1u << 21);
  uint32_t mask = kUserBits;
  if constexpr (sizeof(T) == 2) mask &= 0xFFFF;
  const uint32_t old = get_eflags(s);
  put_eflags(s, (old & ~mask) | (static_cast<uint32_t>(v) & mask));
  if (s.eflags & kTF) s.attention = true;  // single-stepping starts after this block
  return i + 1;
}

template <template <class, class> class H> bool sel_flagsop(const Decoded& d, Insn& o) {
  switch (d.opsize()) {
    case 16: o.fn = d.x64() ? &H<uint64_t, uint16_t>::run : &H<uint32_t, uint16_t>::run; break;
    case 32: o.fn = &H<uint32_t, uint32_t>::run; break;
    case 64: o.fn = &H<uint64_t, uint64_t>::run; break;
    default: return false;
  }
  return true;
}
template <class A, class T> struct Pushf { static const Insn* run(State& s, const Insn* i) { return h_pushf<A, T>(s, i); } };
template <class A, class T> struct Popf { static const Insn* run(State& s, const Insn* i) { return h_popf<A, T>(s, i); } };

// enter imm16, imm8.
template <class A, class T> const Insn* h_enter(State& s, const Insn* i) {
  const uint64_t alloc = i->imm & 0xFFFF;
  const unsigned level = static_cast<unsigned>(i->disp) & 31;
  const A sp0 = s.reg<A>(RSP * 8);
  // Probe the whole frame-pointer area first so a fault changes nothing.
  const A lowest = static_cast<A>(sp0 - (level + 1) * sizeof(T));
  if (!s.probe(i, lowest, (level + 1) * sizeof(T), Access::Write)) return nullptr;
  s.push<A, T>(i, s.reg<T>(RBP * 8));
  const T frame = static_cast<T>(s.reg<A>(RSP * 8));
  if (level > 0) {
    A bp = s.reg<A>(RBP * 8);
    for (unsigned k = 1; k < level; ++k) {
      bp = static_cast<A>(bp - sizeof(T));
      T v;
      if (!s.read<T>(i, bp, v)) {
        s.set_reg<A>(RSP * 8, sp0);
        return nullptr;
      }
      s.push<A, T>(i, v);
    }
    s.push<A, T>(i, frame);
  }
  s.set_reg<T>(RBP * 8, frame);
  s.set_reg<A>(RSP * 8, static_cast<A>(s.reg<A>(RSP * 8) - alloc));
  return i + 1;
}
bool sel_enter(const Decoded& d, Insn& o) {
  if (d.nvis() != 2 || !d.is_imm(0) || !d.is_imm(1)) return false;
  o.imm = d.op(0).imm.value.u;
  o.disp = static_cast<int64_t>(d.op(1).imm.value.u & 0xFF);
  switch (d.opsize()) {
    case 16: o.fn = d.x64() ? &h_enter<uint64_t, uint16_t> : &h_enter<uint32_t, uint16_t>; break;
    case 32: o.fn = &h_enter<uint32_t, uint32_t>; break;
    case 64: o.fn = &h_enter<uint64_t, uint64_t>; break;
    default: return false;
  }
  return true;
}

// leave: rsp = rbp; pop rbp.
template <class A, class T> const Insn* h_leave(State& s, const Insn* i) {
  const A bp = s.reg<A>(RBP * 8);
  T v;
  if (!s.read<T>(i, bp, v)) return nullptr;
  s.set_reg<A>(RSP * 8, static_cast<A>(bp + sizeof(T)));
  s.set_reg<T>(RBP * 8, v);
  return i + 1;
}
template <class A, class T> struct Leave { static const Insn* run(State& s, const Insn* i) { return h_leave<A, T>(s, i); } };

bool sel_pusha(const Decoded& d, Insn& o) {
  if (d.x64()) return false;
  o.fn = d.opsize() == 16 ? &h_pusha<uint16_t> : &h_pusha<uint32_t>;
  return true;
}
bool sel_popa(const Decoded& d, Insn& o) {
  if (d.x64()) return false;
  o.fn = d.opsize() == 16 ? &h_popa<uint16_t> : &h_popa<uint32_t>;
  return true;
}

}  // namespace

void register_stack(Registry& r) {
  r.add(ZYDIS_MNEMONIC_PUSH, &sel_push);
  r.add(ZYDIS_MNEMONIC_POP, &sel_pop);
  r.add(ZYDIS_MNEMONIC_PUSHA, &sel_pusha);
  r.add(ZYDIS_MNEMONIC_PUSHAD, &sel_pusha);
  r.add(ZYDIS_MNEMONIC_POPA, &sel_popa);
  r.add(ZYDIS_MNEMONIC_POPAD, &sel_popa);
  r.add(ZYDIS_MNEMONIC_PUSHF, &sel_flagsop<Pushf>);
  r.add(ZYDIS_MNEMONIC_PUSHFD, &sel_flagsop<Pushf>);
  r.add(ZYDIS_MNEMONIC_PUSHFQ, &sel_flagsop<Pushf>);
  r.add(ZYDIS_MNEMONIC_POPF, &sel_flagsop<Popf>);
  r.add(ZYDIS_MNEMONIC_POPFD, &sel_flagsop<Popf>);
  r.add(ZYDIS_MNEMONIC_POPFQ, &sel_flagsop<Popf>);
  r.add(ZYDIS_MNEMONIC_ENTER, &sel_enter);
  r.add(ZYDIS_MNEMONIC_LEAVE, &sel_flagsop<Leave>);
}

}  // namespace emu::cpu
