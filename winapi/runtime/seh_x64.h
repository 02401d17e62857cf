// Pieces shared by the x64 exception dispatch walk (seh.cpp) and the x64
// unwind walk (seh_unwind_x64.cpp): frame stepping, DISPATCHER_CONTEXT,
// and the record of guest language-handler calls in progress.
#pragma once

#include <cstdint>

#include "winapi/runtime/session.h"

namespace emu::winapi::seh_x64 {

inline constexpr uint32_t kContinueExecution = 0;
inline constexpr uint32_t kContinueSearch = 1;
// EXCEPTION_RECORD.ExceptionFlags.
inline constexpr uint32_t kUnwinding = 2;         // EXCEPTION_UNWINDING
inline constexpr uint32_t kExitUnwind = 4;        // EXCEPTION_EXIT_UNWIND
inline constexpr uint32_t kTargetUnwind = 0x20;   // EXCEPTION_TARGET_UNWIND
inline constexpr uint32_t kCollidedUnwind = 0x40; // EXCEPTION_COLLIDED_UNWIND

// A leaf function has no table entry: its return address is at rsp.
bool unwind_leaf(Session& s, cpu::Context& frame);

// The walk ends at the bottom of the guest's stack: the entry point's or a
// guest call's return trap.
bool at_stack_end(Session& s, const cpu::Context& frame);

// Writes a DISPATCHER_CONTEXT below the stack for a language handler call
// (TargetIp only in the unwind pass, else 0) and moves rsp under it with
// the 0x20-byte home area. Returns its address.
uint64_t push_dispatcher_context(Session& s, uint64_t control_pc, const Session::FunctionEntry& fe,
                                 const Session::UnwindResult& r, uint64_t target_ip, uint64_t context);

// Call right after Session::call_guest started a language handler: records
// where a walk leaving that handler's frames continues.
void note_handler_call(Session& s, const cpu::Context& unwind_resume, bool collided,
                       const cpu::Context& dispatch_resume);

// Call from a handler call's continuation: forgets the calls that have
// returned or were abandoned (their return slot lies below rsp).
void drop_finished_handler_calls(Session& s);

// The handler call whose return address slot is `slot`, if still in progress.
const Session::HandlerCall* handler_call_at(const Session& s, uint64_t slot);

}  // namespace emu::winapi::seh_x64
