#include "service/config_file.h"

#include <boost/json.hpp>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <sstream>

namespace emu::service {
namespace json = boost::json;
namespace {

// A JSON object seen through the path that led to it, so every error names
// the key. `allow` lists the keys this object may hold.
class Node {
 public:
  Node(const json::value& v, std::string path) : v_(v), path_(std::move(path)) {}

  const std::string& path() const { return path_; }
  [[noreturn]] void fail(const std::string& what) const {
    throw ConfigError("config: " + (path_.empty() ? std::string("(top level)") : path_) + ": " + what);
  }
  const json::object& object() const {
    if (!v_.is_object()) fail("expected an object");
    return v_.get_object();
  }
  void allow(std::initializer_list<std::string_view> keys) const {
    for (const auto& kv : object()) {
      bool known = false;
      for (auto k : keys) known = known || kv.key() == k;
      if (!known) child(kv.key()).fail("unknown key");
    }
  }
  bool has(std::string_view key) const {
    const auto* p = object().if_contains(key);
    return p && !p->is_null();
  }
  Node child(std::string_view key) const {
    return Node(object().at(key), path_.empty() ? std::string(key) : path_ + "." + std::string(key));
  }
  std::vector<Node> items() const {
    if (!v_.is_array()) fail("expected an array");
    std::vector<Node> out;
    size_t i = 0;
    for (const auto& e : v_.get_array()) out.emplace_back(e, path_ + "[" + std::to_string(i++) + "]");
    return out;
  }
  std::string str() const {
    if (!v_.is_string()) fail("expected a string");
    return std::string(v_.get_string());
  }
  bool boolean() const {
    if (!v_.is_bool()) fail("expected true or false");
    return v_.get_bool();
  }
  int64_t integer() const {
    if (v_.is_int64()) return v_.get_int64();
    if (v_.is_uint64() && v_.get_uint64() <= uint64_t(INT64_MAX)) return int64_t(v_.get_uint64());
    fail("expected an integer");
  }
  int64_t integer_at_least(int64_t lo) const {
    int64_t n = integer();
    if (n < lo) fail("must be at least " + std::to_string(lo));
    return n;
  }
  double number() const {
    if (v_.is_double()) return v_.get_double();
    if (v_.is_int64()) return double(v_.get_int64());
    if (v_.is_uint64()) return double(v_.get_uint64());
    fail("expected a number");
  }
  // "0x7C000000" or "2000": addresses are strings in Speakeasy's format.
  uint64_t hex_string() const {
    std::string s = str();
    std::string_view d = s;
    int base = 10;
    if (d.size() > 2 && d[0] == '0' && (d[1] == 'x' || d[1] == 'X')) { d.remove_prefix(2); base = 16; }
    uint64_t out = 0;
    auto [p, ec] = std::from_chars(d.data(), d.data() + d.size(), out, base);
    if (ec != std::errc() || p != d.data() + d.size() || d.empty()) fail("expected a number such as \"0x1000\", got \"" + s + "\"");
    return out;
  }
  std::map<std::string, std::string> string_map() const {
    std::map<std::string, std::string> m;
    for (const auto& kv : object()) m[std::string(kv.key())] = child(kv.key()).str();
    return m;
  }

