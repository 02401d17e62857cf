// libFuzzer target for the interpreter: random bytes run as code.
//
// Input: byte 0 picks the mode and options, the rest is code mapped RWX at
// kCode (up to 64 KiB, so code can branch within and write to itself). A
// data page and a stack are mapped; every general register points into the
// data page so that memory operands often hit mapped memory. One run with
// an instruction budget; whatever the stop reason, the process must not
// crash, hang or leak.
//   bit 0: 0 = 32-bit, 1 = 64-bit
//   bit 1: decode cache disabled
//   bit 2: a trap range over the last code page (API-stub style stops)
//   bit 3: registers point at unmapped memory instead (fault paths)
//   bit 4: TF set (single-step)
//   bits 5-7: run again after a stop, up to that many times
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "cpu/cpu.h"
#include "cpu/memory.h"

namespace {

constexpr uint64_t kCode = 0x10000;
constexpr uint64_t kData = 0x200000;
constexpr uint64_t kStack = 0x300000;
constexpr uint64_t kStackSize = 0x10000;
constexpr uint64_t kMaxCode = 0x10000;
constexpr uint64_t kBudget = 10000;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace emu::cpu;
  if (size < 2) return 0;
  const uint8_t opts = data[0];
  const uint8_t* code = data + 1;
  size_t code_size = size - 1 > kMaxCode ? kMaxCode : size - 1;

  Memory mem;
  mem.map(kCode, page_ceil(code_size), kPermRead | kPermWrite | kPermExec, "code");
  mem.write(kCode, code, code_size);
  mem.map(kData, kPageSize, kPermRead | kPermWrite, "data");
  mem.map(kStack, kStackSize, kPermRead | kPermWrite, "stack");

  Cpu cpu((opts & 1) ? Mode::X64 : Mode::X86, mem);
  if (opts & 2) cpu.set_decode_cache_enabled(false);
  if (opts & 4) {
    uint64_t last = page_floor(kCode + code_size - 1);
    cpu.add_trap_range(last, last + kPageSize);
  }
  for (int r = 0; r < kGprCount; ++r) {
    uint64_t base = (opts & 8) ? 0x7000000 : kData + 0x800;
    cpu.set_reg(Reg(r), base + 8 * uint64_t(r));
  }
  cpu.set_reg(RSP, kStack + kStackSize - 0x100);
  cpu.set_pc(kCode);
  if (opts & 16) cpu.set_eflags(cpu.eflags() | kTF);
  cpu.set_fs_base(kData);
  cpu.set_gs_base(kData);

  int reruns = opts >> 5;
  for (int i = 0; i <= reruns; ++i) {
    Stop s = cpu.run(kBudget);
    // Exercise the read-side API on whatever state the run left.
    (void)cpu.disassemble(s.pc);
    (void)cpu.context();
    (void)stop_name(s.kind);
    (void)fault_name(s.fault);
    if (s.kind == StopKind::Budget) break;
    // Resume past traps and interrupts the way the layers above would.
    if (s.kind == StopKind::Fault || s.kind == StopKind::Unimplemented || s.kind == StopKind::Halt) {
      cpu.set_pc(s.pc + 1);
    }
  }
  return 0;
}
