#include <sstream>
#include <string_view>

#include "triage/triage.h"

namespace json = boost::json;

namespace emu::triage {

std::string summary_text(const json::object& triage) {
  std::ostringstream out;
  auto num = [](const json::value* v) -> int64_t {
    if (!v) return 0;
    if (v->is_int64()) return v->get_int64();
    if (v->is_uint64()) return int64_t(v->get_uint64());
    return 0;
  };
  const json::value* verdict = triage.if_contains("verdict");
  out << "triage: score " << num(triage.if_contains("score"));
  if (verdict && verdict->is_string()) out << " (" << std::string_view(verdict->get_string()) << ")";
  const json::value* hits = triage.if_contains("hits");
  size_t n = hits && hits->is_array() ? hits->get_array().size() : 0;
  out << ", " << n << (n == 1 ? " heuristic" : " heuristics") << "\n";
  if (n) {
    for (const json::value& hv : hits->get_array()) {
      const json::object* h = hv.if_object();
      if (!h) continue;
      const json::value* name = h->if_contains("name");
      out << "  [" << num(h->if_contains("id")) << "] " << (name && name->is_string() ? std::string_view(name->get_string()) : std::string_view())
          << " (" << num(h->if_contains("score")) << ")";
      if (const json::value* a = h->if_contains("attack_ids"); a && a->is_array() && !a->get_array().empty()) {
        out << " ";
        bool first = true;
        for (const json::value& id : a->get_array())
          if (id.is_string()) out << (first ? "" : ",") << std::string_view(id.get_string()), first = false;
      }
      out << "\n";
    }
  }
  // A handful of indicators: hosts and URLs are what an analyst wants first.
  if (const json::value* tags = triage.if_contains("tags"); tags && tags->is_object()) {
    for (const char* path : {"network.dynamic.uri", "network.dynamic.domain", "network.dynamic.ip", "dynamic.mutex",
                             "dynamic.process.command_line"}) {
      const json::value* vals = tags->get_object().if_contains(path);
      if (!vals || !vals->is_array() || vals->get_array().empty()) continue;
      out << "  " << path << ":";
      size_t shown = 0;
      for (const json::value& v : vals->get_array()) {
        if (shown++ == 5) {
          out << " ...";
          break;
        }
        if (v.is_string()) out << " " << std::string_view(v.get_string());
      }
      out << "\n";
    }
  }
  return out.str();
}

}  // namespace emu::triage
