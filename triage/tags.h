// Assemblyline tags: a tag path (from ../shared/assemblyline/tags.txt) mapped
// to distinct values in first-seen order. Network values are checked the
// way Assemblyline's Domain / IP / URI types check them, so a tag never
// carries a value Assemblyline would reject.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json.hpp>

namespace emu::triage {

// Every tag path this layer emits (a test checks each against tags.txt).
const std::vector<std::string>& emitted_tag_paths();

class TagSet {
 public:
  // Adds `value` under `path` unless empty, already present, or invalid
  // for the path's type. Returns whether it was added.
  bool add(const std::string& path, std::string_view value);
  void merge(const TagSet& other);
  bool empty() const { return tags_.empty(); }
  boost::json::object to_json() const;

 private:
  std::map<std::string, std::vector<std::string>> tags_;
};

bool is_ipv4(std::string_view s);
bool is_domain(std::string_view s);
bool is_uri(std::string_view s);

// Adds a host name as network.dynamic.ip or network.dynamic.domain.
void add_host_tag(TagSet& tags, std::string_view host);

}  // namespace emu::triage
