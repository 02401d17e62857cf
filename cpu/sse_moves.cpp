// Basic 128-bit SSE moves and the zeroing idioms (movdqa/movdqu/movaps/
// movups/movapd/movupd, pxor/xorps/xorpd). The SSE family (register_sse)
// registers after this file and may replace any of these selectors.
#include "cpu/decoder.h"
#include "cpu/family.h"
#include "cpu/state.h"

namespace emu::cpu {
namespace {

// Aligned forms raise #GP on a misaligned memory operand.
template <bool Aligned>
const Insn* h_mov_x_m(State& s, const Insn* i) {
  const uint64_t a = s.ea(i);
  if (Aligned && (a & 15)) return s.fault(i, FaultKind::GeneralProtection);
  XmmReg v;
  if (!s.read(i, a, v)) return nullptr;
  s.xmm[i->r1] = v;
  return i + 1;
}

template <bool Aligned>
const Insn* h_mov_m_x(State& s, const Insn* i) {
  const uint64_t a = s.ea(i);
  if (Aligned && (a & 15)) return s.fault(i, FaultKind::GeneralProtection);
  if (!s.write(i, a, s.xmm[i->r2])) return nullptr;
  return i + 1;
}

const Insn* h_mov_x_x(State& s, const Insn* i) {
  s.xmm[i->r1] = s.xmm[i->r2];
  return i + 1;
}

template <bool Aligned>
bool sel_mov128(const Decoded& d, Insn& o) {
  if (d.nvis() != 2) return false;
  if (d.is_xmm(0) && d.is_xmm(1)) {
    o.r1 = static_cast<uint8_t>(xmm_index(d.op(0).reg.value));
    o.r2 = static_cast<uint8_t>(xmm_index(d.op(1).reg.value));
    o.fn = &h_mov_x_x;
    return true;
  }
  if (d.is_xmm(0) && d.is_mem(1)) {
    o.r1 = static_cast<uint8_t>(xmm_index(d.op(0).reg.value));
    o.fn = &h_mov_x_m<Aligned>;
    return set_mem(d, 1, o);
  }
  if (d.is_mem(0) && d.is_xmm(1)) {
    o.r2 = static_cast<uint8_t>(xmm_index(d.op(1).reg.value));
    o.fn = &h_mov_m_x<Aligned>;
    return set_mem(d, 0, o);
  }
  return false;
}

// xor of 128 bits: the zeroing idiom `pxor x, x` and general use.
const Insn* h_xor_x_x(State& s, const Insn* i) {
  s.xmm[i->r1].lo ^= s.xmm[i->r2].lo;
  s.xmm[i->r1].hi ^= s.xmm[i->r2].hi;
  return i + 1;
}
// SSE memory operands of packed ops must be 16-byte aligned.
const Insn* h_xor_x_m(State& s, const Insn* i) {
  const uint64_t a = s.ea(i);
  if (a & 15) return s.fault(i, FaultKind::GeneralProtection);
  XmmReg v;
  if (!s.read(i, a, v)) return nullptr;
  s.xmm[i->r1].lo ^= v.lo;
  s.xmm[i->r1].hi ^= v.hi;
  return i + 1;
}

bool sel_xor128(const Decoded& d, Insn& o) {
  if (d.nvis() != 2 || !d.is_xmm(0)) return false;
  o.r1 = static_cast<uint8_t>(xmm_index(d.op(0).reg.value));
  if (d.is_xmm(1)) {
    o.r2 = static_cast<uint8_t>(xmm_index(d.op(1).reg.value));
    o.fn = &h_xor_x_x;
    return true;
  }
  if (d.is_mem(1)) {
    o.fn = &h_xor_x_m;
    return set_mem(d, 1, o);
  }
  return false;
}

}  // namespace

void register_sse_moves(Registry& r) {
  r.add(ZYDIS_MNEMONIC_MOVDQA, &sel_mov128<true>);
  r.add(ZYDIS_MNEMONIC_MOVAPS, &sel_mov128<true>);
  r.add(ZYDIS_MNEMONIC_MOVAPD, &sel_mov128<true>);
  r.add(ZYDIS_MNEMONIC_MOVDQU, &sel_mov128<false>);
  r.add(ZYDIS_MNEMONIC_MOVUPS, &sel_mov128<false>);
  r.add(ZYDIS_MNEMONIC_MOVUPD, &sel_mov128<false>);
  r.add(ZYDIS_MNEMONIC_PXOR, &sel_xor128);
  r.add(ZYDIS_MNEMONIC_XORPS, &sel_xor128);
  r.add(ZYDIS_MNEMONIC_XORPD, &sel_xor128);
}

}  // namespace emu::cpu
