// Shared pieces of the x87 family.
//
// Register model: State::st[k] holds ST(k) (stack order, as FXSAVE and
// FNSAVE lay registers out and as Context::st is read by the layers above);
// a push or pop rotates the array so that physical registers keep their
// contents. TOP lives in fpu_sw bits 11-13; fpu_tw is the full tag word
// (2 bits per *physical* register: 0 valid, 1 zero, 2 special, 3 empty).
//
// Arithmetic runs as the same x87 instruction on the host, under the
// guest's control word with every exception masked, immediately followed by
// FNSTSW: results, precision and rounding control, C1 and the sticky
// exception flags are those of the hardware. Values are host long double
// (the 80-bit extended format on x86-64).
#pragma once

#include <cstring>

#include "cpu/decoder.h"
#include "cpu/state.h"

namespace emu::cpu {

constexpr uint16_t kFswIE = 0x01, kFswSF = 0x40, kFswES = 0x80, kFswC0 = 0x100, kFswC1 = 0x200,
                   kFswC2 = 0x400, kFswC3 = 0x4000, kFswB = 0x8000;
constexpr uint16_t kFswCC = kFswC0 | kFswC1 | kFswC2 | kFswC3;
constexpr int kTagValid = 0, kTagZero = 1, kTagSpecial = 2, kTagEmpty = 3;

inline int fpu_top(const State& s) { return (s.fpu_sw >> 11) & 7; }
inline void fpu_set_top(State& s, int t) {
  s.fpu_sw = static_cast<uint16_t>((s.fpu_sw & ~0x3800) | ((t & 7) << 11));
}
inline int phys_of(const State& s, int i) { return (fpu_top(s) + i) & 7; }
inline int tag_of(const State& s, int i) { return (s.fpu_tw >> (2 * phys_of(s, i))) & 3; }
inline bool st_empty(const State& s, int i) { return tag_of(s, i) == kTagEmpty; }
inline void set_tag(State& s, int i, int t) {
  const int p = 2 * phys_of(s, i);
  s.fpu_tw = static_cast<uint16_t>((s.fpu_tw & ~(3 << p)) | (t << p));
}

// Tag class of an 80-bit value.
inline int classify_tag(long double v) {
  uint8_t b[16] = {};
  std::memcpy(b, &v, 10);
  uint64_t mant;
  uint16_t se;
  std::memcpy(&mant, b, 8);
  std::memcpy(&se, b + 8, 2);
  const uint16_t e = se & 0x7FFF;
  if (e == 0 && mant == 0) return kTagZero;
  if (e == 0x7FFF || e == 0 || !(mant >> 63)) return kTagSpecial;
  return kTagValid;
}
inline long double f80_load(const uint8_t* p) {
  long double v = 0;
  std::memcpy(&v, p, 10);
  uint8_t* q = reinterpret_cast<uint8_t*>(&v);
  std::memset(q + 10, 0, sizeof(long double) - 10);
  return v;
}
inline void f80_store(uint8_t* p, long double v) { std::memcpy(p, &v, 10); }

// 80-bit memory image (fld/fstp m80).
struct F80Bytes {
  uint8_t b[10];
};

// The x87 "real indefinite" QNaN.
inline long double fpu_indefinite() {
  const uint8_t b[10] = {0, 0, 0, 0, 0, 0, 0, 0xC0, 0xFF, 0xFF};
  return f80_load(b);
}

// Writes ST(i) and its tag.
inline void st_set(State& s, int i, long double v) {
  s.st[i] = v;
  set_tag(s, i, classify_tag(v));
}

// Rotations: physical registers keep their contents.
inline void st_rotate_push(State& s) {
  const long double last = s.st[7];
  std::memmove(&s.st[1], &s.st[0], 7 * sizeof(long double));
  s.st[0] = last;
  fpu_set_top(s, fpu_top(s) - 1);
}
inline void st_rotate_pop(State& s) {
  const long double first = s.st[0];
  std::memmove(&s.st[0], &s.st[1], 7 * sizeof(long double));
  s.st[7] = first;
  fpu_set_top(s, fpu_top(s) + 1);
}

// Exception bookkeeping: sticky flags, ES/B summary.
inline void fpu_update_es(State& s) {
  if (s.fpu_sw & ~s.fpu_cw & 0x3F) s.fpu_sw |= kFswES | kFswB;
  else s.fpu_sw &= static_cast<uint16_t>(~(kFswES | kFswB));
}
// Merges a host status word: exception flags are sticky; the condition
// codes in `cc_mask` are taken from the host.
inline void fpu_merge(State& s, uint16_t hsw, uint16_t cc_mask) {
  s.fpu_sw = static_cast<uint16_t>((s.fpu_sw & ~cc_mask) | (hsw & cc_mask) | (hsw & 0x3F));
  fpu_update_es(s);
}
// Stack underflow (an empty source) or overflow (push onto a full
// register): #IS with C1 = 0 (underflow) or 1 (overflow).
inline void fpu_stack_fault(State& s, bool overflow) {
  s.fpu_sw = static_cast<uint16_t>((s.fpu_sw & ~kFswC1) | kFswIE | kFswSF | (overflow ? kFswC1 : 0));
  fpu_update_es(s);
}

// Pushes v; on overflow the masked response pushes the indefinite.
inline void fpu_push(State& s, long double v) {
  st_rotate_push(s);
  if (!st_empty(s, 0)) {
    fpu_stack_fault(s, true);
    v = fpu_indefinite();
  }
  st_set(s, 0, v);
}
inline void fpu_pop(State& s) {
  set_tag(s, 0, kTagEmpty);
  st_rotate_pop(s);
}

// One host x87 operation: inputs a, b (80-bit) and mi (integer or float
// memory source, low bytes), outputs r0, r1 and mo (memory destination, low
// bytes), the host status word right after the operation. The body runs
// under the guest's precision and rounding control with every exception
// masked; it starts and must end with an empty host stack (clobbering every
// x87 register makes the compiler keep nothing there), so it may push and
// pop freely. An extra pop of an empty register is harmless there.
struct X87Io {
  long double a = 0, b = 0, r0 = 0, r1 = 0;
  uint64_t mi = 0, mo = 0;
  uint16_t cw = 0x037F, sw = 0, saved = 0;
  // For EMU_X87_HOST_ENV: a 32-bit FLDENV image with the guest's control
  // word (exceptions masked), the guest's condition codes, no exception
  // flags, every register empty.
  uint32_t env[7] = {};
  explicit X87Io(const State& s) : cw(static_cast<uint16_t>((s.fpu_cw & 0x0F00) | 0x007F)) {
    env[0] = 0xFFFF0000u | cw;
    env[1] = 0xFFFF0000u | (s.fpu_sw & 0x4700u);
    env[2] = 0xFFFFFFFFu;
  }
};
#define EMU_X87_HOST(io, BODY)                                                              \
  asm volatile("fnstcw %[sv]\n\tfldcw %[cw]\n\t" BODY "\n\tfldcw %[sv]"                     \
               : [sw] "=m"((io).sw), [sv] "=m"((io).saved), [r0] "=m"((io).r0),             \
                 [r1] "=m"((io).r1), [mo] "=m"((io).mo)                                     \
               : [a] "m"((io).a), [b] "m"((io).b), [mi] "m"((io).mi), [cw] "m"((io).cw)     \
               : "st", "st(1)", "st(2)", "st(3)", "st(4)", "st(5)", "st(6)", "st(7)", "memory")

// The same, for operations that may leave condition codes unchanged
// (fprem/fprem1 on invalid operands): the host starts from the guest's.
#define EMU_X87_HOST_ENV(io, BODY)                                                          \
  asm volatile("fnstcw %[sv]\n\tfldenv %[env]\n\t" BODY "\n\tfldcw %[sv]"                    \
               : [sw] "=m"((io).sw), [sv] "=m"((io).saved), [r0] "=m"((io).r0),             \
                 [r1] "=m"((io).r1), [mo] "=m"((io).mo)                                     \
               : [a] "m"((io).a), [b] "m"((io).b), [mi] "m"((io).mi), [env] "m"((io).env)   \
               : "st", "st(1)", "st(2)", "st(3)", "st(4)", "st(5)", "st(6)", "st(7)", "memory")

inline uint8_t st_index(const Decoded& d, int k) {
  return static_cast<uint8_t>(d.op(k).reg.value - ZYDIS_REGISTER_ST0);
}
inline bool is_st(const Decoded& d, int k) {
  return d.is_reg(k) && d.op(k).reg.value >= ZYDIS_REGISTER_ST0 &&
         d.op(k).reg.value <= ZYDIS_REGISTER_ST7;
}

// ---- last instruction / data pointers -------------------------------------------------
//
// FNSTENV/FNSAVE/FXSAVE report the address (FIP), opcode (FOP) and data
// operand offset (FDP) of the last non-control x87 instruction; shellcode
// reads FIP to find its own address (fldz; fnstenv [esp-12]; pop eax).
// State::fpu_ext[0] = FIP, [1] = FDP, [2] = FOP | kFopValid once one ran.
constexpr uint64_t kFopValid = 1ull << 16;

// Wraps a selector: the chosen handler moves to Insn::imm (unused by the
// x87 handlers), FOP goes to aux/aux2 and the record runs h_x87_tracked.
const Insn* h_x87_tracked(State& s, const Insn* i);
template <Selector S> bool tracked(const Decoded& d, Insn& o) {
  if (!S(d, o) || !o.fn) return false;
  o.imm = reinterpret_cast<uint64_t>(o.fn);
  o.fn = &h_x87_tracked;
  o.aux = static_cast<uint8_t>((d.zi.raw.modrm.mod << 6) | (d.zi.raw.modrm.reg << 3) | d.zi.raw.modrm.rm);
  bool mem = false;
  for (int k = 0; k < d.nvis(); ++k) mem = mem || d.is_mem(k);
  o.aux2 = static_cast<uint8_t>((d.zi.opcode & 7) | (mem ? 0x80 : 0));
  return true;
}

void register_x87_arith(Registry& r);    // x87_arith.cpp: arithmetic, compares, functions
void register_x87_move(Registry& r);     // x87_move.cpp: loads, stores, constants, fxch
void register_x87_control(Registry& r);  // x87_control.cpp: control/status, env, fxsave

}  // namespace emu::cpu
