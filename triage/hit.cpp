#include "triage/hit.h"

#include <algorithm>

namespace json = boost::json;

namespace emu::triage {

void Hit::add_signature(const std::string& sig) {
  if (std::find(signatures_.begin(), signatures_.end(), sig) == signatures_.end()) signatures_.push_back(sig);
}

void Hit::add_attack_id(const std::string& id) {
  if (std::find(extra_attack_ids_.begin(), extra_attack_ids_.end(), id) == extra_attack_ids_.end())
    extra_attack_ids_.push_back(id);
}

void Hit::push(json::object e, const EntryPointView* ep) {
  if (evidence_.size() >= kMaxEvidence) {
    ++omitted_;
    return;
  }
  if (ep) {
    e["entry_point"] = ep->index;
    e["ep_type"] = ep->ep_type;
    // A hit inside an exported function names the export (a DLL's behaviour
    // usually lives in one of them).
    if (ep->ep_type.rfind("export.", 0) == 0) tags_.add("file.pe.exports.function_name", ep->ep_type.substr(7));
  }
  evidence_.push_back(std::move(e));
}

void Hit::add_evidence(const EventView& ev, const std::string& why) {
  if (evidence_.size() >= kMaxEvidence) {  // counted, not built: a run may have thousands
    ++omitted_;
    return;
  }
  json::object e;
  for (const auto& kv : *ev.obj) {
    // Positions are flattened below; data references point into the
    // report's data store and mean nothing on their own.
    if (kv.key() == "pos" || kv.key() == "data_ref" || kv.key() == "body_ref" || kv.key() == "registers" ||
        kv.key() == "stack_trace")
      continue;
    e[kv.key()] = kv.value();
  }
  if (!e.contains("event")) e["event"] = ev.kind;
  e["pc"] = ev.pc ? json::value(*ev.pc) : json::value(nullptr);
  e["tick"] = ev.tick;
  if (!why.empty()) e["detail"] = why;
  push(std::move(e), ev.ep);
}

void Hit::add_entry_point_evidence(const EntryPointView& ep, const std::string& why) {
  json::object e;
  e["event"] = "entry_point";
  e["address"] = ep.start_addr;
  e["detail"] = why;
  push(std::move(e), &ep);
}

void Hit::add_segment_evidence(const EntryPointView& ep, const Segment& seg, const std::string& why) {
  json::object e;
  e["event"] = "dynamic_code_segment";
  e["address"] = seg.base;
  e["size"] = seg.size;
  e["tag"] = seg.tag;
  e["detail"] = why;
  push(std::move(e), &ep);
}

json::object Hit::to_json(const Heuristic& h) const {
  json::object o;
  o["id"] = h.id;
  o["name"] = h.name;
  o["score"] = h.score;
  json::array attack;
  for (const std::string& a : h.attack_ids) attack.emplace_back(a);
  for (const std::string& a : extra_attack_ids_)
    if (std::find(h.attack_ids.begin(), h.attack_ids.end(), a) == h.attack_ids.end()) attack.emplace_back(a);
  o["attack_ids"] = std::move(attack);
  o["description"] = h.description;
  json::array sigs;
  for (const std::string& s : signatures_) sigs.emplace_back(s);
  o["signatures"] = std::move(sigs);
  o["evidence"] = evidence_;
  o["evidence_omitted"] = omitted_;
  o["tags"] = tags_.to_json();
  return o;
}

}  // namespace emu::triage
