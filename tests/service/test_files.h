// Shared helpers of the service tests: temporary folders, reading reports,
// finding built guest programs and the shared corpus.
#pragma once

#include <boost/json.hpp>
#include <filesystem>
#include <string>
#include <vector>

struct TempDir {
  std::filesystem::path path;
  TempDir();
  ~TempDir();
  std::string file(const std::string& name, const std::string& content) const;
  std::string operator/(const std::string& name) const { return (path / name).string(); }
};

std::string read_text(const std::string& path);
boost::json::object read_report(const std::string& path);

// Every error object in a report: top-level errors and each entry point's.
std::vector<boost::json::object> all_errors(const boost::json::object& report);
bool has_error(const boost::json::object& report, const std::string& type);

std::string guest(const std::string& name);  // build/guest/NAME
bool shared_present();
// Decompresses ../shared/corpus/SUBDIR/NAME.xz into dir; "" when absent.
std::string unpack_shared(const std::string& subdir, const std::string& name, const TempDir& dir);
