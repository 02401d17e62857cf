#include "winapi/core/registry.h"

#include <cstdlib>

#include "winapi/core/known_folders.h"
#include "winapi/core/text.h"

namespace emu::winapi {

std::string Registry::root_name(uint64_t hkey) {
  switch (hkey & 0xFFFFFFFF) {
    case 0x80000000: return "HKEY_CLASSES_ROOT";
    case 0x80000001: return "HKEY_CURRENT_USER";
    case 0x80000002: return "HKEY_LOCAL_MACHINE";
    case 0x80000003: return "HKEY_USERS";
    case 0x80000004: return "HKEY_PERFORMANCE_DATA";
    case 0x80000005: return "HKEY_CURRENT_CONFIG";
    default: return "";
  }
}

std::string Registry::canonical(std::string_view in) {
  std::string p(in);
  while (!p.empty() && p.back() == '\\') p.pop_back();
  static const std::pair<const char*, const char*> kRoots[] = {
      {"\\registry\\machine", "HKEY_LOCAL_MACHINE"}, {"\\registry\\user", "HKEY_USERS"},
      {"hklm", "HKEY_LOCAL_MACHINE"}, {"hkcu", "HKEY_CURRENT_USER"}, {"hkcr", "HKEY_CLASSES_ROOT"},
      {"hku", "HKEY_USERS"}, {"hkcc", "HKEY_CURRENT_CONFIG"}};
  for (auto& [from, to] : kRoots) {
    const size_t n = std::string_view(from).size();
    if (istarts_with(p, from) && (p.size() == n || p[n] == '\\')) return std::string(to) + p.substr(n);
  }
  const size_t s = p.find('\\');
  return upper(p.substr(0, s)) + (s == std::string::npos ? "" : p.substr(s));
}

std::string Registry::join(std::string_view parent, std::string_view sub) {
  std::string s(sub);
  while (!s.empty() && s.front() == '\\') s.erase(s.begin());
  if (s.empty()) return std::string(parent);
  return std::string(parent) + "\\" + s;
}

RegValue Registry::parse_value(const RegistryValue& v) {
  RegValue r;
  r.name = lower(v.name) == "default" ? "" : v.name;
  const std::string t = upper(v.type);
  auto put_w = [&](const std::string& s) {
    for (char16_t c : utf8_to_utf16(s)) { r.data.push_back(c & 0xFF); r.data.push_back(c >> 8); }
    r.data.push_back(0); r.data.push_back(0);
  };
  if (t == "REG_DWORD" || t == "REG_QWORD") {
    r.type = t == "REG_DWORD" ? kRegDword : kRegQword;
    const uint64_t n = std::strtoull(v.data.c_str(), nullptr, 0);
    for (int i = 0; i < (r.type == kRegDword ? 4 : 8); ++i) r.data.push_back(static_cast<uint8_t>(n >> (8 * i)));
  } else if (t == "REG_BINARY") {
    r.type = kRegBinary;
    std::string h;
    for (char c : v.data) if (std::isxdigit(static_cast<unsigned char>(c))) h += c;
    for (size_t i = 0; i + 1 < h.size(); i += 2) r.data.push_back(static_cast<uint8_t>(std::stoul(h.substr(i, 2), nullptr, 16)));
  } else if (t == "REG_MULTI_SZ") {
    r.type = kRegMultiSz;
    put_w(v.data);
    r.data.push_back(0); r.data.push_back(0);
  } else {
    r.type = t == "REG_EXPAND_SZ" ? kRegExpandSz : kRegSz;
    put_w(v.data);
  }
  return r;
}

Registry::Registry(const Config& cfg) {
  for (const char* root : {"HKEY_CLASSES_ROOT", "HKEY_CURRENT_USER", "HKEY_LOCAL_MACHINE", "HKEY_USERS",
                           "HKEY_CURRENT_CONFIG"})
    create(root);
  for (const char* k : {"HKEY_LOCAL_MACHINE\\Software\\Microsoft\\Windows\\CurrentVersion\\Run",
                        "HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Run",
                        "HKEY_LOCAL_MACHINE\\System\\CurrentControlSet\\Services",
                        "HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer"})
    create(k);
  RegKey* nt = create("HKEY_LOCAL_MACHINE\\Software\\Microsoft\\Windows NT\\CurrentVersion");
  auto setsz = [&](RegKey* k, const std::string& name, const std::string& val) {
    k->values[lower(name)] = parse_value(RegistryValue{name, "REG_SZ", val});
  };
  setsz(nt, "ProductName", "Windows 7 Professional");
  setsz(nt, "CurrentVersion", std::to_string(cfg.os_major) + "." + std::to_string(cfg.os_minor));
  setsz(nt, "CurrentBuildNumber", std::to_string(cfg.os_build));
  setsz(nt, "CSDVersion", "Service Pack 1");
  // Programs read their user's folders here without asking shell32; Windows
  // always has these values, so a missing one leaves callers with garbage.
  const std::string explorer = "HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer";
  RegKey* shell_folders = create(explorer + "\\Shell Folders");
  RegKey* user_shell_folders = create(explorer + "\\User Shell Folders");
  const std::string profile = "C:\\Users\\" + cfg.user_name;
  for (const auto& f : shell_folder_names()) {
    const std::string path = known_folder_path(cfg, f.csidl);
    setsz(shell_folders, std::string(f.value_name), path);
    const bool in_profile = path.compare(0, profile.size(), profile) == 0;
    user_shell_folders->values[lower(std::string(f.value_name))] = parse_value(RegistryValue{
        std::string(f.value_name), in_profile ? "REG_EXPAND_SZ" : "REG_SZ",
        in_profile ? "%USERPROFILE%" + path.substr(profile.size()) : path});
  }
  for (const auto& k : cfg.registry_keys) {
    RegKey* key = create(k.path);
    for (const auto& v : k.values) key->values[lower(v.name == "default" ? "" : v.name)] = parse_value(v);
  }
}

RegKey* Registry::find(std::string_view path) {
  auto it = keys_.find(lower(canonical(path)));
  return it == keys_.end() ? nullptr : &it->second;
}

RegKey* Registry::create(std::string_view path) {
  const std::string c = canonical(path);
  // Each ancestor exists and lists its child, walking down from the root.
  RegKey* parent = nullptr;
  for (size_t from = 0;;) {
    const size_t s = c.find('\\', from);
    const size_t end = s == std::string::npos ? c.size() : s;
    if (end > 0) {
      const std::string k = lower(c.substr(0, end));
      auto it = keys_.find(k);
      if (it == keys_.end()) {
        if (keys_.size() > 100000) return nullptr;  // hostile key storms
        it = keys_.emplace(k, RegKey{}).first;
        it->second.path = c.substr(0, end);
      }
      const std::string name = c.substr(from, end - from);
      if (parent) parent->subkeys.emplace(lower(name), name);
      parent = &it->second;
    }
    if (s == std::string::npos) return parent;
    from = s + 1;
  }
}

bool Registry::remove(std::string_view path) {
  const std::string c = canonical(path);
  const size_t s = c.rfind('\\');
  if (s != std::string::npos)
    if (RegKey* parent = find(c.substr(0, s))) parent->subkeys.erase(lower(c.substr(s + 1)));
  return keys_.erase(lower(c)) > 0;
}

}  // namespace emu::winapi
