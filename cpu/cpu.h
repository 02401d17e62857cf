// The x86 / x64 interpreter's public face.
//
// A Cpu executes guest code out of a Memory until something the layers above
// must see happens: an executed trap address (an API stub), a fault, an
// instruction budget running out, a halt, an interrupt or syscall, or an
// instruction the interpreter does not implement. `run` returns why.
// Nothing here knows about Windows.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>

#include "cpu/memory.h"

namespace emu::cpu {

enum class Mode : uint8_t { X86, X64 };

// General-purpose registers in encoding order.
enum Reg : uint8_t {
  RAX, RCX, RDX, RBX, RSP, RBP, RSI, RDI, R8, R9, R10, R11, R12, R13, R14, R15,
  kGprCount
};

// EFLAGS bits.
enum Flag : uint32_t {
  kCF = 1u << 0, kPF = 1u << 2, kAF = 1u << 4, kZF = 1u << 6, kSF = 1u << 7,
  kTF = 1u << 8, kIF = 1u << 9, kDF = 1u << 10, kOF = 1u << 11,
};

// Why a fault happened; names follow the exception the guest would see.
enum class FaultKind : uint8_t {
  None,
  PageFault,        // unmapped or forbidden access; see access + address
  GuardPage,        // first touch of a guard page
  GeneralProtection,
  DivideError,      // #DE
  InvalidOpcode,    // #UD (ud2, undefined encodings)
  Breakpoint,       // int3
  SingleStep,       // TF
  Overflow,         // into
  BoundRange,       // #BR: bound found the index outside its bounds
};
const char* fault_name(FaultKind k);

enum class StopKind : uint8_t {
  Trap,           // executed an address registered with add_trap_range (pc = that address)
  Fault,          // see Stop::fault
  Budget,         // instruction budget exhausted
  Halt,           // hlt
  Interrupt,      // int n (n != 3); Stop::vector holds n
  Syscall,        // syscall / sysenter; pc is the next instruction
  Unimplemented,  // decoded but not implemented; Stop::mnemonic names it
  Interrupted,    // request_stop() was called (e.g. wall-clock timeout)
};
const char* stop_name(StopKind k);

struct Stop {
  StopKind kind = StopKind::Budget;
  uint64_t pc = 0;              // address of the instruction concerned
  FaultKind fault = FaultKind::None;
  uint64_t address = 0;         // faulting data address (PageFault/GuardPage)
  Access access = Access::Read;
  uint8_t vector = 0;           // for Interrupt
  std::string mnemonic;         // for Unimplemented (and informative otherwise)
};

struct Xmm { uint64_t lo = 0, hi = 0; };

// Complete architectural state that the API layer saves and restores (SEH
// CONTEXT, thread switches). x87 registers are 80-bit values kept as
// long double on the host.
struct Context {
  std::array<uint64_t, kGprCount> gpr{};
  uint64_t rip = 0;
  uint32_t eflags = 0x202;
  uint64_t fs_base = 0, gs_base = 0;
  std::array<Xmm, 16> xmm{};
  std::array<Xmm, 16> ymm_hi{};  // bits 255:128 of YMM0-15 (xmm holds bits 127:0)
  uint32_t mxcsr = 0x1F80;
  std::array<long double, 8> st{};
  uint16_t fpu_control = 0x027F, fpu_status = 0, fpu_tag = 0xFFFF;
};

class Cpu {
 public:
  Cpu(Mode mode, Memory& memory);
  ~Cpu();
  Cpu(const Cpu&) = delete;
  Cpu& operator=(const Cpu&) = delete;

  Mode mode() const;
  Memory& memory();

  // Registers. In X86 mode only the low 32 bits are meaningful; writes
  // through set_reg store the value as given.
  uint64_t reg(Reg r) const;
  void set_reg(Reg r, uint64_t v);
  uint64_t pc() const;
  void set_pc(uint64_t pc);
  uint32_t eflags() const;          // materialises lazy flags
  void set_eflags(uint32_t v);
  uint64_t fs_base() const;
  uint64_t gs_base() const;
  void set_fs_base(uint64_t v);
  void set_gs_base(uint64_t v);
  Context context() const;
  void set_context(const Context& c);

  // Stack helpers for the layers above (respect the mode's word size).
  bool push(uint64_t v);
  std::optional<uint64_t> pop();

  // Executing any address in [begin, end) stops with StopKind::Trap before
  // the instruction there runs. Costs nothing on the fast path.
  void add_trap_range(uint64_t begin, uint64_t end);

  // Runs at most `max_instructions` instructions.
  Stop run(uint64_t max_instructions);
  // Safe to call from another thread; run() returns Interrupted soon after.
  void request_stop();

  // Instructions retired since construction (also drives RDTSC).
  uint64_t instructions() const;

  // Drops every decoded instruction (tests and benchmarks).
  void flush_code_cache();
  // Benchmark switch: decode every instruction afresh (no cache).
  void set_decode_cache_enabled(bool on);

  // Disassembles the instruction at addr (Intel syntax), "" if unreadable.
  std::string disassemble(uint64_t addr) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace emu::cpu
