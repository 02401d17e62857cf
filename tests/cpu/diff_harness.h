// Differential testing of the interpreter against the host CPU.
//
// A Form describes one instruction form (mnemonic + operand kinds, or raw
// bytes). For each form the harness draws random inputs (registers, flags,
// XMM, x87 stack, the memory window), encodes the instruction with the Zydis
// encoder, runs every case natively (64-bit: a forked child; 32-bit: the
// cpu-diff-native32 helper) and in the interpreter (also in a forked child, so
// an interpreter crash is reported, not fatal), and compares the results:
// general registers, RFLAGS minus the flags the SDM leaves undefined for that
// instruction, XMM registers, bits 255:128 of the YMM registers (when the host
// has AVX), MXCSR, x87 state when relevant, and the memory window.
// Everything is reproducible from EMU_DIFF_SEED; EMU_DIFF_CASES sets the
// number of cases per form (default 48).
#pragma once

#include <cstdint>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include <Zydis/Zydis.h>

#include "tests/cpu/native/native_exec.h"

namespace emu::difftest {

enum class Arch : uint8_t { X86 = 1, X64 = 2 };
using Rng = std::mt19937_64;

// Operand kinds a form can have.
enum class K : uint8_t {
  Gpr,   // general register of `bits`
  Mem,   // memory operand of `bits` inside the data window
  Agen,  // memory operand whose address is computed but not accessed (lea)
  Imm,   // immediate of `bits`, sign-extended to the operation size
  ImmU,  // immediate of `bits`, unsigned (counts, shuffle selectors)
  Xmm,   // XMM register
  Ymm,   // YMM register
  Cl,    // the CL register (shift counts)
  St,    // x87 ST(i); `bits` holds i
};
struct Op {
  K kind;
  uint16_t bits;
};
inline Op r(int bits) { return {K::Gpr, uint16_t(bits)}; }
inline Op m(int bits) { return {K::Mem, uint16_t(bits)}; }
inline Op agen(int bits) { return {K::Agen, uint16_t(bits)}; }
inline Op imm(int bits) { return {K::Imm, uint16_t(bits)}; }
inline Op immu(int bits) { return {K::ImmU, uint16_t(bits)}; }
inline Op x() { return {K::Xmm, 128}; }
inline Op y() { return {K::Ymm, 256}; }
inline Op cl() { return {K::Cl, 8}; }
inline Op st(int i) { return {K::St, uint16_t(i)}; }

// Where a generated operand lives.
struct Loc {
  K kind = K::Gpr;
  int reg = -1;        // GPR / XMM index
  bool high8 = false;  // AH..BH
  uint16_t bits = 0;
  uint32_t off = 0;    // Mem: offset in the data window
  int index = -1;      // Mem: index register (base is `reg`)
  uint8_t scale = 0;
  int64_t disp = 0;
  uint64_t imm = 0;    // Imm/ImmU value as encoded
};

struct Case {
  Arch arch = Arch::X64;
  std::vector<Loc> locs;
  nx_state in{};
  uint8_t code[NX_CODE_MAX]{};
  uint32_t len = 0;

