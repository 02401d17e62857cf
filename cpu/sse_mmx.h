// MMX register forms of the SSE integer operations.
//
// MMX register k is the 64-bit significand of physical x87 register k.
// Every MMX instruction (except emms) sets TOP to 0 and tags all registers
// valid, so that afterwards physical register k is State::st[k]; a write
// sets the register's sign/exponent bits to all ones (SDM vol. 1, 9.5).
//
// The XMM operation structs (cpu/sse_common.h) serve the MMX forms through
// two adapters: lane-wise operations run on {a, 0} and {b, 0} and keep the
// low half; operations that pair up elements of both operands (packs,
// horizontal adds) run on {a, b} so that the low half of the 128-bit result
// is the 64-bit result.
#pragma once

#include "cpu/sse_common.h"
#include "cpu/x87_common.h"

namespace emu::cpu {

inline int mm_index(ZydisRegister r) {
  return (r >= ZYDIS_REGISTER_MM0 && r <= ZYDIS_REGISTER_MM7) ? r - ZYDIS_REGISTER_MM0 : -1;
}
inline bool is_mm(const Decoded& d, int k) { return d.is_reg(k) && mm_index(d.op(k).reg.value) >= 0; }
inline uint8_t mreg(const Decoded& d, int k) { return static_cast<uint8_t>(mm_index(d.op(k).reg.value)); }

inline void mmx_enter(State& s) {
  while (fpu_top(s) != 0) st_rotate_pop(s);
  s.fpu_tw = 0;
}
inline uint64_t mm_get(const State& s, int k) {
  uint64_t v;
  std::memcpy(&v, &s.st[k], 8);
  return v;
}
// MMX register k before mmx_enter (physical register k is ST((k - TOP) & 7)),
// for stores that must not change state when they fault.
inline uint64_t mm_peek(const State& s, int k) { return mm_get(s, (k - fpu_top(s)) & 7); }
inline void mm_set(State& s, int k, uint64_t v) {
  uint8_t* p = reinterpret_cast<uint8_t*>(&s.st[k]);
  std::memcpy(p, &v, 8);
  p[8] = 0xFF;
  p[9] = 0xFF;
}

enum class MmxKind { Lane, Pair };

template <class Op, MmxKind K> inline uint64_t mmx_apply(State& s, uint64_t a, uint64_t b, const Insn* i) {
  if constexpr (K == MmxKind::Lane) {
    XmmReg d{a, 0}, src{b, 0};
    Op::f(s, d, src, i);
    return d.lo;
  } else {
    XmmReg d{a, b}, src{0, 0};
    Op::f(s, d, src, i);
    return d.lo;
  }
}

template <class Op, MmxKind K> const Insn* h_mmx_rr(State& s, const Insn* i) {
  mmx_enter(s);
  mm_set(s, i->r1, mmx_apply<Op, K>(s, mm_get(s, i->r1), mm_get(s, i->r2), i));
  return i + 1;
}
template <class Op, MmxKind K> const Insn* h_mmx_rm(State& s, const Insn* i) {
  uint64_t b;
  if (!s.read(i, s.ea(i), b)) return nullptr;
  mmx_enter(s);
  mm_set(s, i->r1, mmx_apply<Op, K>(s, mm_get(s, i->r1), b, i));
  return i + 1;
}
// `op mm, mm/m64 [, imm8]`.
template <class Op, MmxKind K = MmxKind::Lane, bool Imm = false> bool sel_mmx(const Decoded& d, Insn& o) {
  if (d.nvis() != (Imm ? 3 : 2) || !is_mm(d, 0)) return false;
  if (Imm) {
    if (!d.is_imm(2)) return false;
    o.aux = static_cast<uint8_t>(imm_value(d, 2));
  }
  o.r1 = mreg(d, 0);
  if (is_mm(d, 1)) {
    o.r2 = mreg(d, 1);
    o.fn = &h_mmx_rr<Op, K>;
    return true;
  }
  if (d.is_mem(1)) {
    o.fn = &h_mmx_rm<Op, K>;
    return set_mem(d, 1, o);
  }
  return false;
}

void register_sse_mmx(Registry& r);  // sse_mmx.cpp: MMX-only forms (moves, emms, pshufw, ...)

}  // namespace emu::cpu
