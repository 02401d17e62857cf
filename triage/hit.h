// What one heuristic found: its distinct signatures (one per behaviour, so a
// behaviour repeated a thousand times is still one signature), the events
// that show it, and its tags.
#pragma once

#include <string>
#include <vector>

#include <boost/json.hpp>

#include "triage/report_view.h"
#include "triage/tags.h"
#include "triage/triage.h"

namespace emu::triage {

// Evidence kept per hit; the rest is counted in "evidence_omitted".
inline constexpr size_t kMaxEvidence = 25;

class Hit {
 public:
  explicit Hit(int heuristic_id) : id_(heuristic_id) {}

  int id() const { return id_; }
  bool empty() const { return signatures_.empty(); }

  void add_signature(const std::string& sig);
  // The event as evidence: its fields (minus bulky ones) plus pc, tick and
  // the entry point it belongs to. `why` says what in it mattered.
  void add_evidence(const EventView& ev, const std::string& why = {});
  // Evidence that is not an event: an entry point or a code segment.
  void add_entry_point_evidence(const EntryPointView& ep, const std::string& why);
  void add_segment_evidence(const EntryPointView& ep, const Segment& seg, const std::string& why);
  void add_raw_evidence(boost::json::object e) { push(std::move(e), nullptr); }
  void omit() { ++omitted_; }  // evidence counted but not kept
  void add_attack_id(const std::string& id);  // beyond the table's, e.g. a sub-technique
  TagSet& tags() { return tags_; }
  const TagSet& tags() const { return tags_; }

  boost::json::object to_json(const Heuristic& h) const;

 private:
  void push(boost::json::object e, const EntryPointView* ep);

  int id_;
  std::vector<std::string> signatures_;
  std::vector<std::string> extra_attack_ids_;
  boost::json::array evidence_;
  size_t omitted_ = 0;
  TagSet tags_;
};

}  // namespace emu::triage
