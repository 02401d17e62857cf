// Heuristics over memory: RWX requests (2), dynamic code (6), code unpacked
// in place (20), and RWX memory that then ran (21).
#include "triage/detectors.h"
#include "triage/memory_events.h"

namespace emu::triage {

void detect_rwx_memory(const ReportView& r, const Settings&, Hit& hit) {
  for (const RwxRequest& q : rwx_requests(r)) {
    hit.add_signature("rwx_memory");
    hit.add_evidence(*q.ev, "writable and executable protection requested by " + q.what);
  }
}

void detect_dynamic_code(const ReportView& r, const Settings&, Hit& hit) {
  for (const EntryPointView& ep : r.entry_points())
    for (const Segment& seg : ep.dynamic_segments) {
      hit.add_signature("dynamic_code_executed");
      hit.add_segment_evidence(ep, seg, "code ran from memory allocated or written at run time");
    }
}

namespace {

// A dynamic segment in a module image's memory is code the image wrote
// over its own sections.
bool in_own_image(const ReportView& r, const Segment& seg) {
  return is_module_image_tag(seg.tag) || r.in_main_image(seg.base);
}

}  // namespace

void detect_unpacked_code(const ReportView& r, const Settings&, Hit& hit) {
  if (r.is_shellcode()) return;
  for (const EntryPointView& ep : r.entry_points())
    for (const Segment& seg : ep.dynamic_segments)
      if (in_own_image(r, seg)) {
        hit.add_signature("unpacked_in_place");
        hit.add_segment_evidence(ep, seg, "code written over the image's own sections ran");
      }
}

void detect_rwx_code_executed(const ReportView& r, const Settings&, Hit& hit) {
  std::vector<RwxRequest> reqs = rwx_requests(r);
  for (const EntryPointView& ep : r.entry_points())
    for (const Segment& seg : ep.dynamic_segments)
      for (const RwxRequest& q : reqs) {
        if (!q.base) continue;
        uint64_t size = q.size.value_or(1);
        bool overlaps = seg.base < *q.base + size && *q.base < seg.base + seg.size;
        if (!overlaps) continue;
        hit.add_signature("rwx_memory_executed");
        hit.add_evidence(*q.ev, "writable and executable memory at " + hex(*q.base));
        hit.add_segment_evidence(ep, seg, "code ran in that memory");
        break;
      }
}

}  // namespace emu::triage
