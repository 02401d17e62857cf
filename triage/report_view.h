// A read-only view of the parts of a report that the heuristics look at:
// entry points in run order and their events, with tolerant accessors (a
// missing or mistyped field reads as absent, never throws).
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json.hpp>

namespace emu::triage {

struct Segment {
  std::string tag;
  uint64_t base = 0;
  uint64_t size = 0;
  bool contains(uint64_t a) const { return a >= base && a - base < size; }
};

struct EntryPointView {
  size_t index = 0;
  std::string ep_type;
  uint64_t start_addr = 0;
  std::vector<Segment> dynamic_segments;
  std::vector<const boost::json::object*> dropped_files;
};

// One event of one entry point. For api events, `module` is the lower-case
// module ("kernel32") and `function` the export name ("VirtualAlloc").
struct EventView {
  const boost::json::object* obj = nullptr;
  const EntryPointView* ep = nullptr;
  std::string kind;       // "api", "file_create", "net_dns", ...
  std::string module;     // api events only
  std::string function;   // api events only
  std::optional<uint64_t> pc;
  int64_t tick = 0;

  bool is_api() const { return kind == "api"; }
  // True when the function's name is `name` or `name` plus an A/W suffix,
  // case-insensitively ("CreateProcess" matches "CreateProcessW").
  bool api_is(std::string_view name) const;
  bool api_is_any(std::initializer_list<std::string_view> names) const;
  // api args[i] as a string ("" when absent) and as a number (hex or decimal).
  std::string arg(size_t i) const;
  std::optional<uint64_t> arg_uint(size_t i) const;
  std::optional<uint64_t> ret_uint() const;
  std::string str(std::string_view key) const;       // a string field of the event
  std::optional<int64_t> integer(std::string_view key) const;
  std::string resolved() const;                      // "import" | "dynamic" | ""
};

class ReportView {
 public:
  explicit ReportView(const boost::json::object& report);

  const boost::json::object& report() const { return report_; }
  const std::string& filetype() const { return filetype_; }  // lower case
  bool is_shellcode() const { return filetype_ == "shellcode"; }
  std::optional<uint64_t> image_base() const { return image_base_; }
  const std::vector<EntryPointView>& entry_points() const { return eps_; }
  const std::vector<EventView>& events() const { return events_; }  // run order
  // The main image's extent when the report says it (memory.modules), for
  // telling in-place unpacking from code in allocated memory.
  bool in_main_image(uint64_t addr) const;

 private:
  const boost::json::object& report_;
  std::string filetype_;
  std::optional<uint64_t> image_base_;
  std::vector<std::pair<uint64_t, uint64_t>> image_ranges_;
  std::vector<EntryPointView> eps_;
  std::vector<EventView> events_;
};

// A memory tag naming a module image: "emu.module.<name>" (Speakeasy) or
// "image:<name>" (this engine's loader).
bool is_module_image_tag(std::string_view tag);

// Helpers shared by the detectors.
std::string lower(std::string_view s);
bool iequals(std::string_view a, std::string_view b);
bool icontains(std::string_view hay, std::string_view needle);
bool iends_with(std::string_view s, std::string_view suffix);
std::optional<uint64_t> parse_uint(std::string_view s);   // "0x40", "64"
std::string basename_of(std::string_view path);            // after the last \ or /
std::string hex(uint64_t v);

}  // namespace emu::triage
