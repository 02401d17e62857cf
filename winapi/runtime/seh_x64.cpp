#include "winapi/runtime/seh_x64.h"

#include <algorithm>
#include <vector>

namespace emu::winapi::seh_x64 {

bool unwind_leaf(Session& s, cpu::Context& frame) {
  if (!s.mem.is_range_mapped(frame.gpr[cpu::RSP], 8)) return false;
  frame.rip = s.read_u64(frame.gpr[cpu::RSP]);
  frame.gpr[cpu::RSP] += 8;
  return true;
}

bool at_stack_end(Session& s, const cpu::Context& frame) {
  return frame.rip == 0 || frame.rip == s.ep_return_trap() || frame.rip == s.guest_return_trap();
}

uint64_t push_dispatcher_context(Session& s, uint64_t control_pc, const Session::FunctionEntry& fe,
                                 const Session::UnwindResult& r, uint64_t target_ip, uint64_t context) {
  const uint64_t dc = (s.cpu.reg(cpu::RSP) - 0x80) & ~0xFull;
  std::vector<uint8_t> z(0x50, 0);
  s.mem.write(dc, z.data(), z.size());
  s.write_u64(dc + 0x00, control_pc);
  s.write_u64(dc + 0x08, fe.image_base);
  s.write_u64(dc + 0x10, fe.entry);
  s.write_u64(dc + 0x18, r.establisher);
  s.write_u64(dc + 0x20, target_ip);
  s.write_u64(dc + 0x28, context);
  s.write_u64(dc + 0x30, r.handler);
  s.write_u64(dc + 0x38, r.handler_data);
  s.cpu.set_reg(cpu::RSP, dc - 0x20);
  return dc;
}

void note_handler_call(Session& s, const cpu::Context& unwind_resume, bool collided,
                       const cpu::Context& dispatch_resume) {
  const uint64_t slot = s.cpu.reg(cpu::RSP);  // call_guest left rsp at the return address
  auto& calls = s.x64_handler_calls;
  // Calls at or below this one are over: their frames are being reused.
  std::erase_if(calls, [slot](const Session::HandlerCall& h) { return h.call_sp <= slot; });
  // Guest code that abandons handler calls without unwinding (a longjmp
  // out of a handler) must not grow the list without bound.
  if (calls.size() >= 256) calls.erase(calls.begin(), calls.begin() + 128);
  calls.push_back({slot, unwind_resume, collided, dispatch_resume});
}

void drop_finished_handler_calls(Session& s) {
  const uint64_t sp = s.cpu.reg(cpu::RSP);
  std::erase_if(s.x64_handler_calls, [sp](const Session::HandlerCall& h) { return h.call_sp < sp; });
}

const Session::HandlerCall* handler_call_at(const Session& s, uint64_t slot) {
  for (auto it = s.x64_handler_calls.rbegin(); it != s.x64_handler_calls.rend(); ++it)
    if (it->call_sp == slot) return &*it;
  return nullptr;
}

}  // namespace emu::winapi::seh_x64