 private:
  const json::value& v_;
  std::string path_;
};

std::string expand_root(std::string p, const std::string& root) {
  const std::string token = "$ROOT$";
  for (size_t at; (at = p.find(token)) != std::string::npos;) p.replace(at, token.size(), root);
  return p;
}

winapi::ContentSource read_content(const Node& n, const std::string& root) {
  winapi::ContentSource c;
  if (n.has("path")) c.host_path = expand_root(n.child("path").str(), root);
  if (n.has("byte_fill")) {
    Node f = n.child("byte_fill");
    f.allow({"byte", "size"});
    if (!f.has("byte") || !f.has("size")) f.fail("needs both \"byte\" and \"size\"");
    uint64_t b = f.child("byte").hex_string();
    if (b > 0xFF) f.child("byte").fail("a byte is 0x00 to 0xff");
    c.fill_byte = uint8_t(b);
    c.fill_size = uint64_t(f.child("size").integer_at_least(0));
  }
  return c;
}

winapi::FileRule read_file_rule(const Node& n, const std::string& root) {
  winapi::FileRule r;
  if (!n.has("mode")) n.fail("needs \"mode\" (full_path, by_ext or default)");
  const std::string mode = n.child("mode").str();
  if (mode == "full_path") {
    n.allow({"mode", "emu_path", "path", "byte_fill"});
    if (!n.has("emu_path")) n.fail("full_path needs \"emu_path\"");
    r.mode = winapi::FileRule::Mode::FullPath;
    r.emu_path = n.child("emu_path").str();
  } else if (mode == "by_ext") {
    n.allow({"mode", "ext", "path", "byte_fill"});
    if (!n.has("ext")) n.fail("by_ext needs \"ext\"");
    r.mode = winapi::FileRule::Mode::ByExt;
    r.ext = n.child("ext").str();
  } else if (mode == "default") {
    n.allow({"mode", "path", "byte_fill"});
    r.mode = winapi::FileRule::Mode::Default;
  } else {
    n.child("mode").fail("unknown mode \"" + mode + "\" (full_path, by_ext or default)");
  }
  r.content = read_content(n, root);
  return r;
}

std::vector<winapi::FileRule> read_file_rules(const Node& n, const std::string& root) {
  std::vector<winapi::FileRule> out;
  for (const Node& e : n.items()) out.push_back(read_file_rule(e, root));
  return out;
}

void read_network(const Node& n, winapi::Config& cfg, const std::string& root) {
  n.allow({"dns", "http", "winsock", "adapters"});
  if (n.has("dns")) {
    Node d = n.child("dns");
    d.allow({"names", "txt"});
    if (d.has("names")) cfg.dns_names = d.child("names").string_map();
    if (d.has("txt")) {
      cfg.dns_txt.clear();
      for (const Node& t : d.child("txt").items()) {
        t.allow({"name", "path"});
        winapi::ContentSource c;
        if (t.has("path")) c.host_path = expand_root(t.child("path").str(), root);
        cfg.dns_txt.emplace_back(t.has("name") ? t.child("name").str() : "default", c);
      }
    }
  }
  if (n.has("http")) {
    Node h = n.child("http");
    h.allow({"responses"});
    if (h.has("responses")) {
      cfg.http_responses.clear();
      for (const Node& r : h.child("responses").items()) {
        r.allow({"verb", "files"});
        winapi::HttpResponseRule rule;
        if (r.has("verb")) {
          rule.verb = r.child("verb").str();
          if (rule.verb != "GET" && rule.verb != "POST" && rule.verb != "HEAD")
            r.child("verb").fail("expected GET, POST or HEAD");
        }
        if (r.has("files")) rule.files = read_file_rules(r.child("files"), root);
        cfg.http_responses.push_back(std::move(rule));
      }
    }
  }
  if (n.has("winsock")) {
    Node w = n.child("winsock");
    w.allow({"responses"});
    if (w.has("responses")) cfg.winsock_responses = read_file_rules(w.child("responses"), root);
  }
  if (n.has("adapters")) {
    cfg.adapters.clear();
    for (const Node& a : n.child("adapters").items()) {
      a.allow({"name", "description", "mac_address", "type", "ip_address", "subnet_mask", "dhcp_enabled"});
      winapi::NetworkAdapter ad;
      auto s = [&](const char* k, std::string& out) { if (a.has(k)) out = a.child(k).str(); };
      s("name", ad.name); s("description", ad.description); s("mac_address", ad.mac_address);
      s("type", ad.type); s("ip_address", ad.ip_address); s("subnet_mask", ad.subnet_mask);
      if (a.has("dhcp_enabled")) ad.dhcp_enabled = a.child("dhcp_enabled").boolean();
      cfg.adapters.push_back(ad);
    }
  }
}

void read_registry(const Node& n, winapi::Config& cfg) {
  n.allow({"keys"});
  if (!n.has("keys")) return;
  cfg.registry_keys.clear();
  for (const Node& k : n.child("keys").items()) {
    k.allow({"path", "values"});
    if (!k.has("path")) k.fail("needs \"path\"");
    winapi::RegistryKey key{k.child("path").str(), {}};
    if (k.has("values")) {
      for (const Node& v : k.child("values").items()) {
        v.allow({"name", "type", "data"});
        if (!v.has("name") || !v.has("type") || !v.has("data")) v.fail("needs \"name\", \"type\" and \"data\"");
        winapi::RegistryValue val{v.child("name").str(), v.child("type").str(), v.child("data").str()};
        static const char* kTypes[] = {"REG_SZ", "REG_EXPAND_SZ", "REG_DWORD", "REG_QWORD",
                                       "REG_BINARY", "REG_MULTI_SZ", "REG_NONE"};
        bool ok = false;
        for (auto* t : kTypes) ok = ok || val.type == t;
        if (!ok) v.child("type").fail("unknown registry type \"" + val.type + "\"");
        key.values.push_back(std::move(val));
      }
    }
    cfg.registry_keys.push_back(std::move(key));
  }
}

void read_processes(const Node& n, winapi::Config& cfg) {
  cfg.processes.clear();
  for (const Node& p : n.items()) {
    p.allow({"name", "base_addr", "path", "pid", "command_line", "is_main_exe", "session"});
    if (!p.has("name") || !p.has("base_addr") || !p.has("path")) p.fail("needs \"name\", \"base_addr\" and \"path\"");
    winapi::ProcessEntry e;
    e.name = p.child("name").str();
    e.base_addr = p.child("base_addr").hex_string();
    e.path = p.child("path").str();
    if (p.has("pid")) e.pid = uint32_t(p.child("pid").integer_at_least(0));
    if (p.has("command_line")) e.command_line = p.child("command_line").str();
    if (p.has("is_main_exe")) e.is_main_exe = p.child("is_main_exe").boolean();
    if (p.has("session")) e.session = uint32_t(p.child("session").integer_at_least(0));
    cfg.processes.push_back(std::move(e));
  }
}

// Module inventory: validated for shape; decoy modules are built in, so
// only names and base addresses matter and the loader keeps its own table.
void check_modules(const Node& n) {
  n.allow({"modules_always_exist", "functions_always_exist", "module_directory_x86",
           "module_directory_x64", "user_modules", "system_modules"});
  for (const char* k : {"modules_always_exist", "functions_always_exist"})
    if (n.has(k)) n.child(k).boolean();
  for (const char* k : {"module_directory_x86", "module_directory_x64"})
    if (n.has(k)) n.child(k).str();
  for (const char* list : {"user_modules", "system_modules"}) {
    if (!n.has(list)) continue;
    for (const Node& m : n.child(list).items()) {
      m.allow({"name", "base_addr", "path", "images", "driver"});
      if (!m.has("name") || !m.has("base_addr") || !m.has("path")) m.fail("needs \"name\", \"base_addr\" and \"path\"");
      m.child("name").str();
      m.child("base_addr").hex_string();
      m.child("path").str();
      if (m.has("images"))
        for (const Node& i : m.child("images").items()) {
          i.allow({"arch", "name"});
          if (i.has("arch")) {
            int64_t a = i.child("arch").integer();
            if (a != 32 && a != 64) i.child("arch").fail("expected 32 or 64");
          }
        }
    }
  }
}

// Our own keys, under "emulator" (Speakeasy has no equivalent).
void read_emulator(const Node& n, winapi::Config& cfg) {
  n.allow({"stop_on_unsupported_api", "max_memory_bytes", "max_threads", "max_report_bytes", "max_dump_bytes"});
  if (n.has("stop_on_unsupported_api")) cfg.stop_on_unsupported_api = n.child("stop_on_unsupported_api").boolean();
  if (n.has("max_memory_bytes")) cfg.max_memory_bytes = uint64_t(n.child("max_memory_bytes").integer_at_least(1 << 20));
  if (n.has("max_threads")) cfg.max_threads = uint32_t(n.child("max_threads").integer_at_least(1));
  if (n.has("max_report_bytes")) cfg.max_report_bytes = uint64_t(n.child("max_report_bytes").integer_at_least(4096));
  if (n.has("max_dump_bytes")) cfg.max_dump_bytes = uint64_t(n.child("max_dump_bytes").integer_at_least(0));
}

}  // namespace

void apply_config_json(std::string_view text, winapi::Config& cfg, const std::string& root, triage::Settings* triage) {
  json::value doc;
  try {
    doc = json::parse(text);
  } catch (const std::exception& e) {
    throw ConfigError(std::string("config: not valid JSON: ") + e.what());
  }
  const Node top(doc, "");
  top.allow({"config_version", "description", "emu_engine", "timeout", "max_api_count", "max_instructions",
             "stack_size", "system", "analysis", "keep_memory_on_free", "snapshot_memory_regions",
             "exceptions", "os_ver", "current_dir", "command_line", "env", "domain", "hostname", "user",
             "api_hammering", "symlinks", "drives", "filesystem", "registry", "network", "processes",
             "modules", "emulator", "triage"});
  if (top.has("config_version")) {
    double v = top.child("config_version").number();
    if (v != 0.2) top.child("config_version").fail("only version 0.2 is understood");
  }
  if (top.has("description")) top.child("description").str();
  if (top.has("emu_engine")) top.child("emu_engine").str();  // accepted and ignored: there is one engine
  if (top.has("system")) {
    std::string s = top.child("system").str();
    if (s != "windows") top.child("system").fail("only \"windows\" is emulated");
  }
  if (top.has("timeout")) {
    double t = top.child("timeout").number();
    if (!(t > 0) || t > 86400) top.child("timeout").fail("must be between 0 and 86400 seconds");
    cfg.timeout_seconds = t;
  }
  if (top.has("max_api_count")) cfg.max_api_count = top.child("max_api_count").integer_at_least(-1);
  if (top.has("max_instructions")) cfg.max_instructions = top.child("max_instructions").integer_at_least(-1);
  if (top.has("stack_size")) cfg.stack_size = uint64_t(top.child("stack_size").integer_at_least(0));
  if (top.has("analysis")) {
    Node a = top.child("analysis");
    a.allow({"memory_tracing", "strings", "coverage"});
    if (a.has("memory_tracing")) cfg.memory_tracing = a.child("memory_tracing").boolean();
    if (a.has("strings")) cfg.strings = a.child("strings").boolean();
    if (a.has("coverage")) cfg.coverage = a.child("coverage").boolean();
  }
  if (top.has("keep_memory_on_free")) cfg.keep_memory_on_free = top.child("keep_memory_on_free").boolean();
  if (top.has("snapshot_memory_regions")) cfg.snapshot_memory_regions = top.child("snapshot_memory_regions").boolean();
  if (top.has("exceptions")) {
    Node e = top.child("exceptions");
    e.allow({"dispatch_handlers"});
    if (e.has("dispatch_handlers")) cfg.dispatch_exceptions = e.child("dispatch_handlers").boolean();
  }
  if (top.has("os_ver")) {
    Node o = top.child("os_ver");
    o.allow({"name", "major", "minor", "release", "build"});
    if (o.has("name") && o.child("name").str() != "windows") o.child("name").fail("only \"windows\"");
    if (o.has("major")) cfg.os_major = uint32_t(o.child("major").integer_at_least(0));
    if (o.has("minor")) cfg.os_minor = uint32_t(o.child("minor").integer_at_least(0));
    if (o.has("release")) o.child("release").integer();
    if (o.has("build")) cfg.os_build = uint32_t(o.child("build").integer_at_least(0));
  }
  if (top.has("current_dir")) cfg.current_dir = top.child("current_dir").str();
  if (top.has("command_line")) cfg.command_line = top.child("command_line").str();
  if (top.has("env")) cfg.env = top.child("env").string_map();
  if (top.has("domain")) cfg.domain = top.child("domain").str();
  if (top.has("hostname")) cfg.hostname = top.child("hostname").str();
  if (top.has("user")) {
    Node u = top.child("user");
    u.allow({"name", "is_admin", "sid"});
    if (!u.has("name")) u.fail("needs \"name\"");
    cfg.user_name = u.child("name").str();
    if (u.has("is_admin")) cfg.user_is_admin = u.child("is_admin").boolean();
    if (u.has("sid")) cfg.user_sid = u.child("sid").str();
  }
  if (top.has("api_hammering")) {
    Node h = top.child("api_hammering");
    h.allow({"enabled", "threshold", "allow_list"});
    if (!h.has("enabled") || !h.has("threshold")) h.fail("needs \"enabled\" and \"threshold\"");
    cfg.api_hammering_enabled = h.child("enabled").boolean();
    cfg.api_hammering_threshold = uint32_t(h.child("threshold").integer_at_least(1));
    cfg.api_hammering_allow_list.clear();
    if (h.has("allow_list"))
      for (const Node& e : h.child("allow_list").items()) cfg.api_hammering_allow_list.push_back(e.str());
  }
  if (top.has("symlinks")) {
    cfg.symlinks.clear();
    for (const Node& s : top.child("symlinks").items()) {
      s.allow({"name", "target"});
      if (!s.has("name") || !s.has("target")) s.fail("needs \"name\" and \"target\"");
      cfg.symlinks.push_back({s.child("name").str(), s.child("target").str()});
    }
  }
  if (top.has("drives")) {
    cfg.drives.clear();
    for (const Node& d : top.child("drives").items()) {
      d.allow({"root_path", "drive_type", "volume_guid_path"});
      winapi::Drive drv;
      if (d.has("root_path")) drv.root_path = d.child("root_path").str();
      if (d.has("drive_type")) drv.drive_type = d.child("drive_type").str();
      if (d.has("volume_guid_path")) drv.volume_guid_path = d.child("volume_guid_path").str();
      cfg.drives.push_back(std::move(drv));
    }
  }
  if (top.has("filesystem")) {
    Node f = top.child("filesystem");
    f.allow({"files"});
    if (f.has("files")) cfg.files = read_file_rules(f.child("files"), root);
  }
  if (top.has("registry")) read_registry(top.child("registry"), cfg);
  if (top.has("network")) read_network(top.child("network"), cfg, root);
  if (top.has("processes")) read_processes(top.child("processes"), cfg);
  if (top.has("modules")) check_modules(top.child("modules"));
  if (top.has("emulator")) read_emulator(top.child("emulator"), cfg);
  if (top.has("triage")) {
    try {
      triage::Settings s = triage::settings_from_json(doc.as_object().at("triage"),
                                                      triage ? *triage : triage::default_settings());
      if (triage) *triage = std::move(s);
    } catch (const std::invalid_argument& e) {
      throw ConfigError(std::string("config: triage: ") + e.what());
    }
  }
}

void apply_config_file(const std::string& path, winapi::Config& cfg, triage::Settings* triage) {
  std::error_code ec;
  auto size = std::filesystem::file_size(path, ec);
  if (ec) throw ConfigError("config: cannot read " + path + ": " + ec.message());
  if (size > (16u << 20)) throw ConfigError("config: " + path + " is larger than 16 MiB");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError("config: cannot open " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  auto root = std::filesystem::absolute(path).parent_path().string();
  apply_config_json(ss.str(), cfg, root, triage);
}

}  // namespace emu::service
