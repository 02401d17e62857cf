// MMX-only instructions and the MMX forms of the moves: movd/movq with MMX
// operands, movq2dq/movdq2q, movntq, pextrw/pinsrw/pmovmskb on MMX
// registers, emms. (Arithmetic MMX forms are registered next to their XMM
// forms in cpu/sse_int.cpp and cpu/sse_shuffle.cpp.)
#include "cpu/family.h"
#include "cpu/sse_mmx.h"

namespace emu::cpu {
namespace {

// movd/movq mm <- r32/r64/m32/m64 (zero-extended), mm <- mm.
template <class T> const Insn* h_mm_from_r(State& s, const Insn* i) {
  mmx_enter(s);
  mm_set(s, i->r1, static_cast<T>(s.gpr[i->r2 >> 3]));
  return i + 1;
}
template <class T> const Insn* h_mm_from_m(State& s, const Insn* i) {
  T v;
  if (!s.read<T>(i, s.ea(i), v)) return nullptr;
  mmx_enter(s);
  mm_set(s, i->r1, v);
  return i + 1;
}
const Insn* h_mm_from_mm(State& s, const Insn* i) {
  mmx_enter(s);
  mm_set(s, i->r1, mm_get(s, i->r2));
  return i + 1;
}
// r32/r64/m32/m64 <- mm.
template <class T> const Insn* h_r_from_mm(State& s, const Insn* i) {
  mmx_enter(s);
  s.set_reg<T>(i->r1, static_cast<T>(mm_get(s, i->r2)));
  return i + 1;
}
template <class T> const Insn* h_m_from_mm(State& s, const Insn* i) {
  if (!s.write<T>(i, s.ea(i), static_cast<T>(mm_peek(s, i->r2)))) return nullptr;
  mmx_enter(s);
  return i + 1;
}

bool sel_movdq_mmx(const Decoded& d, Insn& o) {
  if (d.nvis() != 2) return false;
  if (is_mm(d, 0)) {
    o.r1 = mreg(d, 0);
    if (is_mm(d, 1)) {
      o.r2 = mreg(d, 1);
      o.fn = &h_mm_from_mm;
      return true;
    }
    const int b = d.bits(1);
    if (b != 32 && b != 64) return false;
    if (d.is_gpr(1)) {
      o.r2 = goff(d, 1);
      o.fn = b == 64 ? &h_mm_from_r<uint64_t> : &h_mm_from_r<uint32_t>;
      return true;
    }
    if (d.is_mem(1)) {
      o.fn = b == 64 ? &h_mm_from_m<uint64_t> : &h_mm_from_m<uint32_t>;
      return set_mem(d, 1, o);
    }
    return false;
  }
  if (!is_mm(d, 1)) return false;
  o.r2 = mreg(d, 1);
  const int b = d.bits(0);
  if (b != 32 && b != 64) return false;
  if (d.is_gpr(0)) {
    o.r1 = goff(d, 0);
    o.fn = b == 64 ? &h_r_from_mm<uint64_t> : &h_r_from_mm<uint32_t>;
    return true;
  }
  if (d.is_mem(0)) {
    o.fn = b == 64 ? &h_m_from_mm<uint64_t> : &h_m_from_mm<uint32_t>;
    return set_mem(d, 0, o);
  }
  return false;
}

// movntq m64, mm.
bool sel_movntq(const Decoded& d, Insn& o) {
  if (d.nvis() != 2 || !d.is_mem(0) || !is_mm(d, 1)) return false;
  o.r2 = mreg(d, 1);
  o.fn = &h_m_from_mm<uint64_t>;
  return set_mem(d, 0, o);
}

// movq2dq xmm, mm / movdq2q mm, xmm.
const Insn* h_movq2dq(State& s, const Insn* i) {
  mmx_enter(s);
  s.xmm[i->r1] = XmmReg{mm_get(s, i->r2), 0};
  return i + 1;
}
const Insn* h_movdq2q(State& s, const Insn* i) {
  mmx_enter(s);
  mm_set(s, i->r1, s.xmm[i->r2].lo);
  return i + 1;
}
bool sel_movq2dq(const Decoded& d, Insn& o) {
  if (d.nvis() != 2 || !d.is_xmm(0) || !is_mm(d, 1)) return false;
  o.r1 = xreg(d, 0);
  o.r2 = mreg(d, 1);
  o.fn = &h_movq2dq;
  return true;
}
bool sel_movdq2q(const Decoded& d, Insn& o) {
  if (d.nvis() != 2 || !is_mm(d, 0) || !d.is_xmm(1)) return false;
  o.r1 = mreg(d, 0);
  o.r2 = xreg(d, 1);
  o.fn = &h_movdq2q;
  return true;
}

// pextrw r32, mm, imm8 / pinsrw mm, r32/m16, imm8 / pmovmskb r32, mm.
const Insn* h_pextrw_mm(State& s, const Insn* i) {
  mmx_enter(s);
  s.gpr[i->r1 >> 3] = (mm_get(s, i->r2) >> (16 * (i->aux & 3))) & 0xFFFF;
  return i + 1;
}
bool sel_pextrw_mm(const Decoded& d, Insn& o) {
  if (d.nvis() != 3 || !d.is_gpr(0) || !is_mm(d, 1) || !d.is_imm(2) || d.bits(0) < 32) return false;
  o.r1 = goff(d, 0);
  o.r2 = mreg(d, 1);
  o.aux = static_cast<uint8_t>(imm_value(d, 2));
  o.fn = &h_pextrw_mm;
  return true;
}
inline void insert_word(State& s, int k, unsigned sel, uint16_t v) {
  const unsigned sh = 16 * (sel & 3);
  mm_set(s, k, (mm_get(s, k) & ~(0xFFFFull << sh)) | (uint64_t(v) << sh));
}
const Insn* h_pinsrw_mm_r(State& s, const Insn* i) {
  mmx_enter(s);
  insert_word(s, i->r1, i->aux, static_cast<uint16_t>(s.gpr[i->r2 >> 3]));
  return i + 1;
}
const Insn* h_pinsrw_mm_m(State& s, const Insn* i) {
  uint16_t v;
  if (!s.read(i, s.ea(i), v)) return nullptr;
  mmx_enter(s);
  insert_word(s, i->r1, i->aux, v);
  return i + 1;
}
bool sel_pinsrw_mm(const Decoded& d, Insn& o) {
  if (d.nvis() != 3 || !is_mm(d, 0) || !d.is_imm(2)) return false;
  o.r1 = mreg(d, 0);
  o.aux = static_cast<uint8_t>(imm_value(d, 2));
  if (d.is_gpr(1)) {
    o.r2 = goff(d, 1);
    o.fn = &h_pinsrw_mm_r;
    return true;
  }
  if (d.is_mem(1)) {
    o.fn = &h_pinsrw_mm_m;
    return set_mem(d, 1, o);
  }
  return false;
}
const Insn* h_pmovmskb_mm(State& s, const Insn* i) {
  mmx_enter(s);
  const uint64_t v = mm_get(s, i->r2);
  uint32_t m = 0;
  for (int k = 0; k < 8; ++k) m |= uint32_t((v >> (8 * k + 7)) & 1) << k;
  s.gpr[i->r1 >> 3] = m;
  return i + 1;
}
bool sel_pmovmskb_mm(const Decoded& d, Insn& o) {
  if (d.nvis() != 2 || !d.is_gpr(0) || !is_mm(d, 1) || d.bits(0) < 32) return false;
  o.r1 = goff(d, 0);
  o.r2 = mreg(d, 1);
  o.fn = &h_pmovmskb_mm;
  return true;
}

// maskmovq mm1, mm2 / maskmovdqu xmm1, xmm2: bytes of the first operand
// whose mask byte (second operand) has bit 7 set go to DS:[rDI].
template <int N> const Insn* h_maskmov(State& s, const Insn* i) {
  uint8_t v[16], m[16];
  if constexpr (N == 8) {
    const uint64_t a = mm_peek(s, i->r1), b = mm_peek(s, i->r2);
    std::memcpy(v, &a, 8);
    std::memcpy(m, &b, 8);
  } else {
    std::memcpy(v, &s.xmm[i->r1], 16);
    std::memcpy(m, &s.xmm[i->r2], 16);
  }
  const uint64_t base = s.ea(i);
  for (int k = 0; k < N; ++k)
    if ((m[k] & 0x80) && !s.write<uint8_t>(i, (base + k) & s.mode_mask, v[k])) return nullptr;
  if constexpr (N == 8) mmx_enter(s);
  return i + 1;
}
template <int N> bool sel_maskmov(const Decoded& d, Insn& o) {
  if (d.nvis() != 2) return false;
  if (N == 8 ? !(is_mm(d, 0) && is_mm(d, 1)) : !(d.is_xmm(0) && d.is_xmm(1))) return false;
  o.r1 = N == 8 ? mreg(d, 0) : xreg(d, 0);
  o.r2 = N == 8 ? mreg(d, 1) : xreg(d, 1);
  for (int k = d.nvis(); k < d.zi.operand_count; ++k) {
    if (d.op(k).type == ZYDIS_OPERAND_TYPE_MEMORY) {
      o.fn = &h_maskmov<N>;
      return set_mem(d, k, o);
    }
  }
  return false;
}

// emms: TOP = 0 and every x87 register empty (SDM vol. 1, table 9-2).
const Insn* h_emms(State& s, const Insn* i) {
  mmx_enter(s);
  s.fpu_tw = 0xFFFF;
  return i + 1;
}
bool sel_emms(const Decoded& d, Insn& o) {
  if (d.nvis() != 0) return false;
  o.fn = &h_emms;
  return true;
}

}  // namespace

void register_sse_mmx(Registry& r) {
  r.add(ZYDIS_MNEMONIC_MOVD, &sel_movdq_mmx);
  r.add(ZYDIS_MNEMONIC_MOVQ, &sel_movdq_mmx);
  r.add(ZYDIS_MNEMONIC_MOVNTQ, &sel_movntq);
  r.add(ZYDIS_MNEMONIC_MOVQ2DQ, &sel_movq2dq);
  r.add(ZYDIS_MNEMONIC_MOVDQ2Q, &sel_movdq2q);
  r.add(ZYDIS_MNEMONIC_PEXTRW, &sel_pextrw_mm);
  r.add(ZYDIS_MNEMONIC_PINSRW, &sel_pinsrw_mm);
  r.add(ZYDIS_MNEMONIC_PMOVMSKB, &sel_pmovmskb_mm);
  r.add(ZYDIS_MNEMONIC_EMMS, &sel_emms);
  r.add(ZYDIS_MNEMONIC_MASKMOVQ, &sel_maskmov<8>);
  r.add(ZYDIS_MNEMONIC_MASKMOVDQU, &sel_maskmov<16>);
}

}  // namespace emu::cpu
