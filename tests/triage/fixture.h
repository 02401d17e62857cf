// Report fixtures (tests/triage/fixtures/*.json, valid against Speakeasy's
// report schema 3.0.0: tests/python checks that) and small accessors over
// evaluate()'s result.
#pragma once

#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "triage/triage.h"

namespace emu::triage::test {

inline std::string read_text(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw std::runtime_error("cannot read " + path);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

inline std::string fixture_dir() { return std::string(EMU_SOURCE_DIR) + "/tests/triage/fixtures/"; }

inline boost::json::object fixture(const std::string& name) {
  return boost::json::parse(read_text(fixture_dir() + name + ".json")).as_object();
}

inline boost::json::object triage_of(const std::string& name, const Settings& s = default_settings()) {
  return evaluate(fixture(name), s);
}

inline std::set<int> hit_ids(const boost::json::object& triage) {
  std::set<int> ids;
  for (const auto& h : triage.at("hits").as_array()) ids.insert(int(h.at("id").as_int64()));
  return ids;
}

// The hit for `id`; throws when absent so a test fails with a clear message.
inline const boost::json::object& hit(const boost::json::object& triage, int id) {
  for (const auto& h : triage.at("hits").as_array())
    if (h.at("id").as_int64() == id) return h.as_object();
  throw std::runtime_error("no hit for heuristic " + std::to_string(id));
}

inline std::vector<std::string> strings(const boost::json::value& v) {
  std::vector<std::string> out;
  for (const auto& s : v.as_array()) out.emplace_back(s.as_string());
  return out;
}

inline std::vector<std::string> tag_values(const boost::json::object& tags_owner, const std::string& path) {
  const auto& tags = tags_owner.at("tags").as_object();
  auto it = tags.find(path);
  return it == tags.end() ? std::vector<std::string>{} : strings(it->value());
}

inline bool contains(const std::vector<std::string>& v, const std::string& s) {
  for (const auto& x : v)
    if (x == s) return true;
  return false;
}

}  // namespace emu::triage::test
