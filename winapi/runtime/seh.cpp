// Exception dispatch to guest handlers, as KiUserExceptionDispatcher does:
// vectored handlers, then the x86 FS:[0] registration chain or the x64
// function tables, then the unhandled-exception filter. The handlers are
// guest code (or our handlers for imported ones such as
// _except_handler4_common and __C_specific_handler), called through
// Session::call_guest with continuations.
#include <memory>

#include "winapi/runtime/session.h"
#include "winapi/runtime/seh_x64.h"

namespace emu::winapi {

using seh_x64::kContinueExecution;
using seh_x64::kExitUnwind;
using seh_x64::kUnwinding;

uint64_t Session::write_exception_record(uint64_t at, uint32_t code, uint32_t flags, uint64_t address,
                                         const std::vector<uint64_t>& info) {
  const size_t size = x64 ? 0x98 : 0x50;
  std::vector<uint8_t> zero(size, 0);
  mem.write(at, zero.data(), zero.size());
  write_u32(at, code);
  write_u32(at + 4, flags);
  write_ptr(at + (x64 ? 0x10 : 0xC), address);
  write_u32(at + (x64 ? 0x18 : 0x10), static_cast<uint32_t>(std::min<size_t>(info.size(), 15)));
  for (size_t i = 0; i < info.size() && i < 15; ++i) write_ptr(at + (x64 ? 0x20 : 0x14) + i * ptr_size, info[i]);
  return at;
}

void Session::write_context(uint64_t at, const cpu::Context& c) {
  std::vector<uint8_t> zero(context_size(), 0);
  mem.write(at, zero.data(), zero.size());
  if (x64) {
    write_u32(at + 0x30, 0x10001F);
    write_u32(at + 0x34, c.mxcsr);
    write_u16(at + 0x38, 0x33);
    for (uint64_t o : {0x3Aull, 0x3Cull, 0x40ull, 0x42ull}) write_u16(at + o, 0x2B);
    write_u16(at + 0x3E, 0x53);
    write_u32(at + 0x44, c.eflags);
    for (int i = 0; i < 16; ++i) write_u64(at + 0x78 + 8 * i, c.gpr[i]);
    write_u64(at + 0xF8, c.rip);
    write_u16(at + 0x100, c.fpu_control);
    write_u32(at + 0x118, c.mxcsr);
    for (int i = 0; i < 16; ++i) {
      write_u64(at + 0x1A0 + 16 * i, c.xmm[i].lo);
      write_u64(at + 0x1A8 + 16 * i, c.xmm[i].hi);
    }
  } else {
    write_u32(at, 0x1003F);
    write_u32(at + 0x8C, 0x2B);
    write_u32(at + 0x90, 0x53);
    write_u32(at + 0x94, 0x2B);
    write_u32(at + 0x98, 0x2B);
    write_u32(at + 0x9C, static_cast<uint32_t>(c.gpr[cpu::RDI]));
    write_u32(at + 0xA0, static_cast<uint32_t>(c.gpr[cpu::RSI]));
    write_u32(at + 0xA4, static_cast<uint32_t>(c.gpr[cpu::RBX]));
    write_u32(at + 0xA8, static_cast<uint32_t>(c.gpr[cpu::RDX]));
    write_u32(at + 0xAC, static_cast<uint32_t>(c.gpr[cpu::RCX]));
    write_u32(at + 0xB0, static_cast<uint32_t>(c.gpr[cpu::RAX]));
    write_u32(at + 0xB4, static_cast<uint32_t>(c.gpr[cpu::RBP]));
    write_u32(at + 0xB8, static_cast<uint32_t>(c.rip));
    write_u32(at + 0xBC, 0x23);
    write_u32(at + 0xC0, c.eflags);
    write_u32(at + 0xC4, static_cast<uint32_t>(c.gpr[cpu::RSP]));
    write_u32(at + 0xC8, 0x2B);
  }
}

cpu::Context Session::read_context(uint64_t at) const {
  cpu::Context c = cpu.context();
  if (x64) {
    for (int i = 0; i < 16; ++i) c.gpr[i] = read_u64(at + 0x78 + 8 * i);
    c.rip = read_u64(at + 0xF8);
    c.eflags = read_u32(at + 0x44) | 0x2;
    for (int i = 0; i < 16; ++i) {
      c.xmm[i].lo = read_u64(at + 0x1A0 + 16 * i);
      c.xmm[i].hi = read_u64(at + 0x1A8 + 16 * i);
    }
  } else {
    c.gpr[cpu::RDI] = read_u32(at + 0x9C);
    c.gpr[cpu::RSI] = read_u32(at + 0xA0);
    c.gpr[cpu::RBX] = read_u32(at + 0xA4);
    c.gpr[cpu::RDX] = read_u32(at + 0xA8);
    c.gpr[cpu::RCX] = read_u32(at + 0xAC);
    c.gpr[cpu::RAX] = read_u32(at + 0xB0);
    c.gpr[cpu::RBP] = read_u32(at + 0xB4);
    c.rip = read_u32(at + 0xB8);
    c.eflags = read_u32(at + 0xC0) | 0x2;
    c.gpr[cpu::RSP] = read_u32(at + 0xC4);
  }
  return c;
}

void Session::dispatch_exception(uint32_t code, uint64_t pc, uint64_t, const std::vector<uint64_t>& info,
                                 const boost::json::object& err) {
  if (current && ++current->exceptions > 100000) end_with_error(err);
  if (x64) dispatch_x64(code, pc, info, err);
  else dispatch_x86(code, pc, info, err);
}

namespace {
// Shared state of one dispatch, kept alive by the continuations.
struct Dispatch {
  uint32_t code = 0;
  uint64_t record = 0, context = 0, pointers = 0;
  boost::json::object err;
  size_t vectored = 0;
};
}  // namespace

static void unhandled(Session& s, std::shared_ptr<Dispatch> d) {
  if (s.unhandled_filter) {
    const uint64_t filter = s.unhandled_filter;
    s.unhandled_filter = 0;  // a filter that faults must not loop
    s.call_guest(filter, {d->pointers}, [&s, d, filter](uint64_t r) {
      s.unhandled_filter = filter;
      if (static_cast<int32_t>(r) == -1) {
        s.cpu.set_context(s.read_context(d->context));
        return;
      }
      s.end_with_error(d->err);
    });
    return;
  }
  s.end_with_error(d->err);
}

static void vectored_then(Session& s, std::shared_ptr<Dispatch> d, std::function<void()> next) {
  if (d->vectored >= s.vectored_handlers.size()) { next(); return; }
  const uint64_t h = s.vectored_handlers[d->vectored++];
  s.call_guest(h, {d->pointers}, [&s, d, next](uint64_t r) {
    if (static_cast<int32_t>(r) == -1) {  // EXCEPTION_CONTINUE_EXECUTION
      s.cpu.set_context(s.read_context(d->context));
      return;
    }
    vectored_then(s, d, next);
  });
}

static std::shared_ptr<Dispatch> prepare(Session& s, uint32_t code, uint64_t pc, const std::vector<uint64_t>& info,
                                         boost::json::object err, uint32_t flags) {
  auto d = std::make_shared<Dispatch>();
  d->code = code;
  d->err = std::move(err);
  const cpu::Context ctx = s.cpu.context();
  uint64_t sp = (s.cpu.reg(cpu::RSP) - 0x100) & ~0xFull;
  sp -= (s.context_size() + 0xF) & ~0xFull;
  d->context = sp;
  cpu::Context faulting = ctx;
  faulting.rip = pc;
  s.write_context(d->context, faulting);
  sp -= 0xA0;
  d->record = sp;
  s.write_exception_record(d->record, code, flags, pc, info);
  sp -= 0x10;
  d->pointers = sp;
  s.write_ptr(d->pointers, d->record);
  s.write_ptr(d->pointers + s.ptr_size, d->context);
  s.cpu.set_reg(cpu::RSP, sp - 0x20);
  return d;
}

static void emit_exception(Session& s, uint32_t code, uint64_t pc, uint64_t handler, const boost::json::object& err) {
  boost::json::object ev;
  ev["instr"] = normalize_instr(s.cpu.disassemble(pc));
  ev["exception_code"] = hex(code);
  ev["handler_address"] = hex(handler);
  ev["registers"] = err.contains("regs") ? err.at("regs") : boost::json::object();
  if (err.contains("address")) ev["faulting_address"] = hex(err.at("address").to_number<uint64_t>());
  if (err.contains("pc_module")) ev["pc_module"] = err.at("pc_module");
  s.emit("exception", std::move(ev));
}

// ---- x86: the FS:[0] chain ----

static void walk_x86(Session& s, std::shared_ptr<Dispatch> d, uint64_t frame, int depth) {
  if (frame == 0xFFFFFFFF || frame == 0 || depth > 256 || !s.mem.is_range_mapped(frame, 8)) {
    unhandled(s, d);
    return;
  }
  const uint64_t handler = s.read_u32(frame + 4);
  s.call_guest(handler, {d->record, frame, d->context, 0}, [&s, d, frame, depth](uint64_t r) {
    if (r == kContinueExecution) {
      s.cpu.set_context(s.read_context(d->context));
      return;
    }
    walk_x86(s, d, s.read_u32(frame), depth + 1);
  });
}

void Session::dispatch_x86(uint32_t code, uint64_t pc, const std::vector<uint64_t>& info, boost::json::object err,
                           uint32_t flags) {
  const uint64_t head = read_u32(teb());
  emit_exception(*this, code, pc, head != 0xFFFFFFFF && head ? read_u32(head + 4) : 0, err);
  auto d = prepare(*this, code, pc, info, std::move(err), flags);
  vectored_then(*this, d, [this, d] { walk_x86(*this, d, read_u32(teb()), 0); });
}

void Session::rtl_unwind_x86(uint64_t target_frame, uint64_t record, std::function<void()> done) {
  if (!record) {
    record = (cpu.reg(cpu::RSP) - 0x200) & ~0xFull;
    write_exception_record(record, 0xC0000027, 0, cpu.pc(), {});  // STATUS_UNWIND
  }
  write_u32(record + 4, read_u32(record + 4) | kUnwinding | (target_frame ? 0 : kExitUnwind));
  const uint64_t ctx = (cpu.reg(cpu::RSP) - 0x600) & ~0xFull;
  write_context(ctx, cpu.context());
  cpu.set_reg(cpu::RSP, ctx - 0x40);
  // The step holds itself only weakly (a strong self-capture would never be
  // freed); the pending guest call's continuation keeps it alive.
  auto step = std::make_shared<std::function<void(int)>>();
  std::weak_ptr<std::function<void(int)>> weak_step = step;
  *step = [this, target_frame, record, ctx, done, weak_step](int depth) {
    const uint64_t frame = read_u32(teb());
    if (frame == target_frame || frame == 0xFFFFFFFF || frame == 0 || depth > 256 || !mem.is_range_mapped(frame, 8)) {
      done();
      return;
    }
    auto step = weak_step.lock();
    call_guest(read_u32(frame + 4), {record, frame, ctx, 0}, [this, frame, step, depth](uint64_t) {
      write_u32(teb(), read_u32(frame));  // unlink the frame
      (*step)(depth + 1);
    });
  };
  (*step)(0);
}

void Session::raise_from_api(uint32_t code, uint32_t flags, const std::vector<uint64_t>& info) {
  // The exception appears to come from RaiseException's caller.
  boost::json::object err{{"type", "unhandled_exception"}, {"pc", cpu.pc()}, {"context_summary", "RaiseException " + hex(code)}};
  if (!cfg.dispatch_exceptions) end_with_error(std::move(err));
  const uint64_t pc = cpu.pc();
  if (x64) dispatch_x64(code, pc, info, std::move(err), flags);
  else dispatch_x86(code, pc, info, std::move(err), flags);
}

// ---- x64: function tables ----

using seh_x64::at_stack_end;
using seh_x64::push_dispatcher_context;
using seh_x64::unwind_leaf;

static void walk_x64(Session& s, std::shared_ptr<Dispatch> d, cpu::Context frame, int depth) {
  for (; depth < 256; ++depth) {
    // Raised inside a language handler: on through the frames it serves.
    if (frame.rip == s.guest_return_trap())
      if (const auto* call = seh_x64::handler_call_at(s, frame.gpr[cpu::RSP] - 8)) {
        frame = call->dispatch_resume;
        continue;
      }
    if (at_stack_end(s, frame)) break;
    auto fe = s.lookup_function_entry(frame.rip);
    if (!fe) {
      if (!unwind_leaf(s, frame)) break;
      continue;
    }
    cpu::Context caller = frame;
    const auto u = s.virtual_unwind(*fe, caller, 1);
    if (!u.ok) break;
    if (u.handler) {
      const uint64_t dc = push_dispatcher_context(s, frame.rip, *fe, u, 0, d->context);
      Session::X64Frame xf;
      xf.ctx = frame;
      xf.record = d->record;
      xf.context_ptr = d->context;
      xf.pointers = d->pointers;
      xf.image_base = fe->image_base;
      xf.establisher = u.establisher;
      s.x64_frames.push_back(xf);
      const size_t level = s.x64_frames.size();
      s.call_guest(u.handler, {d->record, u.establisher, d->context, dc}, [&s, d, caller, depth, level](uint64_t r) {
        seh_x64::drop_finished_handler_calls(s);
        if (s.x64_frames.size() >= level) s.x64_frames.resize(level - 1);
        if (r == kContinueExecution) {
          s.cpu.set_context(s.read_context(d->context));
          return;
        }
        walk_x64(s, d, caller, depth + 1);
      });
      // An RtlUnwindEx or a new exception from this handler walks on from
      // the faulting context.
      const cpu::Context faulting = s.read_context(d->context);
      seh_x64::note_handler_call(s, faulting, false, faulting);
      return;
    }
    frame = caller;
  }
  unhandled(s, d);
}

void Session::dispatch_x64(uint32_t code, uint64_t pc, const std::vector<uint64_t>& info, boost::json::object err,
                           uint32_t flags) {
  emit_exception(*this, code, pc, 0, err);
  cpu::Context start = cpu.context();
  start.rip = pc;
  auto d = prepare(*this, code, pc, info, std::move(err), flags);
  vectored_then(*this, d, [this, d, start] { walk_x64(*this, d, start, 0); });
}

}  // namespace emu::winapi
