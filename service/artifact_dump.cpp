#include "service/artifact_dump.h"

#include <boost/json.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "winapi/sha256.h"

namespace emu::service {
namespace fs = std::filesystem;

namespace {
std::string hex(uint64_t v) {
  char b[32];
  std::snprintf(b, sizeof b, "0x%llx", static_cast<unsigned long long>(v));
  return b;
}

// File names come from guest data: keep them to a safe alphabet.
std::string safe_name(const std::string& s) {
  std::string out;
  for (char c : s) out += (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_') ? c : '_';
  if (out.size() > 80) out = out.substr(out.size() - 80);
  return out;
}
}  // namespace

DumpResult dump_artifacts(const std::vector<winapi::Artifact>& artifacts, const std::string& dir,
                          const std::string& prefix, uint64_t max_bytes) {
  DumpResult r;
  fs::create_directories(dir);
  const fs::path index_path = fs::path(dir) / "index.json";
  boost::json::array index;
  if (fs::exists(index_path)) {  // several inputs share a folder: extend its index
    std::ifstream in(index_path);
    std::string text((std::istreambuf_iterator<char>(in)), {});
    boost::system::error_code ec;
    auto v = boost::json::parse(text, ec);
    if (!ec && v.is_array()) index = v.get_array();
  }
  for (const auto& a : artifacts) {
    if (r.bytes + a.bytes.size() > max_bytes) {
      r.truncated = true;
      continue;
    }
    const std::string digest = winapi::sha256_hex(a.bytes.data(), a.bytes.size());
    std::string file = safe_name(prefix) + "." + safe_name(a.kind) + "." + hex(a.base);
    if (!a.name.empty()) file += "." + safe_name(a.name);
    file += "." + digest.substr(0, 12) + ".bin";
    std::ofstream out(fs::path(dir) / file, std::ios::binary);
    out.write(reinterpret_cast<const char*>(a.bytes.data()), std::streamsize(a.bytes.size()));
    if (!out) throw std::runtime_error("cannot write " + (fs::path(dir) / file).string());
    r.bytes += a.bytes.size();
    ++r.files;
    index.push_back(boost::json::object{{"input", prefix},      {"kind", a.kind},       {"name", a.name},
                                        {"base", hex(a.base)},   {"size", a.bytes.size()}, {"file", file},
                                        {"sha256", digest}});
  }
  std::ofstream idx(index_path);
  idx << boost::json::serialize(index) << "\n";
  return r;
}

}  // namespace emu::service
