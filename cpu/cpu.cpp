// Placeholder until the interpreter lands: every run stops as unimplemented.
#include "cpu/cpu.h"
namespace emu::cpu {
struct Cpu::Impl { Mode mode; Memory& mem; Context ctx; uint64_t icount = 0; };
Cpu::Cpu(Mode mode, Memory& memory) : impl_(new Impl{mode, memory, {}}) {}
Cpu::~Cpu() = default;
Mode Cpu::mode() const { return impl_->mode; }
Memory& Cpu::memory() { return impl_->mem; }
uint64_t Cpu::reg(Reg r) const { return impl_->ctx.gpr[r]; }
void Cpu::set_reg(Reg r, uint64_t v) { impl_->ctx.gpr[r] = v; }
uint64_t Cpu::pc() const { return impl_->ctx.rip; }
void Cpu::set_pc(uint64_t pc) { impl_->ctx.rip = pc; }
uint32_t Cpu::eflags() const { return impl_->ctx.eflags; }
void Cpu::set_eflags(uint32_t v) { impl_->ctx.eflags = v; }
uint64_t Cpu::fs_base() const { return impl_->ctx.fs_base; }
uint64_t Cpu::gs_base() const { return impl_->ctx.gs_base; }
void Cpu::set_fs_base(uint64_t v) { impl_->ctx.fs_base = v; }
void Cpu::set_gs_base(uint64_t v) { impl_->ctx.gs_base = v; }
Context Cpu::context() const { return impl_->ctx; }
void Cpu::set_context(const Context& c) { impl_->ctx = c; }
bool Cpu::push(uint64_t) { return false; }
std::optional<uint64_t> Cpu::pop() { return std::nullopt; }
void Cpu::add_trap_range(uint64_t, uint64_t) {}
Stop Cpu::run(uint64_t) { Stop s; s.kind = StopKind::Unimplemented; s.pc = pc(); return s; }
void Cpu::request_stop() {}
uint64_t Cpu::instructions() const { return impl_->icount; }
void Cpu::flush_code_cache() {}
void Cpu::set_decode_cache_enabled(bool) {}
std::string Cpu::disassemble(uint64_t) const { return {}; }
const char* fault_name(FaultKind) { return "fault"; }
const char* stop_name(StopKind) { return "stop"; }
}  // namespace emu::cpu
