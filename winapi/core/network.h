// Network answers from the configuration: DNS names, HTTP responses by verb
// and URL extension, winsock data.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "winapi/config.h"

namespace emu::winapi {

class Network {
 public:
  explicit Network(const Config& cfg) : cfg_(cfg) {}
  // Dotted IPv4 answer for a host name ("default" answers the rest); a
  // dotted name is its own answer.
  std::string resolve(std::string_view host) const;
  static uint32_t ipv4(std::string_view dotted);  // network order bytes packed as on the wire
  std::vector<uint8_t> http_response(std::string_view verb, std::string_view url_path) const;
  std::vector<uint8_t> winsock_response() const;

 private:
  const Config& cfg_;
};

}  // namespace emu::winapi
