#include "triage/memory_events.h"

namespace emu::triage {

bool is_write_execute(const std::string& protect) {
  if (auto v = parse_uint(protect)) {
    uint64_t base = *v & 0xff;  // PAGE_GUARD, PAGE_NOCACHE, ... sit above the low byte
    return base == 0x40 || base == 0x80;
  }
  return icontains(protect, "EXECUTE_READWRITE") || icontains(protect, "EXECUTE_WRITECOPY") ||
         iequals(protect, "rwx");
}

bool is_current_process_handle(const std::string& arg) {
  if (arg == "-1") return true;
  auto v = parse_uint(arg);
  return v && (*v == 0xffffffffull || *v == 0xffffffffffffffffull);
}

std::vector<RwxRequest> rwx_requests(const ReportView& r) {
  std::vector<RwxRequest> out;
  for (const EventView& ev : r.events()) {
    if (ev.kind == "mem_alloc" || ev.kind == "mem_protect") {
      if (!is_write_execute(ev.str("protect"))) continue;
      // The engine marks memory of another process with path "remote": its
      // base is not an address of this process.
      bool remote = ev.str("path") == "remote";
      out.push_back({&ev, ev.kind, remote ? std::nullopt : parse_uint(ev.str("base")), parse_uint(ev.str("size"))});
      continue;
    }
    if (!ev.is_api()) continue;
    const std::string& f = ev.function;
    // Index of the protection argument, and whether base/size are readable.
    int prot = -1;
    std::optional<uint64_t> base, size;
    if (iequals(f, "VirtualAlloc")) {
      prot = 3;
      base = ev.ret_uint();
      size = ev.arg_uint(1);
    } else if (iequals(f, "VirtualAllocEx") || iequals(f, "VirtualAllocExNuma") || iequals(f, "VirtualAlloc2")) {
      prot = 4;
      if (is_current_process_handle(ev.arg(0))) {
        base = ev.ret_uint();
        size = ev.arg_uint(2);
      }
    } else if (iequals(f, "VirtualProtect")) {
      prot = 2;
      base = ev.arg_uint(0);
      size = ev.arg_uint(1);
    } else if (iequals(f, "VirtualProtectEx")) {
      prot = 3;
      if (is_current_process_handle(ev.arg(0))) {
        base = ev.arg_uint(1);
        size = ev.arg_uint(2);
      }
    } else if (iequals(f, "NtAllocateVirtualMemory") || iequals(f, "ZwAllocateVirtualMemory")) {
      prot = 5;  // base and size are in/out pointers: not readable from the event
    } else if (iequals(f, "NtAllocateVirtualMemoryEx") || iequals(f, "ZwAllocateVirtualMemoryEx")) {
      prot = 4;
    } else if (iequals(f, "NtProtectVirtualMemory") || iequals(f, "ZwProtectVirtualMemory")) {
      prot = 3;
    }
    if (prot < 0 || !is_write_execute(ev.arg(size_t(prot)))) continue;
    if (base && *base == 0) base.reset();  // a failed allocation
    out.push_back({&ev, ev.module.empty() ? f : ev.module + "." + f, base, size});
  }
  return out;
}

}  // namespace emu::triage
