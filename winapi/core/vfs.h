// The virtual file system: files the guest creates or writes live here;
// files it only reads come from the configuration's rules (Speakeasy's
// filesystem.files: full_path with an optional trailing '*', by_ext, then
// default), materialised on first open. Paths are case-insensitive.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "winapi/config.h"

namespace emu::winapi {

struct VFile {
  std::string path;            // display path (first spelling seen)
  std::vector<uint8_t> data;
  bool is_dir = false;
  bool written = false;        // the guest wrote to it: a dropped file
  bool deleted = false;
};

// Bytes of a ContentSource (host file, bounded by `max_bytes`, or a fill).
std::vector<uint8_t> load_content(const ContentSource& c, uint64_t max_bytes = 64ull << 20);

class Vfs {
 public:
  explicit Vfs(const Config& cfg);

  // "\??\C:\x", "\\?\C:\x", "C:/x", relative "x" (against current dir) ->
  // "c:\x" (lower case key).
  std::string key(std::string_view path) const;
  // Full display path ("C:\Windows\system32\x").
  std::string full_path(std::string_view path) const;

  // An existing file: created by the guest, or matching a config rule.
  std::shared_ptr<VFile> find(std::string_view path);
  // Creates (or truncates) a file.
  std::shared_ptr<VFile> create(std::string_view path, bool truncate = true);
  // A file that exists before the guest runs (the program's own image, which
  // programs read for their overlay or resources); not a dropped file.
  // Ignored when the path is already known.
  void add_existing(std::string_view path, std::vector<uint8_t> data);
  bool remove(std::string_view path);
  bool exists(std::string_view path) { return find(path) != nullptr; }
  bool is_directory(std::string_view path) const;
  void make_directory(std::string_view path);
  bool move(std::string_view from, std::string_view to);
  // Every file in a directory (guest-created files; for FindFirstFile).
  std::vector<std::string> list(std::string_view dir_pattern) const;
  // Files the guest wrote, in creation order.
  std::vector<std::shared_ptr<VFile>> written_files() const;

 private:
  const FileRule* rule_for(const std::string& key) const;
  const Config& cfg_;
  std::map<std::string, std::shared_ptr<VFile>> files_;
  std::vector<std::shared_ptr<VFile>> order_;
  std::map<std::string, bool> dirs_;
};

}  // namespace emu::winapi
