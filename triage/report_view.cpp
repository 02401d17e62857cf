#include "triage/report_view.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>

namespace json = boost::json;

namespace emu::triage {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = char(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

bool icontains(std::string_view hay, std::string_view needle) {
  return lower(hay).find(lower(needle)) != std::string::npos;
}

bool iends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && iequals(s.substr(s.size() - suffix.size()), suffix);
}

std::optional<uint64_t> parse_uint(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  int base = 10;
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    s.remove_prefix(2);
    base = 16;
  }
  if (s.empty()) return std::nullopt;
  uint64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v, base);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

std::string basename_of(std::string_view path) {
  size_t cut = path.find_last_of("\\/");
  return std::string(cut == std::string_view::npos ? path : path.substr(cut + 1));
}

bool is_module_image_tag(std::string_view tag) {
  return tag.rfind("emu.module.", 0) == 0 || tag.rfind("image:", 0) == 0;
}

std::string hex(uint64_t v) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
  return buf;
}

namespace {

const json::object* as_object(const json::value* v) { return v ? v->if_object() : nullptr; }

std::string string_field(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end() || !it->value().is_string()) return {};
  return std::string(it->value().get_string());
}

std::optional<uint64_t> uint_field(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end()) return std::nullopt;
  const json::value& v = it->value();
  if (v.is_uint64()) return v.get_uint64();
  if (v.is_int64() && v.get_int64() >= 0) return uint64_t(v.get_int64());
  if (v.is_string()) return parse_uint(v.get_string());
  return std::nullopt;
}

}  // namespace

bool EventView::api_is(std::string_view name) const {
  if (iequals(function, name)) return true;
  if (function.size() == name.size() + 1 && (function.back() == 'A' || function.back() == 'W'))
    return iequals(std::string_view(function).substr(0, name.size()), name);
  return false;
}

bool EventView::api_is_any(std::initializer_list<std::string_view> names) const {
  return std::any_of(names.begin(), names.end(), [&](std::string_view n) { return api_is(n); });
}

std::string EventView::arg(size_t i) const {
  auto it = obj->find("args");
  if (it == obj->end() || !it->value().is_array()) return {};
  const json::array& a = it->value().get_array();
  if (i >= a.size() || !a[i].is_string()) return {};
  return std::string(a[i].get_string());
}

std::optional<uint64_t> EventView::arg_uint(size_t i) const { return parse_uint(arg(i)); }

std::optional<uint64_t> EventView::ret_uint() const { return uint_field(*obj, "ret_val"); }

std::string EventView::str(std::string_view key) const { return string_field(*obj, key); }

std::optional<int64_t> EventView::integer(std::string_view key) const {
  auto v = uint_field(*obj, key);
  if (!v) return std::nullopt;
  return int64_t(*v);
}

std::string EventView::resolved() const { return lower(string_field(*obj, "resolved")); }

ReportView::ReportView(const json::object& report) : report_(report) {
  filetype_ = lower(string_field(report, "filetype"));
  image_base_ = uint_field(report, "image_base");

  auto eps_it = report.find("entry_points");
  const json::array* eps = (eps_it != report.end()) ? eps_it->value().if_array() : nullptr;
  if (!eps) return;

  // Entry points first: events keep pointers into eps_.
  std::vector<const json::object*> ep_objs;
  for (const json::value& v : *eps) {
    const json::object* o = v.if_object();
    if (!o) continue;
    EntryPointView ep;
    ep.index = eps_.size();
    ep.ep_type = string_field(*o, "ep_type");
    ep.start_addr = uint_field(*o, "start_addr").value_or(0);
    if (auto it = o->find("dynamic_code_segments"); it != o->end() && it->value().is_array()) {
      for (const json::value& s : it->value().get_array()) {
        const json::object* so = s.if_object();
        if (!so) continue;
        ep.dynamic_segments.push_back({string_field(*so, "tag"), uint_field(*so, "base").value_or(0),
                                       uint_field(*so, "size").value_or(0)});
      }
    }
    if (auto it = o->find("dropped_files"); it != o->end() && it->value().is_array())
      for (const json::value& d : it->value().get_array())
        if (d.is_object()) ep.dropped_files.push_back(&d.get_object());
    // The main image's extent, from the memory snapshot when there is one.
    if (auto it = o->find("memory"); it != o->end()) {
      const json::object* mem = it->value().if_object();
      const json::value* mods = mem ? mem->if_contains("modules") : nullptr;
      if (mods && mods->is_array() && image_base_) {
        for (const json::value& m : mods->get_array()) {
          const json::object* mo = m.if_object();
          if (!mo) continue;
          auto b = uint_field(*mo, "base");
          auto sz = uint_field(*mo, "size");
          if (b && sz && *b == *image_base_) image_ranges_.emplace_back(*b, *sz);
        }
      }
    }
    eps_.push_back(std::move(ep));
    ep_objs.push_back(o);
  }

  for (size_t i = 0; i < eps_.size(); ++i) {
    auto it = ep_objs[i]->find("events");
    if (it == ep_objs[i]->end() || !it->value().is_array()) continue;
    for (const json::value& e : it->value().get_array()) {
      const json::object* eo = e.if_object();
      if (!eo) continue;
      EventView ev;
      ev.obj = eo;
      ev.ep = &eps_[i];
      ev.kind = string_field(*eo, "event");
      if (ev.kind.empty() && eo->contains("api_name")) ev.kind = "api";  // "event" has a default of "api"
      if (const json::object* pos = as_object(eo->if_contains("pos"))) {
        ev.pc = uint_field(*pos, "pc");
        if (auto t = uint_field(*pos, "tick")) ev.tick = int64_t(*t);
      }
      if (ev.kind == "api") {
        std::string name = string_field(*eo, "api_name");
        size_t dot = name.rfind('.');  // module names may hold dots, export names do not
        if (dot == std::string::npos) {
          ev.function = name;
        } else {
          ev.module = lower(name.substr(0, dot));
          ev.function = name.substr(dot + 1);
        }
      }
      events_.push_back(std::move(ev));
    }
  }
}

bool ReportView::in_main_image(uint64_t addr) const {
  for (auto [b, sz] : image_ranges_)
    if (addr >= b && addr - b < sz) return true;
  return false;
}

}  // namespace emu::triage
