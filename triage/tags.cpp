#include "triage/tags.h"

#include <algorithm>
#include <cctype>

#include "triage/report_view.h"

namespace emu::triage {

const std::vector<std::string>& emitted_tag_paths() {
  static const std::vector<std::string> paths = {
      "dynamic.autorun_location",      "dynamic.mutex",
      "dynamic.process.command_line",  "dynamic.process.file_name",
      "dynamic.registry_key",          "file.pe.exports.function_name",
      "file.string.api",               "network.dynamic.domain",
      "network.dynamic.ip",            "network.dynamic.uri",
      "network.dynamic.uri_path",      "network.port",
      "network.protocol",              "network.user_agent",
      "technique.obfuscation",         "technique.packer",
      "technique.persistence",         "technique.shellcode",
  };
  return paths;
}

bool is_ipv4(std::string_view s) {
  int parts = 0;
  size_t i = 0;
  while (i <= s.size()) {
    size_t j = i;
    unsigned v = 0;
    while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j])) && j - i < 4) v = v * 10 + unsigned(s[j++] - '0');
    if (j == i || j - i > 3 || v > 255) return false;
    ++parts;
    if (j == s.size()) break;
    if (s[j] != '.') return false;
    i = j + 1;
  }
  return parts == 4;
}

bool is_domain(std::string_view s) {
  if (s.empty() || s.size() > 253 || is_ipv4(s)) return false;
  if (s.back() == '.') s.remove_suffix(1);
  size_t labels = 0;
  size_t start = 0;
  std::string_view last;
  while (true) {
    size_t dot = s.find('.', start);
    std::string_view label = s.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
    for (char c : label)
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
    ++labels;
    last = label;
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  // A top-level domain is letters (or an IDN "xn--" label).
  bool tld_ok = last.size() >= 2 && (std::all_of(last.begin(), last.end(), [](char c) {
                  return std::isalpha(static_cast<unsigned char>(c)) != 0;
                }) || lower(last).rfind("xn--", 0) == 0);
  return labels >= 2 && tld_ok;
}

bool is_uri(std::string_view s) {
  size_t colon = s.find("://");
  if (colon == std::string_view::npos || colon == 0) return false;
  for (size_t i = 0; i < colon; ++i)
    if (!std::isalnum(static_cast<unsigned char>(s[i])) && s[i] != '+' && s[i] != '-' && s[i] != '.') return false;
  std::string_view rest = s.substr(colon + 3);
  if (rest.empty() || rest.front() == '/') return false;
  return std::none_of(s.begin(), s.end(), [](char c) { return std::isspace(static_cast<unsigned char>(c)) || c < 0x20; });
}

bool TagSet::add(const std::string& path, std::string_view value) {
  while (!value.empty() && std::isspace(static_cast<unsigned char>(value.front()))) value.remove_prefix(1);
  while (!value.empty() && std::isspace(static_cast<unsigned char>(value.back()))) value.remove_suffix(1);
  if (value.empty()) return false;
  if (path == "network.dynamic.domain" && !is_domain(value)) return false;
  if (path == "network.dynamic.ip" && !is_ipv4(value)) return false;
  if (path == "network.dynamic.uri" && !is_uri(value)) return false;
  if (path == "network.dynamic.uri_path" && value.front() != '/') return false;
  if (path == "network.port" && !parse_uint(value)) return false;
  std::vector<std::string>& vals = tags_[path];
  std::string v = path == "network.dynamic.domain" ? lower(value) : std::string(value);
  if (std::find(vals.begin(), vals.end(), v) != vals.end()) return false;
  vals.push_back(std::move(v));
  return true;
}

void TagSet::merge(const TagSet& other) {
  for (const auto& [path, vals] : other.tags_)
    for (const std::string& v : vals) add(path, v);
}

boost::json::object TagSet::to_json() const {
  boost::json::object o;
  for (const auto& [path, vals] : tags_) {
    boost::json::array a;
    for (const std::string& v : vals) a.emplace_back(v);
    o[path] = std::move(a);
  }
  return o;
}

void add_host_tag(TagSet& tags, std::string_view host) {
  if (is_ipv4(host))
    tags.add("network.dynamic.ip", host);
  else
    tags.add("network.dynamic.domain", host);
}

}  // namespace emu::triage
