// The public Cpu: state access, the run loop and the decode cache hookup.
//
// Instruction accounting: entering a block adds its whole record count to
// State::icount; a record that leaves early subtracts the records that did
// not retire (Insn::rem, see State::exit_at / jump / stop_after). A block
// that does not fit in the remaining budget runs one record at a time.
#include "cpu/cpu.h"

#include <Zydis/Zydis.h>

#include <atomic>

#include "cpu/code_cache.h"
#include "cpu/state.h"

namespace emu::cpu {

const char* fault_name(FaultKind k) {
  switch (k) {
    case FaultKind::None: return "none";
    case FaultKind::PageFault: return "page_fault";
    case FaultKind::GuardPage: return "guard_page";
    case FaultKind::GeneralProtection: return "general_protection";
    case FaultKind::DivideError: return "divide_error";
    case FaultKind::InvalidOpcode: return "invalid_opcode";
    case FaultKind::Breakpoint: return "breakpoint";
    case FaultKind::SingleStep: return "single_step";
    case FaultKind::Overflow: return "overflow";
    case FaultKind::BoundRange: return "bound_range";
  }
  return "unknown";
}

const char* stop_name(StopKind k) {
  switch (k) {
    case StopKind::Trap: return "trap";
    case StopKind::Fault: return "fault";
    case StopKind::Budget: return "budget";
    case StopKind::Halt: return "halt";
    case StopKind::Interrupt: return "interrupt";
    case StopKind::Syscall: return "syscall";
    case StopKind::Unimplemented: return "unimplemented";
    case StopKind::Interrupted: return "interrupted";
  }
  return "unknown";
}

struct Cpu::Impl {
  Impl(Mode m, Memory& memory) : mode(m), mem(memory), cache(s, m) {
    s.mem = &memory;
    s.cache = &cache;
    s.mode = m;
    s.mode_mask = m == Mode::X64 ? ~0ull : 0xFFFFFFFFull;
    s.flush_tlb();
    listener = memory.add_code_listener([this](uint64_t page) { cache.invalidate_page(page); });
  }
  ~Impl() { mem.remove_code_listener(listener); }

  Stop run(uint64_t max);
  bool step_block(Block* b, uint64_t limit);
  Stop make_stop(StopKind k) {
    Stop st;
    st.kind = k;
    st.pc = s.rip;
    return st;
  }

