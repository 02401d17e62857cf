#include "test_files.h"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace fs = std::filesystem;
namespace json = boost::json;

TempDir::TempDir() {
  char t[] = "/tmp/emu-test-XXXXXX";
  path = mkdtemp(t);
}
TempDir::~TempDir() { fs::remove_all(path); }

std::string TempDir::file(const std::string& name, const std::string& content) const {
  std::ofstream(path / name, std::ios::binary) << content;
  return (path / name).string();
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

json::object read_report(const std::string& path) {
  json::value v = json::parse(read_text(path));
  return v.as_object();
}

std::vector<json::object> all_errors(const json::object& report) {
  std::vector<json::object> out;
  if (auto* e = report.if_contains("errors"); e && e->is_array())
    for (auto& x : e->get_array())
      if (x.is_object()) out.push_back(x.get_object());
  if (auto* eps = report.if_contains("entry_points"); eps && eps->is_array())
    for (auto& ep : eps->get_array())
      if (auto* err = ep.as_object().if_contains("error"); err && err->is_object()) out.push_back(err->get_object());
  return out;
}

bool has_error(const json::object& report, const std::string& type) {
  for (auto& e : all_errors(report))
    if (auto* t = e.if_contains("type"); t && t->is_string() && t->get_string() == type) return true;
  return false;
}

std::string guest(const std::string& name) { return std::string(EMU_GUEST_DIR) + "/" + name; }

bool shared_present() { return fs::exists(std::string(EMU_SHARED_DIR) + "/corpus"); }

std::string unpack_shared(const std::string& subdir, const std::string& name, const TempDir& dir) {
  const std::string src = std::string(EMU_SHARED_DIR) + "/corpus/" + subdir + "/" + name + ".xz";
  if (!fs::exists(src)) return "";
  const std::string out = dir / name;
  const std::string cmd = "xz -dc '" + src + "' > '" + out + "'";
  if (std::system(cmd.c_str()) != 0) return "";
  return out;
}
