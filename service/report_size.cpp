#include "service/report_size.h"

#include <algorithm>

namespace emu::service {
namespace json = boost::json;

namespace {
json::array* events_of(json::value& ep) {
  if (!ep.is_object()) return nullptr;
  auto* ev = ep.get_object().if_contains("events");
  return ev && ev->is_array() ? &ev->get_array() : nullptr;
}

// The entry point with the most events, or null when none has any.
json::array* largest_events(json::object& report) {
  auto* eps = report.if_contains("entry_points");
  if (!eps || !eps->is_array()) return nullptr;
  json::array* best = nullptr;
  for (auto& ep : eps->get_array())
    if (auto* ev = events_of(ep); ev && !ev->empty() && (!best || ev->size() > best->size())) best = ev;
  return best;
}
}  // namespace

std::string serialize_within(json::object& report, uint64_t max_bytes) {
  std::string text = json::serialize(report);
  if (text.size() <= max_bytes) return text;
  uint64_t dropped = 0;
  // Halve the largest event list until the report fits: log2(n) rounds.
  while (text.size() > max_bytes) {
    json::array* ev = largest_events(report);
    if (!ev) break;
    const size_t keep = ev->size() / 2;
    dropped += ev->size() - keep;
    ev->resize(keep);
    text = json::serialize(report);
  }
  auto& limits = report["limits_hit"];
  if (!limits.is_array()) limits = json::array();
  bool noted = false;  // the engine may have noted it already (events it did not store)
  for (const auto& l : limits.get_array()) noted = noted || (l.is_string() && l.get_string() == "max_report_bytes");
  if (!noted) limits.get_array().push_back(json::string("max_report_bytes"));
  auto& errors = report["errors"];
  if (!errors.is_array()) errors = json::array();
  errors.get_array().push_back(json::object{
      {"type", "report_size_limit"},
      {"context_summary", "report larger than " + std::to_string(max_bytes) + " bytes: dropped " +
                              std::to_string(dropped) + " events from the end of the longest entry points"}});
  return json::serialize(report);
}

}  // namespace emu::service
