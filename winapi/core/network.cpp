#include "winapi/core/network.h"

#include <cstdlib>

#include "winapi/core/text.h"
#include "winapi/core/vfs.h"

namespace emu::winapi {

std::string Network::resolve(std::string_view host) const {
  const std::string h = lower(host);
  if (ipv4(h) != 0 || h == "0.0.0.0") return h;
  for (auto& [name, ip] : cfg_.dns_names)
    if (lower(name) == h) return ip;
  auto it = cfg_.dns_names.find("default");
  return it == cfg_.dns_names.end() ? "10.1.2.3" : it->second;
}

uint32_t Network::ipv4(std::string_view s) {
  uint32_t parts[4];
  int n = 0;
  size_t i = 0;
  while (n < 4) {
    if (i >= s.size() || !std::isdigit(static_cast<unsigned char>(s[i]))) return 0;
    uint32_t v = 0;
    int digits = 0;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])) && digits < 4) v = v * 10 + (s[i++] - '0'), ++digits;
    if (v > 255) return 0;
    parts[n++] = v;
    if (n < 4) { if (i >= s.size() || s[i] != '.') return 0; ++i; }
  }
  if (i != s.size()) return 0;
  return parts[0] | (parts[1] << 8) | (parts[2] << 16) | (parts[3] << 24);
}

std::vector<uint8_t> Network::http_response(std::string_view verb, std::string_view url_path) const {
  std::string path(url_path);
  const size_t q = path.find_first_of("?#");
  if (q != std::string::npos) path.resize(q);
  std::string ext;
  const size_t dot = path.rfind('.');
  if (dot != std::string::npos && path.find('/', dot) == std::string::npos) ext = lower(path.substr(dot + 1));
  for (const auto& rule : cfg_.http_responses) {
    if (!iequals(rule.verb, verb) && !(rule.verb.empty())) continue;
    for (const auto& f : rule.files)
      if (f.mode == FileRule::Mode::ByExt && lower(f.ext) == ext) return load_content(f.content);
    for (const auto& f : rule.files)
      if (f.mode == FileRule::Mode::Default) return load_content(f.content);
  }
  return {};
}

std::vector<uint8_t> Network::winsock_response() const {
  for (const auto& f : cfg_.winsock_responses)
    if (f.mode == FileRule::Mode::Default) return load_content(f.content);
  return {};
}

}  // namespace emu::winapi
