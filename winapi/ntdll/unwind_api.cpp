// Unwinding APIs that guest code calls itself: RtlUnwind (x86 and x64),
// RtlUnwindEx, and the x64 helpers compilers' runtimes use to walk their
// own stack (RtlCaptureContext, RtlLookupFunctionEntry, RtlVirtualUnwind,
// RtlRestoreContext). mingw-w64's C++ runtime throws with RaiseException
// and lands in a catch block through RtlUnwindEx.
#include "winapi/core/handler.h"

namespace emu::winapi {
namespace {

// The context of the handler's caller as if the call had returned: what
// RtlCaptureContext records and where RtlUnwindEx starts its walk.
cpu::Context caller_context(Call& c) {
  cpu::Context k = c.s.cpu.context();
  k.rip = c.return_address;
  k.gpr[cpu::RSP] = c.sp + c.s.ptr_size;
  return k;
}

// x64: unwinds to TargetFrame and continues at TargetIp with rax =
// ReturnValue; never returns. The CONTEXT and history table arguments are
// scratch space for the caller's benefit only.
uint64_t RtlUnwindEx(Call& c, Ptr target_frame, Ptr target_ip, Ptr record, Ptr return_value, Ptr, Ptr) {
  if (!c.s.x64) return 0;  // x86 has no RtlUnwindEx
  c.defer();
  c.s.rtl_unwind_ex_x64(caller_context(c), target_frame, target_ip, record, return_value);
  return 0;
}

// x86: calls the termination handlers of the FS:[0] frames above
// TargetFrame, unlinks them, and returns (eax = ReturnValue); TargetIp is
// unused. x64: RtlUnwindEx without a context record.
uint64_t RtlUnwind(Call& c, Ptr target_frame, Ptr target_ip, Ptr record, Ptr return_value) {
  c.defer();
  if (c.s.x64) {
    c.s.rtl_unwind_ex_x64(caller_context(c), target_frame, target_ip, record, return_value);
    return 0;
  }
  Call saved = c;
  Session* s = &c.s;
  c.s.rtl_unwind_x86(target_frame, record, [s, saved, return_value] { s->finish_api(saved, return_value); });
  return 0;
}

uint64_t RtlCaptureContext(Call& c, Ptr ctx) {
  c.s.write_context(ctx, caller_context(c));
  return 0;
}

// Continues at the context's rip with its registers; never returns.
uint64_t RtlRestoreContext(Call& c, Ptr ctx, Ptr) {
  c.defer();
  c.s.cpu.set_context(c.s.read_context(ctx));
  return 0;
}

uint64_t RtlLookupFunctionEntry(Call& c, uint64_t pc, Ptr base_out, Ptr) {
  auto f = c.s.lookup_function_entry(pc);
  if (!f) return 0;
  if (base_out) c.s.write_u64(base_out, f->image_base);
  return f->entry;
}

// One frame: updates the context to the caller's; returns the frame's
// handler of the requested kind (UNW_FLAG_EHANDLER / UHANDLER; none for
// UNW_FLAG_NHANDLER) with its data and the establisher frame.
uint64_t RtlVirtualUnwind(Call& c, uint32_t type, uint64_t base, uint64_t pc, Ptr entry, Ptr ctx, Ptr data,
                          Ptr frame, Ptr) {
  if (!c.s.x64 || !c.s.mem.is_range_mapped(entry, 12)) return 0;
  Session::FunctionEntry f;
  f.image_base = base;
  f.entry = entry;
  f.begin = c.s.read_u32(entry);
  f.end = c.s.read_u32(entry + 4);
  f.unwind = c.s.read_u32(entry + 8);
  cpu::Context k = c.s.read_context(ctx);
  k.rip = pc;
  auto u = c.s.virtual_unwind(f, k, type & 3);
  c.s.write_context(ctx, k);
  if (data) c.s.write_u64(data, u.handler_data);
  if (frame) c.s.write_u64(frame, u.establisher);
  return u.handler;
}

}  // namespace

void register_ntdll_unwind(ApiRegistry& r) {
  auto t = r.table("ntdll");
  t.add<&RtlUnwind>("RtlUnwind");
  t.add<&RtlUnwindEx>("RtlUnwindEx");
  t.add<&RtlCaptureContext>("RtlCaptureContext");
  t.add<&RtlRestoreContext>("RtlRestoreContext");
  t.add<&RtlLookupFunctionEntry>("RtlLookupFunctionEntry");
  t.add<&RtlVirtualUnwind>("RtlVirtualUnwind");
}

}  // namespace emu::winapi
