// Self-resolved API calls: shellcode (7) and export-table walking (12).
//
// The engine marks each api event with "resolved": "import" when the call
// went through an address the loader wrote into an import table, and
// "dynamic" when the guest reached it through an address it found itself
// (a GetProcAddress result, or its own walk of PEB->Ldr and an export
// directory). Raw shellcode has no import table, so every call it makes is
// self-resolved whatever the field says.
#include <set>

#include "triage/detectors.h"

namespace emu::triage {

namespace {

bool self_resolved(const ReportView& r, const EventView& ev) {
  std::string how = ev.resolved();
  if (r.is_shellcode()) return how != "import";
  return how == "dynamic";
}

// Code in memory a PE allocated has no import table of its own: its calls
// count as self-resolved unless the engine says they went through imports.
// Code the image unpacked over its own sections is heuristic 20's business.
const Segment* dynamic_segment_of(const ReportView& r, const EventView& ev) {
  if (!ev.pc) return nullptr;
  for (const EntryPointView& ep : r.entry_points())
    for (const Segment& seg : ep.dynamic_segments)
      if (seg.contains(*ev.pc) && !is_module_image_tag(seg.tag) && !r.in_main_image(seg.base)) return &seg;
  return nullptr;
}

bool is_api_lookup(const EventView& ev) {
  return ev.api_is_any({"GetProcAddress", "LdrGetProcedureAddress", "LdrGetProcedureAddressEx"});
}

}  // namespace

void detect_shellcode(const ReportView& r, const Settings&, Hit& hit) {
  if (r.is_shellcode()) {
    for (const EventView& ev : r.events()) {
      if (!ev.is_api() || !self_resolved(r, ev)) continue;
      hit.add_signature("shellcode_api_calls");
      hit.add_evidence(ev, "shellcode called a Windows API it resolved itself");
    }
    if (!hit.empty()) hit.tags().add("technique.shellcode", "Shellcode resolving Windows APIs");
    return;
  }
  for (const EventView& ev : r.events()) {
    if (!ev.is_api() || ev.resolved() == "import") continue;
    const Segment* seg = dynamic_segment_of(r, ev);
    if (!seg) continue;
    hit.add_signature("dynamic_code_api_calls");
    hit.add_evidence(ev, "code in dynamic segment " + seg->tag + " at " + hex(seg->base) + " called a Windows API");
  }
  if (!hit.empty()) hit.tags().add("technique.shellcode", "Injected or staged code resolving Windows APIs");
}

void detect_export_walking(const ReportView& r, const Settings&, Hit& hit) {
  // Functions the guest looked up by name: calling those is heuristic 4's
  // concern, not export walking.
  std::set<std::string> looked_up;
  for (const EventView& ev : r.events()) {
    if (!ev.is_api()) continue;
    if (self_resolved(r, ev) && !looked_up.count(lower(ev.function))) {
      hit.add_signature("export_table_walk");
      hit.add_evidence(ev, ev.function + " was called without an import or a GetProcAddress lookup");
    }
    if (is_api_lookup(ev) && !ev.arg(1).empty()) looked_up.insert(lower(ev.arg(1)));
  }
  if (!hit.empty()) hit.tags().add("technique.obfuscation", "API resolution by export-table walking");
}

}  // namespace emu::triage
