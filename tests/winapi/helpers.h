// Shared helpers of the winapi tests: corpus access and report queries.
#pragma once

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "winapi/engine.h"

namespace emu::winapi::test {

inline std::string shared_dir() { return EMU_SHARED_DIR; }
inline bool have_shared() { return std::filesystem::exists(shared_dir() + "/corpus/speakeasy-tests/CASES.md"); }

// Decompresses an .xz file with the xz tool (never executed, only read).
inline std::vector<uint8_t> xz_bytes(const std::string& path) {
  std::vector<uint8_t> out;
  FILE* f = popen(("xz -dc '" + path + "'").c_str(), "r");
  if (!f) return out;
  uint8_t buf[65536];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) out.insert(out.end(), buf, buf + n);
  pclose(f);
  return out;
}

// A guest program built by the test build (tests/guest), empty if missing.
inline std::vector<uint8_t> guest_file(const std::string& name) {
  std::vector<uint8_t> out;
  if (FILE* f = fopen((std::string(EMU_GUEST_DIR) + "/" + name).c_str(), "rb")) {
    uint8_t buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) out.insert(out.end(), buf, buf + n);
    fclose(f);
  }
  return out;
}

inline std::vector<uint8_t> speakeasy_bin(const std::string& name) {
  return xz_bytes(shared_dir() + "/corpus/speakeasy-tests/" + name + ".xz");
}

inline Result run_bytes(std::vector<uint8_t> bytes, const std::string& name, const Config& cfg, bool raw = false,
                        loader::Arch arch = loader::Arch::X86) {
  Input in;
  in.bytes = std::move(bytes);
  in.path = name;
  in.raw = raw;
  in.raw_arch = arch;
  Result r = emulate(in, cfg);
  if (const char* dump = std::getenv("EMU_DUMP_REPORTS")) {
    std::string file = std::string(dump) + "/" + std::filesystem::path(name).filename().string() + ".json";
    if (FILE* f = fopen(file.c_str(), "w")) {
      const std::string s = boost::json::serialize(r.report);
      fwrite(s.data(), 1, s.size(), f);
      fclose(f);
    }
  }
  return r;
}

inline const boost::json::array& entry_points(const Result& r) { return r.report.at("entry_points").as_array(); }

inline std::vector<boost::json::object> api_calls(const boost::json::value& ep, const std::string& name) {
  std::vector<boost::json::object> out;
  for (auto& e : ep.at("events").as_array()) {
    const auto& o = e.as_object();
    if (o.at("event").as_string() == "api" && o.at("api_name").as_string() == name) out.push_back(o);
  }
  return out;
}

inline std::vector<boost::json::object> events_of(const boost::json::value& ep, const std::string& type) {
  std::vector<boost::json::object> out;
  for (auto& e : ep.at("events").as_array())
    if (e.as_object().at("event").as_string() == type) out.push_back(e.as_object());
  return out;
}

inline std::string arg(const boost::json::object& call, size_t i) {
  const auto& a = call.at("args").as_array();
  return i < a.size() ? std::string(a[i].as_string()) : std::string("<missing>");
}

inline std::string str(const boost::json::value& v) { return v.is_string() ? std::string(v.as_string()) : boost::json::serialize(v); }

}  // namespace emu::winapi::test
