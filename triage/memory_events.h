// Protection changes and allocations read from api and mem_* events, shared
// by the RWX heuristics.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "triage/report_view.h"

namespace emu::triage {

struct RwxRequest {
  const EventView* ev;
  std::string what;                 // "kernel32.VirtualAlloc", "mem_protect", ...
  std::optional<uint64_t> base;     // when the report tells it (current process only)
  std::optional<uint64_t> size;
};

// True when a protection value (number or rendered constant) is both
// writable and executable: PAGE_EXECUTE_READWRITE or PAGE_EXECUTE_WRITECOPY,
// modifiers such as PAGE_GUARD aside.
bool is_write_execute(const std::string& protect);

// Every allocation or protection change to a writable+executable protection.
std::vector<RwxRequest> rwx_requests(const ReportView& r);

// Process handles: the pseudo-handle -1 (and an unreadable value, read
// conservatively as "maybe another process") decide what "remote" means.
bool is_current_process_handle(const std::string& arg);

}  // namespace emu::triage
