// Decode-time handler selection.
//
// The decoder hands each Zydis-decoded instruction to the selector that is
// registered for its mnemonic. A selector looks at the operand form and
// size, fills the Insn's operand fields and sets `fn`; it returns false for
// a form it does not implement (the instruction then stops the run as
// Unimplemented). Family files register selectors from their register_*()
// function (see cpu/family.h and cpu/README.md).
#pragma once

#include <Zydis/Zydis.h>

#include <cstdint>

#include "cpu/cpu.h"
#include "cpu/insn.h"

namespace emu::cpu {

// One decoded instruction as the selectors see it.
struct Decoded {
  const ZydisDecodedInstruction& zi;
  const ZydisDecodedOperand* ops;  // zi.operand_count entries (visible ones first)
  Mode mode;
  uint64_t pc;

  ZydisMnemonic mnemonic() const { return zi.mnemonic; }
  int nvis() const { return zi.operand_count_visible; }
  const ZydisDecodedOperand& op(int k) const { return ops[k]; }
  bool is_reg(int k) const { return k < nvis() && ops[k].type == ZYDIS_OPERAND_TYPE_REGISTER; }
  bool is_mem(int k) const {
    return k < nvis() && ops[k].type == ZYDIS_OPERAND_TYPE_MEMORY &&
           ops[k].mem.type == ZYDIS_MEMOP_TYPE_MEM;
  }
  bool is_imm(int k) const { return k < nvis() && ops[k].type == ZYDIS_OPERAND_TYPE_IMMEDIATE; }
  bool is_gpr(int k) const;   // register operand that is a general-purpose register
  bool is_xmm(int k) const;   // register operand XMM0..XMM15
  bool is_ymm(int k) const;   // register operand YMM0..YMM15
  bool is_vex() const { return zi.encoding == ZYDIS_INSTRUCTION_ENCODING_VEX; }
  int bits(int k) const { return ops[k].size; }  // operand size in bits
  int opsize() const { return zi.operand_width; }  // effective operand size in bits
  int addrsize() const { return zi.address_width; }
  bool has(uint64_t attrib) const { return (zi.attributes & attrib) != 0; }
  bool x64() const { return mode == Mode::X64; }
  uint64_t next_pc() const;
};

// Byte offset of a GPR (8/16/32/64-bit, incl. AH..BH) inside State::gpr,
// or -1 if `r` is not a general-purpose register.
int gpr_off(ZydisRegister r);
// Index 0..15 of the 64-bit register enclosing `r`, or -1.
int gpr_index(ZydisRegister r);
// XMM index 0..15, or -1.
int xmm_index(ZydisRegister r);
// YMM index 0..15, or -1.
int ymm_index(ZydisRegister r);

// Fills base/index/scale/disp/seg/asz of `out` from memory operand k (RIP-
// relative addresses become absolute). Returns false for forms the
// interpreter cannot address (e.g. VSIB).
bool set_mem(const Decoded& d, int k, Insn& out);

// Immediate of operand k, sign-extended to 64 bits when Zydis marks it signed.
uint64_t imm_value(const Decoded& d, int k);

// The "r/m" operand k of an integer instruction. A general register binds
// its byte offset into `slot` (Insn::r1 when the r/m operand is the
// destination, Insn::r2 when it is the source); memory binds the effective-
// address recipe. Rm::None when operand k is neither or the memory operand
// cannot be addressed.
enum class Rm : uint8_t { None, Reg, Mem };
inline Rm bind_rm(const Decoded& d, int k, Insn& o, uint8_t Insn::*slot = &Insn::r1) {
  if (d.is_gpr(k)) {
    o.*slot = static_cast<uint8_t>(gpr_off(d.op(k).reg.value));
    return Rm::Reg;
  }
  if (d.is_mem(k) && set_mem(d, k, o)) return Rm::Mem;
  return Rm::None;
}

// Operand sizes a selector accepts, for bind_rm_operand.
constexpr unsigned kSize8 = 1, kSize16 = 2, kSize32 = 4, kSize64 = 8;
constexpr unsigned kSizes16to64 = kSize16 | kSize32 | kSize64;
constexpr unsigned kSizesAll = kSize8 | kSizes16to64;

// bind_rm, then the handler for the operation size `bits` (one of Sizes):
// `pick(T{}, mem)` returns the handler for element type T (uint8_t ..
// uint64_t), `mem` telling the memory form from the register form. Returns
// false (form not implemented) when the operand does not bind, the size is
// not in Sizes, or pick returns nullptr. Decode time only: the handlers
// themselves are unchanged.
template <unsigned Sizes, class Pick>
bool bind_rm_operand(const Decoded& d, int k, int bits, Insn& o, Pick&& pick,
                     uint8_t Insn::*slot = &Insn::r1) {
  const Rm rm = bind_rm(d, k, o, slot);
  if (rm == Rm::None) return false;
  const bool mem = rm == Rm::Mem;
  Handler h = nullptr;
  switch (bits) {
    case 8: if constexpr ((Sizes & kSize8) != 0) h = pick(uint8_t{}, mem); break;
    case 16: if constexpr ((Sizes & kSize16) != 0) h = pick(uint16_t{}, mem); break;
    case 32: if constexpr ((Sizes & kSize32) != 0) h = pick(uint32_t{}, mem); break;
    case 64: if constexpr ((Sizes & kSize64) != 0) h = pick(uint64_t{}, mem); break;
  }
  o.fn = h;
  return h != nullptr;
}

using Selector = bool (*)(const Decoded& d, Insn& out);

class Registry {
 public:
  static constexpr int kDepth = 4;
  // Registrations for the same mnemonic stack up: the latest is tried first
  // and, if it rejects the form, the earlier ones (so the SSE family's
  // `movsd xmm` selector and the string family's `movsd` coexist).
  void add(ZydisMnemonic m, Selector s) {
    if (m <= ZYDIS_MNEMONIC_INVALID || m > ZYDIS_MNEMONIC_MAX_VALUE || !s) return;
    Selector* t = table_[m];
    for (int k = kDepth - 1; k > 0; --k) t[k] = t[k - 1];
    t[0] = s;
  }
  bool has(ZydisMnemonic m) const {
    return m > ZYDIS_MNEMONIC_INVALID && m <= ZYDIS_MNEMONIC_MAX_VALUE && table_[m][0];
  }
  // Runs the selectors of d's mnemonic; true once one accepted the form.
  bool select(const Decoded& d, Insn& out) const {
    const ZydisMnemonic m = d.mnemonic();
    if (!has(m)) return false;
    for (Selector s : table_[m]) {
      if (!s) break;
      Insn trial = out;
      if (s(d, trial) && trial.fn) {
        out = trial;
        return true;
      }
    }
    return false;
  }

 private:
  Selector table_[ZYDIS_MNEMONIC_MAX_VALUE + 1][kDepth] = {};
};

// The process-wide registry, built on first use from every family.
const Registry& registry();

// Picks a handler by operand size in bytes (1, 2, 4, 8); nullptr otherwise.
template <template <class> class H>
Handler by_size(int bytes) {
  switch (bytes) {
    case 1: return &H<uint8_t>::run;
    case 2: return &H<uint16_t>::run;
    case 4: return &H<uint32_t>::run;
    case 8: return &H<uint64_t>::run;
  }
  return nullptr;
}

}  // namespace emu::cpu
