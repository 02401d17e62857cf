// The x64 unwind pass (RtlUnwindEx): walks the frames from a context up to
// a target frame, calling each frame's termination handler
// (UNW_FLAG_UHANDLER) with EXCEPTION_UNWINDING, the target frame's also with
// EXCEPTION_TARGET_UNWIND, then installs the target frame's context.
//
// DISPATCHER_CONTEXT.ContextRecord holds the context of the frame being
// unwound while its handler runs; handlers may change it, and for the
// target frame what they leave there is the context resumed (mingw-w64's
// C++ personality stores the exception selector in its rdx).
//
// A handler may itself call RtlUnwindEx (the C++ personality does, to run
// the cleanup or catch code of its frame). On Windows that nested walk
// passes through the dispatcher's own frames: from a dispatch handler on to
// the faulting context, from an unwind handler it collides with the outer
// unwind and carries on from the frame that one had reached, calling that
// frame's handler again with EXCEPTION_COLLIDED_UNWIND. Here the handlers
// were called by the emulator, so the walk reaches the return trap of the
// handler call instead, and continues where Session::x64_handler_calls says.
// (The dispatch walk does the same for an exception raised in a handler:
// mingw-w64 raises one from an unwind handler to reach a cleanup.)
#include <memory>

#include "winapi/runtime/seh_x64.h"
#include "winapi/runtime/session.h"

namespace emu::winapi {

namespace {

using namespace seh_x64;

struct Unwind {
  uint64_t target_frame = 0, target_ip = 0, record = 0, context = 0;
  cpu::Context outer;     // where an exception raised by a handler is dispatched on
  bool collided = false;  // the next handler call continues a collided unwind
  bool reached = false;   // the target frame was found
  std::function<void()> done;
};

void unwind_walk(Session& s, std::shared_ptr<Unwind> u, cpu::Context frame, int depth) {
  for (; depth < 256; ++depth) {
    if (frame.rip == s.guest_return_trap()) {
      if (const auto* call = handler_call_at(s, frame.gpr[cpu::RSP] - 8)) {
        u->collided = call->collided;
        frame = call->unwind_resume;
        continue;
      }
    }
    if (at_stack_end(s, frame)) break;
    auto fe = s.lookup_function_entry(frame.rip);
    if (!fe) {
      if (!unwind_leaf(s, frame)) break;
      continue;
    }
    cpu::Context caller = frame;
    const auto r = s.virtual_unwind(*fe, caller, 2);
    // A frame above the target: the target is not on this stack.
    if (!r.ok || r.establisher > u->target_frame) break;
    const bool last = r.establisher == u->target_frame;
    u->reached = last;
    s.write_context(u->context, frame);
    if (r.handler) {
      uint32_t flags = s.read_u32(u->record + 4) | kUnwinding;
      flags = last ? flags | kTargetUnwind : flags & ~kTargetUnwind;
      flags = u->collided ? flags | kCollidedUnwind : flags & ~kCollidedUnwind;
      s.write_u32(u->record + 4, flags);
      u->collided = false;
      const uint64_t dc = push_dispatcher_context(s, frame.rip, *fe, r, u->target_ip, u->context);
      s.call_guest(r.handler, {u->record, r.establisher, u->context, dc}, [&s, u, caller, depth, last](uint64_t) {
        drop_finished_handler_calls(s);
        s.write_u32(u->record + 4, s.read_u32(u->record + 4) & ~kCollidedUnwind);
        if (last) u->done();
        else unwind_walk(s, u, caller, depth + 1);
      });
      // An RtlUnwindEx from this handler collides with this unwind.
      note_handler_call(s, frame, true, u->outer);
      return;
    }
    if (last) break;
    frame = caller;
  }
  u->done();
}

// Reserves a CONTEXT below the stack for the walk and moves rsp under it.
uint64_t push_context(Session& s) {
  uint64_t sp = (s.cpu.reg(cpu::RSP) - 0x100) & ~0xFull;
  sp -= (s.context_size() + 0xF) & ~0xFull;
  s.cpu.set_reg(cpu::RSP, sp - 0x20);
  return sp;
}

}  // namespace

void Session::rtl_unwind_x64(const cpu::Context& from, uint64_t target_frame, uint64_t target_ip, uint64_t record,
                             std::function<void()> done) {
  auto u = std::make_shared<Unwind>();
  u->target_frame = target_frame;
  u->target_ip = target_ip;
  u->record = record;
  u->done = std::move(done);
  u->outer = from;
  u->context = push_context(*this);
  write_context(u->context, from);
  unwind_walk(*this, u, from, 0);
}

void Session::rtl_unwind_ex_x64(const cpu::Context& from, uint64_t target_frame, uint64_t target_ip, uint64_t record,
                                uint64_t return_value) {
  // Handler calls that have returned or were jumped out of lie below the
  // caller's stack pointer: no walk from here can pass through them.
  drop_finished_handler_calls(*this);
  auto u = std::make_shared<Unwind>();
  // An exit unwind (no target frame) runs every handler up to the end of
  // the stack and has nowhere to continue: the thread ends.
  u->target_frame = target_frame ? target_frame : ~0ull;
  u->target_ip = target_ip;
  u->outer = from;
  u->context = push_context(*this);
  write_context(u->context, from);
  if (!record || !mem.is_range_mapped(record, 0x98)) {
    record = (cpu.reg(cpu::RSP) - 0x100) & ~0xFull;
    write_exception_record(record, 0xC0000027, 0, from.rip, {});  // STATUS_UNWIND
    cpu.set_reg(cpu::RSP, record - 0x20);
  }
  u->record = record;
  if (!target_frame) write_u32(record + 4, read_u32(record + 4) | kExitUnwind);
  Session* s = this;
  Unwind* w = u.get();  // the walk holds u while it calls done
  const uint64_t caller_pc = from.rip;
  u->done = [s, w, target_frame, return_value, caller_pc] {
    if (!target_frame) s->end_run(RunEnd::Kind::ExitThread, 0);
    if (!w->reached) {
      boost::json::object e{{"type", "invalid_unwind_target"},
                            {"pc", caller_pc},
                            {"context_summary", "RtlUnwindEx: frame " + hex(target_frame) + " is not on the stack"}};
      s->end_with_error(std::move(e));
    }
    cpu::Context c = s->read_context(w->context);
    c.rip = w->target_ip;
    c.gpr[cpu::RAX] = return_value;
    s->cpu.set_context(c);
  };
  unwind_walk(*this, u, from, 0);
}

}  // namespace emu::winapi
