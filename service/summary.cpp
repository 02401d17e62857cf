#include "service/summary.h"

#include <cstdio>
#include <map>
#include <sstream>

#include "triage/triage.h"

namespace emu::service {
namespace json = boost::json;

namespace {
std::string hex(int64_t v) {
  char b[32];
  std::snprintf(b, sizeof b, "0x%llx", static_cast<unsigned long long>(v));
  return b;
}
std::string str(const json::object& o, std::string_view k, std::string dflt = "") {
  auto* v = o.if_contains(k);
  return v && v->is_string() ? std::string(v->get_string()) : dflt;
}
int64_t num(const json::object& o, std::string_view k, int64_t dflt = 0) {
  auto* v = o.if_contains(k);
  if (v && v->is_int64()) return v->get_int64();
  if (v && v->is_uint64()) return int64_t(v->get_uint64());
  return dflt;
}
const json::array* arr(const json::object& o, std::string_view k) {
  auto* v = o.if_contains(k);
  return v && v->is_array() ? &v->get_array() : nullptr;
}

std::string ending(const json::object& ep) {
  auto* e = ep.if_contains("error");
  if (e && e->is_object()) {
    const auto& err = e->get_object();
    std::string s = str(err, "type", "error");
    if (err.contains("pc") && err.at("pc").is_number()) s += " at " + hex(num(err, "pc"));
    if (err.contains("address") && err.at("address").is_number()) s += " (address " + hex(num(err, "address")) + ")";
    if (auto api = str(err, "api_name"); !api.empty()) s += " " + api;
    return s;
  }
  auto* r = ep.if_contains("ret_val");
  if (r && r->is_number()) return "returned " + hex(num(ep, "ret_val"));
  return "ended";
}
}  // namespace

std::string human_summary(const json::object& report) {
  std::ostringstream out;
  out << "file:      " << str(report, "filepath") << "\n";
  out << "sha256:    " << str(report, "sha256") << "\n";
  out << "type:      " << str(report, "arch", "?") << " " << str(report, "filetype", "?");
  if (report.contains("image_base") && report.at("image_base").is_number())
    out << ", image base " << hex(num(report, "image_base"));
  out << "\n";

  std::map<std::string, size_t> events_by_kind;
  size_t api_calls = 0, dyn_segments = 0;
  std::ostringstream eps_text;
  if (const auto* eps = arr(report, "entry_points")) {
    out << "entry points (" << eps->size() << "):\n";
    for (const auto& v : *eps) {
      if (!v.is_object()) continue;
      const auto& ep = v.get_object();
      size_t n_api = 0;
      if (const auto* ev = arr(ep, "events"))
        for (const auto& e : *ev)
          if (e.is_object()) {
            std::string kind = str(e.get_object(), "event", "api");
            ++events_by_kind[kind];
            if (kind == "api") ++n_api;
          }
      api_calls += n_api;
      if (const auto* d = arr(ep, "dynamic_code_segments")) dyn_segments += d->size();
      out << "  " << str(ep, "ep_type") << " " << hex(num(ep, "start_addr")) << ": " << ending(ep) << ", "
          << num(ep, "instr_count") << " instructions, " << n_api << " API calls\n";
    }
  }
  out << "API calls: " << api_calls << "\n";
  if (!events_by_kind.empty()) {
    out << "events:   ";
    for (const auto& [k, n] : events_by_kind) out << " " << k << " " << n;
    out << "\n";
  }
  out << "dynamic code: " << dyn_segments << " segment" << (dyn_segments == 1 ? "" : "s") << "\n";
  if (const auto* errs = arr(report, "errors"); errs && !errs->empty()) {
    out << "errors:    ";
    for (const auto& e : *errs)
      if (e.is_object()) out << " " << str(e.get_object(), "type", "error");
    out << "\n";
  }
  if (const auto* l = arr(report, "limits_hit"); l && !l->empty()) {
    out << "limits hit:";
    for (const auto& e : *l)
      if (e.is_string()) out << " " << e.get_string();
    out << "\n";
  }
  if (auto* t = report.if_contains("triage"); t && t->is_object()) out << triage::summary_text(t->get_object());
  return out.str();
}

}  // namespace emu::service
