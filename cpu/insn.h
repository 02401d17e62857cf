// The decoded-instruction record and the handler signature.
//
// Every guest instruction is decoded once (Zydis) into an Insn whose `fn`
// was chosen at decode time for the instruction's exact operand form and
// size. Records of one basic block sit next to each other in memory; the
// run loop calls `i = i->fn(state, i)` until a handler returns nullptr
// (branch taken, block end, fault, stop). See cpu/README.md.
#pragma once

#include <cstdint>

namespace emu::cpu {

struct State;
struct Insn;

// Returns the next record to execute (normally i + 1), or nullptr to leave
// the block. A handler that leaves sets State::rip (and, for a stop, the
// stop fields through the helpers in cpu/state.h).
using Handler = const Insn* (*)(State& s, const Insn* i);

// Segment selector of a memory operand: flat, or the FS / GS base.
enum SegIndex : uint8_t { kSegNone = 0, kSegFs = 1, kSegGs = 2 };
// Address size of a memory operand (index into State::amask).
enum AddrSize : uint8_t { kAddr64 = 0, kAddr32 = 1, kAddr16 = 2 };

// Register "none" in an effective-address recipe: State::gpr[kZeroReg] is
// always 0, so `base + (index << scale) + disp` needs no branch.
constexpr uint8_t kZeroReg = 16;

struct Insn {
  Handler fn;
  uint64_t pc;        // guest address of this instruction
  uint64_t imm;       // immediate (sign-extended to 64 bits) or resolved branch target
  int64_t disp;       // memory displacement; absolute address for RIP-relative / moffs
  uint8_t len;        // instruction length in bytes
  uint8_t r1, r2, r3; // operands: GPR byte offsets into State::gpr (gpr_off()), or
                      // XMM / x87 indices for those families (family-defined)
  uint8_t base;       // EA base GPR index 0..15, kZeroReg if none
  uint8_t index;      // EA index GPR index 0..15, kZeroReg if none
  uint8_t scale;      // EA index shift 0..3
  uint8_t seg;        // SegIndex
  uint8_t asz;        // AddrSize
  uint8_t osz;        // operand size in bytes (informative; handlers are per size)
  uint8_t aux;        // family-defined small field (condition code, sub-op, imm8 ...)
  uint8_t aux2;       // family-defined
  uint16_t rem;       // instructions left in the block counting this one (0: block-end sentinel)
  uint16_t mnemonic;  // ZydisMnemonic
};
static_assert(sizeof(Insn) == 48, "Insn is meant to stay compact");

}  // namespace emu::cpu