  uint64_t get(const Loc& l) const;
  void set(const Loc& l, uint64_t v);
  uint64_t& gpr(int r) { return in.gpr[r]; }
  uint64_t gpr(int r) const { return in.gpr[r]; }
  uint64_t mem64(uint32_t off) const;
  void set_mem64(uint32_t off, uint64_t v);
  uint8_t* xmm(int i) { return in.fx + NX_FX_XMM + 16 * i; }
  uint8_t* ymmh(int i) { return in.ymmh + 16 * i; }  // bits 255:128 of YMMi
  uint32_t mxcsr() const;
  void set_mxcsr(uint32_t v);
  int width() const { return arch == Arch::X64 ? 64 : 32; }
};

// Parts of the result the architecture leaves undefined for a given input.
struct Undef {
  uint32_t flags = 0;
  uint16_t gpr_ignore = 0;  // bit per GPR index
};

struct Form {
  std::string name;
  ZydisMnemonic mn = ZYDIS_MNEMONIC_INVALID;
  std::vector<Op> ops;
  std::vector<uint8_t> raw;  // fixed encoding (used instead of the encoder when set)
  std::vector<uint8_t> suffix;  // bytes run after the instruction (flag consumers)
  bool addr32 = false;       // 64-bit mode: 32-bit addressing (0x67 prefix)
  bool partial_on_fault = false;  // earlier instructions of the case may have run before a fault
  uint32_t prefixes = 0;     // ZYDIS_ATTRIB_HAS_* for the encoder
  uint32_t undef = 0;        // flags undefined for every input (SDM)
  uint16_t implicit = 0;     // GPRs used implicitly: never picked as operands or addresses
  uint8_t arches = 3;        // bit 0: 32-bit, bit 1: 64-bit
  int lane = 0;              // 32/64: XMM and memory inputs are float/double biased
  bool vex = false;          // VEX-only encoding; memory operands of 128+ bits may be misaligned
  bool mem_float = false;    // x87: memory operands hold floats of their width
  bool any_rounding = false; // random MXCSR/FCW rounding control
  bool x87 = false;          // compare x87 state
  int x87_min = 0, x87_max = 0;  // x87 stack depth at entry
  uint16_t fsw_undef = 0;    // x87 status bits undefined after the instruction
  std::function<void(Case&, Rng&)> fix;         // input constraints
  std::function<Undef(const Case&)> dyn;        // input-dependent undefined parts
};

// Random helpers shared by the form tables.
uint64_t rand_value(Rng& g, int bits);      // integer biased to edge cases
double rand_double(Rng& g);                  // biased to FP specials
uint32_t rand_float_bits(Rng& g);
uint64_t rand_double_bits(Rng& g);
inline uint64_t mask_of(int bits) { return bits >= 64 ? ~0ull : ((1ull << bits) - 1); }

// Flag bits for the tables.
constexpr uint32_t fCF = 0x1, fPF = 0x4, fAF = 0x10, fZF = 0x40, fSF = 0x80, fDF = 0x400, fOF = 0x800;
constexpr uint32_t fAll = fCF | fPF | fAF | fZF | fSF | fOF;

// A form built from a mnemonic and operand kinds, named like "add r32, m32".
// Forms with a 64-bit general register or integer memory operand of 64 bits
// run in 64-bit mode only (pass int_mem64=false for SSE/x87 memory operands).
Form make(ZydisMnemonic mn, std::vector<Op> ops, uint32_t undef = 0, bool int_mem64 = true);
// A form with a fixed encoding.
Form raw(std::string name, std::vector<uint8_t> bytes, uint8_t arches = 3, uint32_t undef = 0);
// Masked count of a shift/rotate whose count is operand `i`.
uint32_t shift_count(const Case& c, size_t i, int bits);

// True when the host can run the VEX forms (AVX, AVX2, FMA); the harness then
// also compares bits 255:128 of every YMM register for every form.
bool host_has_avx();

// Data-window layout: memory operands land in [kMemLo, kMemHi); the stack
// pointer starts near kStack.
constexpr uint32_t kMemLo = 0x100, kMemHi = 0x500, kStack = 0x700;

// What one family run found.
struct FamilyOutcome {
  uint64_t forms = 0, cases = 0, passed = 0, differ = 0, unimplemented = 0, native_faults = 0;
  std::vector<std::string> errors;  // one per failing form, plus harness problems
};
enum class Mutation { None, Gpr, Flags, Xmm, Memory, Stop, X87, YmmUpper };
// Runs a family and returns the outcome; `mutation` corrupts every
// interpreter result in a known way (harness self-test only).
FamilyOutcome run_family_collect(const std::string& family, Arch arch, const std::vector<Form>& forms,
                                 Mutation mutation = Mutation::None);

// Runs all forms of one family in one mode and reports through Boost.Test:
// one error per failing form (first cases in detail) and one listing the
// forms the interpreter reports as unimplemented.
void run_family(const std::string& family, Arch arch, const std::vector<Form>& forms);

}  // namespace emu::difftest
