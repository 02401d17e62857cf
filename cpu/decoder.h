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

// Fills base/index/scale/disp/seg/asz of `out` from memory operand k (RIP-
// relative addresses become absolute). Returns false for forms the
// interpreter cannot address (e.g. VSIB).
bool set_mem(const Decoded& d, int k, Insn& out);

// Immediate of operand k, sign-extended to 64 bits when Zydis marks it signed.
uint64_t imm_value(const Decoded& d, int k);

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
