// Heuristic 1: more than one TLS callback. The engine runs each callback as
// an entry point of type "tls_callback_N" (Speakeasy's naming).
#include <set>

#include "triage/detectors.h"

namespace emu::triage {

void detect_tls_callbacks(const ReportView& r, const Settings&, Hit& hit) {
  std::set<uint64_t> addresses;
  std::vector<const EntryPointView*> callbacks;
  for (const EntryPointView& ep : r.entry_points())
    if (lower(ep.ep_type).rfind("tls_callback", 0) == 0 && addresses.insert(ep.start_addr).second)
      callbacks.push_back(&ep);
  if (addresses.size() < 2) return;
  hit.add_signature("multiple_tls_callbacks");
  for (const EntryPointView* ep : callbacks) hit.add_entry_point_evidence(*ep, "TLS callback at " + hex(ep->start_addr));
}

}  // namespace emu::triage