  Mode mode;
  Memory& mem;
  State s;
  CodeCache cache;
  uint64_t listener = 0;
  std::atomic<bool> stop_requested{false};
};

Stop Cpu::Impl::run(uint64_t max) {
  s.stopped = false;
  s.attention = false;
  s.stop = Stop{};
  const uint64_t limit = (s.icount + max < s.icount) ? ~0ull : s.icount + max;
  s.rip &= s.mode_mask;
  if (mem.generation() != s.tlb_gen) s.flush_tlb();
  for (;;) {
    // Slow checks, once per trip through the dispatcher.
    if (EMU_UNLIKELY(stop_requested.load(std::memory_order_relaxed))) {
      stop_requested.store(false, std::memory_order_relaxed);
      return make_stop(StopKind::Interrupted);
    }
    if (EMU_UNLIKELY(s.icount >= limit)) return make_stop(StopKind::Budget);
    Block* b = cache.lookup(s.rip);
    if (EMU_UNLIKELY(mem.generation() != s.tlb_gen)) s.flush_tlb();
    if (EMU_UNLIKELY(!b)) return s.stop;
    if (EMU_UNLIKELY(s.icount + b->count > limit || (s.eflags & kTF))) {
      if (step_block(b, limit)) return s.stop;
      continue;
    }
    // Fast path: chain blocks found in the front table while they fit.
    for (;;) {
      s.icount += b->count;
      const Insn* i = b->insns.data();
      do {
        i = i->fn(s, i);
      } while (i);
      if (EMU_UNLIKELY(s.stopped | s.attention)) break;
      b = cache.lookup_fast(s.rip);
      if (!b || s.icount + b->count > limit) break;
      if (EMU_UNLIKELY(stop_requested.load(std::memory_order_relaxed))) break;
    }
    if (EMU_UNLIKELY(s.stopped)) return s.stop;
    s.attention = false;
  }
}

// Runs one block a record at a time (budget edge or TF). True when the run stops.
bool Cpu::Impl::step_block(Block* b, uint64_t limit) {
  const bool single_step = s.eflags & kTF;
  const Insn* i = b->insns.data();
  while (i) {
    if (i->rem != 0 && s.icount >= limit) {
      s.rip = i->pc;
      s.stop = make_stop(StopKind::Budget);
      return true;
    }
    const bool counted = i->rem != 0;
    s.icount += i->rem;
    const Insn* n = i->fn(s, i);
    if (n) s.icount -= n->rem;
    if (s.stopped) return true;
    if (single_step && counted) {
      if (n) s.rip = n->pc;  // else the handler set rip (branch)
      s.eflags &= ~kTF;
      s.stopped = true;
      s.stop = Stop{};
      s.stop.kind = StopKind::Fault;
      s.stop.fault = FaultKind::SingleStep;
      s.stop.pc = s.rip;
      return true;
    }
    i = n;
  }
  return false;
}

Cpu::Cpu(Mode mode, Memory& memory) : impl_(std::make_unique<Impl>(mode, memory)) {}
Cpu::~Cpu() = default;

Mode Cpu::mode() const { return impl_->mode; }
Memory& Cpu::memory() { return impl_->mem; }

uint64_t Cpu::reg(Reg r) const { return r < kGprCount ? impl_->s.gpr[r] : 0; }
void Cpu::set_reg(Reg r, uint64_t v) {
  if (r < kGprCount) impl_->s.gpr[r] = v;
}
uint64_t Cpu::pc() const { return impl_->s.rip; }
void Cpu::set_pc(uint64_t pc) { impl_->s.rip = pc & impl_->s.mode_mask; }
uint32_t Cpu::eflags() const { return get_eflags(impl_->s); }
void Cpu::set_eflags(uint32_t v) { put_eflags(impl_->s, v); }
uint64_t Cpu::fs_base() const { return impl_->s.segbase[kSegFs]; }
uint64_t Cpu::gs_base() const { return impl_->s.segbase[kSegGs]; }
void Cpu::set_fs_base(uint64_t v) { impl_->s.segbase[kSegFs] = v & impl_->s.mode_mask; }
void Cpu::set_gs_base(uint64_t v) { impl_->s.segbase[kSegGs] = v & impl_->s.mode_mask; }

Context Cpu::context() const {
  const State& s = impl_->s;
  Context c;
  for (int k = 0; k < kGprCount; ++k) c.gpr[k] = s.gpr[k];
  c.rip = s.rip;
  c.eflags = get_eflags(s);
  c.fs_base = s.segbase[kSegFs];
  c.gs_base = s.segbase[kSegGs];
  for (int k = 0; k < 16; ++k) c.xmm[k] = Xmm{s.xmm[k].lo, s.xmm[k].hi};
  for (int k = 0; k < 16; ++k) c.ymm_hi[k] = Xmm{s.ymmh[k].lo, s.ymmh[k].hi};
  c.mxcsr = s.mxcsr;
  for (int k = 0; k < 8; ++k) c.st[k] = s.st[k];
  c.fpu_control = s.fpu_cw;
  c.fpu_status = s.fpu_sw;
  c.fpu_tag = s.fpu_tw;
  return c;
}

void Cpu::set_context(const Context& c) {
  State& s = impl_->s;
  for (int k = 0; k < kGprCount; ++k) s.gpr[k] = c.gpr[k];
  s.rip = c.rip & s.mode_mask;
  put_eflags(s, c.eflags);
  s.segbase[kSegFs] = c.fs_base & s.mode_mask;
  s.segbase[kSegGs] = c.gs_base & s.mode_mask;
  for (int k = 0; k < 16; ++k) s.xmm[k] = XmmReg{c.xmm[k].lo, c.xmm[k].hi};
  for (int k = 0; k < 16; ++k) s.ymmh[k] = XmmReg{c.ymm_hi[k].lo, c.ymm_hi[k].hi};
  s.mxcsr = c.mxcsr;
  for (int k = 0; k < 8; ++k) s.st[k] = c.st[k];
  s.fpu_cw = c.fpu_control;
  s.fpu_sw = c.fpu_status;
  s.fpu_tw = c.fpu_tag;
}

bool Cpu::push(uint64_t v) {
  State& s = impl_->s;
  if (s.mode == Mode::X64) {
    const uint64_t sp = s.gpr[RSP] - 8;
    if (!s.mem->write_as<uint64_t>(sp, v)) return false;
    s.gpr[RSP] = sp;
  } else {
    const uint32_t sp = static_cast<uint32_t>(s.gpr[RSP]) - 4;
    if (!s.mem->write_as<uint32_t>(sp, static_cast<uint32_t>(v))) return false;
    s.gpr[RSP] = sp;
  }
  return true;
}

std::optional<uint64_t> Cpu::pop() {
  State& s = impl_->s;
  if (s.mode == Mode::X64) {
    auto v = s.mem->read_as<uint64_t>(s.gpr[RSP]);
    if (!v) return std::nullopt;
    s.gpr[RSP] += 8;
    return *v;
  }
  const uint32_t sp = static_cast<uint32_t>(s.gpr[RSP]);
  auto v = s.mem->read_as<uint32_t>(sp);
  if (!v) return std::nullopt;
  s.gpr[RSP] = static_cast<uint32_t>(sp + 4);
  return *v;
}

void Cpu::add_trap_range(uint64_t begin, uint64_t end) { impl_->cache.add_trap_range(begin, end); }

Stop Cpu::run(uint64_t max_instructions) { return impl_->run(max_instructions); }

void Cpu::request_stop() { impl_->stop_requested.store(true, std::memory_order_relaxed); }

uint64_t Cpu::instructions() const { return impl_->s.icount; }

void Cpu::flush_code_cache() { impl_->cache.flush(); }

void Cpu::set_decode_cache_enabled(bool on) { impl_->cache.set_enabled(on); }

std::string Cpu::disassemble(uint64_t addr) const {
  uint8_t buf[ZYDIS_MAX_INSTRUCTION_LENGTH];
  size_t n = 0;
  for (; n < sizeof buf; ++n) {
    const Page* p = impl_->mem.page(addr + n);
    if (!p) break;
    buf[n] = p->data[(addr + n) & kPageMask];
  }
  if (n == 0) return {};
  ZydisDisassembledInstruction ins;
  if (!ZYAN_SUCCESS(ZydisDisassembleIntel(CodeCache::zydis_mode(impl_->mode), addr, buf, n, &ins)))
    return {};
  return ins.text;
}

}  // namespace emu::cpu
