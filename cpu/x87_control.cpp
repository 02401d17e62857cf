// x87 control: fnstsw (ax, m16), fnstcw/fldcw, fninit, fnclex, ffree/
// ffreep, fincstp/fdecstp, fnop/fwait, fnstenv/fldenv and fnsave/frstor
// (32-bit protected-mode layout), fxsave/fxrstor (+64; the 512-byte image
// with MXCSR and the XMM registers).
//
// The images carry the last instruction/data pointers and opcode that
// h_x87_tracked records (cpu/x87_common.h), with the flat Windows code and
// data selectors once an x87 instruction ran.
#include "cpu/family.h"
#include "cpu/x87_common.h"

namespace emu::cpu {
namespace {

}  // namespace

const Insn* h_x87_tracked(State& s, const Insn* i) {
  const Insn* next = reinterpret_cast<Handler>(i->imm)(s, i);
  if (next) {
    s.fpu_ext[0] = i->pc;
    if (i->aux2 & 0x80) s.fpu_ext[1] = s.ea_offset(i);
    s.fpu_ext[2] = kFopValid | (uint64_t(i->aux2 & 7) << 8) | i->aux;
  }
  return next;
}

namespace {

uint16_t code_selector(const State& s) { return (s.fpu_ext[2] & kFopValid) ? (s.mode == Mode::X64 ? 0x33 : 0x1B) : 0; }
uint16_t data_selector(const State& s) { return (s.fpu_ext[2] & kFopValid) ? (s.mode == Mode::X64 ? 0x2B : 0x23) : 0; }
uint16_t last_opcode(const State& s) { return static_cast<uint16_t>(s.fpu_ext[2] & 0x7FF); }

// Moves TOP to `t` while keeping every physical register's contents.
void fpu_retop(State& s, int t) {
  while (fpu_top(s) != (t & 7)) st_rotate_pop(s);
}

const Insn* h_fnstsw_ax(State& s, const Insn* i) {
  s.set_reg<uint16_t>(RAX * 8, s.fpu_sw);
  return i + 1;
}
const Insn* h_fnstsw_m(State& s, const Insn* i) {
  return s.write<uint16_t>(i, s.ea(i), s.fpu_sw) ? i + 1 : nullptr;
}
bool sel_fnstsw(const Decoded& d, Insn& o) {
  if (d.nvis() != 1) return false;
  if (d.is_gpr(0)) {
    if (d.op(0).reg.value != ZYDIS_REGISTER_AX) return false;
    o.fn = &h_fnstsw_ax;
    return true;
  }
  if (!d.is_mem(0)) return false;
  o.fn = &h_fnstsw_m;
  return set_mem(d, 0, o);
}
const Insn* h_fnstcw(State& s, const Insn* i) {
  return s.write<uint16_t>(i, s.ea(i), s.fpu_cw) ? i + 1 : nullptr;
}
const Insn* h_fldcw(State& s, const Insn* i) {
  uint16_t v;
  if (!s.read(i, s.ea(i), v)) return nullptr;
  s.fpu_cw = static_cast<uint16_t>(v | 0x40);  // bit 6 reads as 1
  fpu_update_es(s);
  return i + 1;
}
template <Handler H> bool sel_m(const Decoded& d, Insn& o) {
  if (d.nvis() != 1 || !d.is_mem(0)) return false;
  o.fn = H;
  return set_mem(d, 0, o);
}
template <Handler H> bool sel_none(const Decoded& d, Insn& o) {
  if (d.nvis() != 0) return false;
  o.fn = H;
  return true;
}

void fpu_init(State& s) {
  s.fpu_ext[0] = s.fpu_ext[1] = s.fpu_ext[2] = 0;
  s.fpu_cw = 0x037F;
  fpu_retop(s, 0);
  s.fpu_sw = 0;
  s.fpu_tw = 0xFFFF;
}
const Insn* h_fninit(State& s, const Insn* i) {
  fpu_init(s);
  return i + 1;
}
const Insn* h_fnclex(State& s, const Insn* i) {
  s.fpu_sw &= 0x7F00;
  return i + 1;
}
const Insn* h_nop(State&, const Insn* i) { return i + 1; }

template <bool Pop> const Insn* h_ffree(State& s, const Insn* i) {
  set_tag(s, i->r1, kTagEmpty);
  if (Pop) fpu_pop(s);
  return i + 1;
}
template <bool Pop> bool sel_ffree(const Decoded& d, Insn& o) {
  if (d.nvis() != 1 || !is_st(d, 0)) return false;
  o.r1 = st_index(d, 0);
  o.fn = &h_ffree<Pop>;
  return true;
}
template <bool Inc> const Insn* h_fstp_inc(State& s, const Insn* i) {
  if (Inc) st_rotate_pop(s);
  else st_rotate_push(s);
  s.fpu_sw &= static_cast<uint16_t>(~kFswC1);
  return i + 1;
}

// ---- environment images (32-bit protected-mode format) ---------------------------------

struct Env32 {
  uint32_t cw, sw, tw, fip, fcs_fop, fdp, fds;
};
static_assert(sizeof(Env32) == 28);

Env32 make_env(const State& s) {
  return Env32{0xFFFF0000u | s.fpu_cw,
               0xFFFF0000u | s.fpu_sw,
               0xFFFF0000u | s.fpu_tw,
               static_cast<uint32_t>(s.fpu_ext[0]),
               code_selector(s) | (uint32_t(last_opcode(s)) << 16),
               static_cast<uint32_t>(s.fpu_ext[1]),
               0xFFFF0000u | data_selector(s)};
}
void load_env(State& s, const Env32& e) {
  s.fpu_ext[0] = e.fip;
  s.fpu_ext[1] = e.fdp;
  s.fpu_ext[2] = ((e.fcs_fop >> 16) & 0x7FF) | ((e.fcs_fop & 0xFFFF) ? kFopValid : 0);
  s.fpu_cw = static_cast<uint16_t>(e.cw | 0x40);
  s.fpu_tw = static_cast<uint16_t>(e.tw);
  const int t = (e.sw >> 11) & 7;
  fpu_retop(s, t);
  s.fpu_sw = static_cast<uint16_t>(e.sw);
  fpu_update_es(s);
}

// fnstenv: stores the environment, then masks every exception.
const Insn* h_fnstenv(State& s, const Insn* i) {
  if (!s.write(i, s.ea(i), make_env(s))) return nullptr;
  s.fpu_cw |= 0x3F;
  fpu_update_es(s);
  return i + 1;
}
const Insn* h_fldenv(State& s, const Insn* i) {
  Env32 e;
  if (!s.read(i, s.ea(i), e)) return nullptr;
  load_env(s, e);
  return i + 1;
}
struct Save108 {
  Env32 env;
  uint8_t regs[80];
};
static_assert(sizeof(Save108) == 108);
// fnsave: environment + ST(0)..ST(7), then fninit.
const Insn* h_fnsave(State& s, const Insn* i) {
  Save108 img;
  img.env = make_env(s);
  for (int k = 0; k < 8; ++k) f80_store(img.regs + 10 * k, s.st[k]);
  if (!s.write(i, s.ea(i), img)) return nullptr;
  fpu_init(s);
  return i + 1;
}
const Insn* h_frstor(State& s, const Insn* i) {
  Save108 img;
  if (!s.read(i, s.ea(i), img)) return nullptr;
  load_env(s, img.env);
  for (int k = 0; k < 8; ++k) s.st[k] = f80_load(img.regs + 10 * k);
  return i + 1;
}
// The 16-bit operand-size layouts are not implemented.
template <Handler H> bool sel_env(const Decoded& d, Insn& o) {
  if (d.nvis() != 1 || !d.is_mem(0) || d.opsize() == 16) return false;
  o.fn = H;
  return set_mem(d, 0, o);
}

// ---- fxsave / fxrstor ----------------------------------------------------------------------

constexpr uint32_t kMxcsrMask = 0xFFFF;

const Insn* h_fxsave(State& s, const Insn* i) {
  const uint64_t a = s.ea(i);
  if (a & 15) return s.fault(i, FaultKind::GeneralProtection);
  if (!s.probe(i, a, 512, Access::Write)) return nullptr;
  uint8_t head[160] = {};
  std::memcpy(head + 0, &s.fpu_cw, 2);
  std::memcpy(head + 2, &s.fpu_sw, 2);
  uint8_t ftw = 0;
  for (int p = 0; p < 8; ++p)
    if (((s.fpu_tw >> (2 * p)) & 3) != kTagEmpty) ftw |= uint8_t(1u << p);
  head[4] = ftw;
  const uint16_t fop = last_opcode(s);
  std::memcpy(head + 6, &fop, 2);
  if (i->aux == 64) {  // fxsave64: 64-bit FIP and FDP
    std::memcpy(head + 8, &s.fpu_ext[0], 8);
    std::memcpy(head + 16, &s.fpu_ext[1], 8);
  } else {
    const uint32_t fip = static_cast<uint32_t>(s.fpu_ext[0]), fdp = static_cast<uint32_t>(s.fpu_ext[1]);
    const uint16_t cs = code_selector(s), ds = data_selector(s);
    std::memcpy(head + 8, &fip, 4);
    std::memcpy(head + 12, &cs, 2);
    std::memcpy(head + 16, &fdp, 4);
    std::memcpy(head + 20, &ds, 2);
  }
  std::memcpy(head + 24, &s.mxcsr, 4);
  std::memcpy(head + 28, &kMxcsrMask, 4);
  for (int k = 0; k < 8; ++k) f80_store(head + 32 + 16 * k, s.st[k]);
  for (int k = 0; k < 160; k += 16) {
    XmmReg chunk;
    std::memcpy(&chunk, head + k, 16);
    if (!s.write(i, a + k, chunk)) return nullptr;
  }
  const int n = s.mode == Mode::X64 ? 16 : 8;
  for (int k = 0; k < n; ++k)
    if (!s.write(i, a + 160 + 16 * k, s.xmm[k])) return nullptr;
  return i + 1;
}
const Insn* h_fxrstor(State& s, const Insn* i) {
  const uint64_t a = s.ea(i);
  if (a & 15) return s.fault(i, FaultKind::GeneralProtection);
  uint8_t img[416];
  for (int k = 0; k < 416; k += 16) {
    XmmReg chunk;
    if (!s.read(i, a + k, chunk)) return nullptr;
    std::memcpy(img + k, &chunk, 16);
  }
  uint32_t mx;
  std::memcpy(&mx, img + 24, 4);
  if (mx & ~kMxcsrMask) return s.fault(i, FaultKind::GeneralProtection);
  s.mxcsr = mx;
  uint16_t fop, cs;
  std::memcpy(&fop, img + 6, 2);
  std::memcpy(&cs, img + 12, 2);
  if (i->aux == 64) {
    std::memcpy(&s.fpu_ext[0], img + 8, 8);
    std::memcpy(&s.fpu_ext[1], img + 16, 8);
  } else {
    uint32_t fip, fdp;
    std::memcpy(&fip, img + 8, 4);
    std::memcpy(&fdp, img + 16, 4);
    s.fpu_ext[0] = fip;
    s.fpu_ext[1] = fdp;
  }
  s.fpu_ext[2] = (fop & 0x7FFu) | ((cs || s.fpu_ext[0]) ? kFopValid : 0);
  std::memcpy(&s.fpu_cw, img + 0, 2);
  std::memcpy(&s.fpu_sw, img + 2, 2);
  for (int k = 0; k < 8; ++k) s.st[k] = f80_load(img + 32 + 16 * k);
  // The full tag is rebuilt from the abridged one and each register's class.
  const int top = fpu_top(s);
  uint16_t tw = 0;
  for (int p = 0; p < 8; ++p) {
    const int t = (img[4] >> p) & 1 ? classify_tag(s.st[(p - top) & 7]) : kTagEmpty;
    tw = static_cast<uint16_t>(tw | (t << (2 * p)));
  }
  s.fpu_tw = tw;
  fpu_update_es(s);
  const int n = s.mode == Mode::X64 ? 16 : 8;
  for (int k = 0; k < n; ++k) std::memcpy(&s.xmm[k], img + 160 + 16 * k, 16);
  return i + 1;
}

// aux = 64 for the REX.W forms (64-bit FIP/FDP in the image).
template <Handler H, int Width> bool sel_fx(const Decoded& d, Insn& o) {
  if (!sel_m<H>(d, o)) return false;
  o.aux = Width;
  return true;
}

}  // namespace

void register_x87_control(Registry& r) {
  r.add(ZYDIS_MNEMONIC_FNSTSW, &sel_fnstsw);
  r.add(ZYDIS_MNEMONIC_FNSTCW, &sel_m<&h_fnstcw>);
  r.add(ZYDIS_MNEMONIC_FLDCW, &sel_m<&h_fldcw>);
  r.add(ZYDIS_MNEMONIC_FNINIT, &sel_none<&h_fninit>);
  r.add(ZYDIS_MNEMONIC_FNCLEX, &sel_none<&h_fnclex>);
  r.add(ZYDIS_MNEMONIC_FNOP, &sel_none<&h_nop>);
  r.add(ZYDIS_MNEMONIC_FWAIT, &sel_none<&h_nop>);
  // 8087/80287 mode controls: no-ops since the 80387.
  r.add(ZYDIS_MNEMONIC_FENI8087_NOP, &sel_none<&h_nop>);
  r.add(ZYDIS_MNEMONIC_FDISI8087_NOP, &sel_none<&h_nop>);
  r.add(ZYDIS_MNEMONIC_FSETPM287_NOP, &sel_none<&h_nop>);
  r.add(ZYDIS_MNEMONIC_FFREE, &sel_ffree<false>);
  r.add(ZYDIS_MNEMONIC_FFREEP, &sel_ffree<true>);
  r.add(ZYDIS_MNEMONIC_FINCSTP, &sel_none<&h_fstp_inc<true>>);
  r.add(ZYDIS_MNEMONIC_FDECSTP, &sel_none<&h_fstp_inc<false>>);
  r.add(ZYDIS_MNEMONIC_FNSTENV, &sel_env<&h_fnstenv>);
  r.add(ZYDIS_MNEMONIC_FLDENV, &sel_env<&h_fldenv>);
  r.add(ZYDIS_MNEMONIC_FNSAVE, &sel_env<&h_fnsave>);
  r.add(ZYDIS_MNEMONIC_FRSTOR, &sel_env<&h_frstor>);
  r.add(ZYDIS_MNEMONIC_FXSAVE, &sel_fx<&h_fxsave, 32>);
  r.add(ZYDIS_MNEMONIC_FXSAVE64, &sel_fx<&h_fxsave, 64>);
  r.add(ZYDIS_MNEMONIC_FXRSTOR, &sel_fx<&h_fxrstor, 32>);
  r.add(ZYDIS_MNEMONIC_FXRSTOR64, &sel_fx<&h_fxrstor, 64>);
}

}  // namespace emu::cpu
