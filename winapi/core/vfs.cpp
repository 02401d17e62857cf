#include "winapi/core/vfs.h"

#include <fstream>

#include "loader/loader.h"
#include "winapi/core/text.h"

namespace emu::winapi {

std::vector<uint8_t> load_content(const ContentSource& c, uint64_t max_bytes) {
  std::vector<uint8_t> out;
  if (c.host_path) {
    std::ifstream f(*c.host_path, std::ios::binary);
    if (f) {
      char buf[65536];
      while (f && out.size() < max_bytes) {
        f.read(buf, sizeof buf);
        out.insert(out.end(), buf, buf + f.gcount());
      }
      if (out.size() > max_bytes) out.resize(max_bytes);
    }
    return out;
  }
  if (c.fill_byte) out.assign(std::min<uint64_t>(c.fill_size, max_bytes), *c.fill_byte);
  return out;
}

Vfs::Vfs(const Config& cfg) : cfg_(cfg) {
  for (const char* d : {"c:", "c:\\windows", "c:\\windows\\system32", "c:\\windows\\temp", "c:\\users",
                        "c:\\programdata", "c:\\program files", "c:\\program files (x86)"})
    dirs_[d] = true;
  dirs_[key(cfg.current_dir)] = true;
}

std::string Vfs::key(std::string_view p) const { return lower(full_path(p)); }

std::string Vfs::full_path(std::string_view in) const {
  std::string p(in);
  for (auto& c : p) if (c == '/') c = '\\';
  for (std::string_view pre : {"\\??\\", "\\\\?\\", "\\DosDevices\\", "\\GLOBAL??\\"})
    if (istarts_with(p, pre)) { p = p.substr(pre.size()); break; }
  if (istarts_with(p, "\\\\.\\")) return p;  // devices and pipes stay as they are
  if (p.size() >= 2 && p[1] == ':') {
    // absolute
  } else if (!p.empty() && p[0] == '\\' && !(p.size() > 1 && p[1] == '\\')) {
    p = cfg_.current_dir.substr(0, 2) + p;
  } else if (!(p.size() > 1 && p[0] == '\\' && p[1] == '\\')) {
    std::string cd = cfg_.current_dir;
    if (!cd.empty() && cd.back() != '\\') cd += '\\';
    p = cd + p;
  }
  // Resolve "." and ".." components.
  std::vector<std::string> parts;
  size_t i = 0;
  while (i <= p.size()) {
    size_t j = p.find('\\', i);
    if (j == std::string::npos) j = p.size();
    std::string part = p.substr(i, j - i);
    if (part == "..") { if (parts.size() > 1) parts.pop_back(); }
    else if (part != "." && !(part.empty() && !parts.empty() && j != p.size())) parts.push_back(part);
    i = j + 1;
  }
  std::string r;
  for (size_t k = 0; k < parts.size(); ++k) { if (k) r += '\\'; r += parts[k]; }
  return r;
}

const FileRule* Vfs::rule_for(const std::string& k) const {
  for (const auto& r : cfg_.files) {
    if (r.mode != FileRule::Mode::FullPath) continue;
    std::string pat = lower(r.emu_path);
    if (!pat.empty() && pat.back() == '*') {
      if (k.compare(0, pat.size() - 1, pat, 0, pat.size() - 1) == 0) return &r;
    } else if (lower(full_path(pat)) == k || pat == k) {
      return &r;
    }
  }
  const size_t slash = k.rfind('\\');
  const size_t dot = k.rfind('.');
  if (dot != std::string::npos && (slash == std::string::npos || dot > slash)) {
    const std::string ext = k.substr(dot + 1);
    for (const auto& r : cfg_.files)
      if (r.mode == FileRule::Mode::ByExt && lower(r.ext) == ext) return &r;
  }
  for (const auto& r : cfg_.files)
    if (r.mode == FileRule::Mode::Default) return &r;
  return nullptr;
}

std::shared_ptr<VFile> Vfs::find(std::string_view path) {
  const std::string k = key(path);
  auto it = files_.find(k);
  if (it != files_.end()) return it->second->deleted ? nullptr : it->second;
  if (dirs_.count(k)) return nullptr;
  const FileRule* r = rule_for(k);
  if (!r) return nullptr;
  auto f = std::make_shared<VFile>();
  f->path = full_path(path);
  f->data = load_content(r->content);
  files_[k] = f;
  order_.push_back(f);
  return f;
}

void Vfs::add_existing(std::string_view path, std::vector<uint8_t> data) {
  const std::string k = key(path);
  if (files_.count(k)) return;
  auto f = std::make_shared<VFile>();
  f->path = full_path(path);
  f->data = std::move(data);
  files_[k] = f;
  order_.push_back(f);
}

std::shared_ptr<VFile> Vfs::create(std::string_view path, bool truncate) {
  const std::string k = key(path);
  auto it = files_.find(k);
  if (it != files_.end() && !it->second->deleted) {
    if (truncate) { it->second->data.clear(); it->second->written = true; }
    return it->second;
  }
  auto f = std::make_shared<VFile>();
  f->path = full_path(path);
  f->written = true;
  files_[k] = f;
  order_.push_back(f);
  return f;
}

bool Vfs::remove(std::string_view path) {
  auto f = find(path);
  if (!f) return false;
  f->deleted = true;
  return true;
}

bool Vfs::is_directory(std::string_view path) const {
  std::string k = key(path);
  while (!k.empty() && k.back() == '\\') k.pop_back();
  return dirs_.count(k) > 0;
}

void Vfs::make_directory(std::string_view path) {
  std::string k = key(path);
  while (!k.empty() && k.back() == '\\') k.pop_back();
  dirs_[k] = true;
}

bool Vfs::move(std::string_view from, std::string_view to) {
  auto f = find(from);
  if (!f) return false;
  auto g = create(to);
  g->data = f->data;
  g->written = true;
  f->deleted = true;
  return true;
}

namespace {

// The file-name match of FindFirstFile: '*' any run, '?' one character,
// case-insensitive (keys are lower case already); "*.*" matches every name,
// with or without a dot, as on Windows.
bool name_matches(std::string_view pattern, std::string_view name) {
  if (pattern == "*.*" || pattern == "*") return true;
  size_t p = 0, n = 0, star = std::string_view::npos, resume = 0;
  while (n < name.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == name[n])) { ++p; ++n; }
    else if (p < pattern.size() && pattern[p] == '*') { star = p++; resume = n; }
    else if (star != std::string_view::npos) { p = star + 1; n = ++resume; }
    else return false;
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

}  // namespace

std::vector<std::string> Vfs::list(std::string_view dir_pattern) const {
  std::string k = key(dir_pattern);
  const size_t slash = k.rfind('\\');
  const std::string dir = slash == std::string::npos ? k : k.substr(0, slash);
  const std::string pattern = slash == std::string::npos ? "*" : k.substr(slash + 1);
  std::vector<std::string> out;
  for (auto& [path, f] : files_) {
    if (f->deleted) continue;
    const size_t s = path.rfind('\\');
    if (s == std::string::npos || path.compare(0, s, dir) != 0 || s != dir.size()) continue;
    if (name_matches(pattern, std::string_view(path).substr(s + 1))) out.push_back(f->path.substr(f->path.rfind('\\') + 1));
  }
  // The system DLLs a program can load are on disk too: samples search the
  // system directory for a DLL by a hash of its name before loading it.
  const bool system32 = dir == "c:\\windows\\system32", drivers = dir == "c:\\windows\\system32\\drivers";
  if (system32 || drivers) {
    for (const auto& d : loader::decoy_catalogue()) {
      const std::string name(d.name);
      if (iends_with(name, ".sys") != drivers || !name_matches(pattern, name)) continue;
      if (files_.count(dir + "\\" + name)) continue;  // already listed above
      out.push_back(name);
    }
  }
  return out;
}

std::vector<std::shared_ptr<VFile>> Vfs::written_files() const {
  std::vector<std::shared_ptr<VFile>> out;
  for (auto& f : order_)
    if (f->written && !f->is_dir) out.push_back(f);
  return out;
}

}  // namespace emu::winapi
