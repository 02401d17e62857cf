// kernel32 private profile (.ini) files: GetPrivateProfileString/Int and
// WritePrivateProfileString over files of the virtual file system. Malware
// keeps its configuration in them. A name without a path is in the Windows
// directory, as documented; section and key names are case-insensitive.
#include "winapi/core/handler.h"

namespace emu::winapi {
namespace {

constexpr size_t kMaxIniBytes = 1u << 20;

std::string ini_path(const std::string& file) {
  return file.find_first_of("\\/:") == std::string::npos ? "C:\\Windows\\" + file : file;
}

std::string trim(std::string_view s) {
  const size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return {};
  return std::string(s.substr(b, s.find_last_not_of(" \t\r") - b + 1));
}

struct IniLine { std::string section, key, value; bool is_section = false; };

std::vector<IniLine> parse_ini(const std::vector<uint8_t>& data) {
  std::vector<IniLine> out;
  std::string text(data.begin(), data.begin() + static_cast<long>(std::min(data.size(), kMaxIniBytes)));
  std::string section;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    const std::string line = trim(std::string_view(text).substr(pos, end - pos));
    pos = end + 1;
    if (line.empty() || line[0] == ';') continue;
    if (line[0] == '[') {
      const size_t close = line.find(']');
      section = trim(line.substr(1, close == std::string::npos ? std::string::npos : close - 1));
      out.push_back({section, "", "", true});
      continue;
    }
    const size_t eq = line.find('=');
    if (eq == std::string::npos) continue;
    out.push_back({section, trim(line.substr(0, eq)), trim(line.substr(eq + 1)), false});
  }
  return out;
}

bool same(const std::string& a, const std::string& b) { return lower(a) == lower(b); }

std::optional<std::string> lookup(Call& c, const std::string& file, const std::string& section, const std::string& key) {
  auto f = c.s.vfs.find(ini_path(file));
  if (!f || f->is_dir) return std::nullopt;
  for (const auto& l : parse_ini(f->data))
    if (!l.is_section && same(l.section, section) && same(l.key, key)) return l.value;
  return std::nullopt;
}

// Copies `text` into a buffer of `size` characters, truncating as the API
// does (returns size - 1 then); NUL-terminated.
template <class S> uint64_t copy_truncated(Call& c, uint64_t buf, uint32_t size, const std::string& text) {
  if (!buf || !size) return 0;
  const size_t units = S::wide ? utf8_to_utf16(text).size() : utf8_to_ansi(text).size();
  c.s.write_str<S>(buf, text, size);  // at most size - 1 characters and the NUL
  return std::min<uint64_t>(units, size - 1);
}

template <class S> uint64_t GetPrivateProfileString(Call& c, S section, S key, S def, Ptr buf, uint32_t size, S file) {
  if (section.null() || key.null()) {
    // Listing sections or keys: the names, each NUL-terminated, then a final NUL.
    std::string list;
    if (auto f = c.s.vfs.find(ini_path(file.str)))
      for (const auto& l : parse_ini(f->data)) {
        if (section.null() && l.is_section) list += l.section + '\0';
        if (!section.null() && !l.is_section && same(l.section, section.str)) list += l.key + '\0';
      }
    if (!buf || size < 2) return 0;
    list = list.substr(0, std::min<size_t>(list.size(), size - 2));
    if constexpr (S::wide) {
      const auto w = utf8_to_utf16(list);
      for (size_t i = 0; i < w.size(); ++i) c.s.write_u16(buf + 2 * i, w[i]);
      c.s.write_u32(buf + 2 * w.size(), 0);
      return w.size();
    } else {
      const std::string a = utf8_to_ansi(list);
      c.s.mem.write(buf, a.data(), a.size());
      c.s.write_u16(buf + a.size(), 0);
      return a.size();
    }
  }
  const auto v = lookup(c, file.str, section.str, key.str);
  if (!v) c.s.set_last_error(kErrFileNotFound);
  return copy_truncated<S>(c, buf, size, v ? *v : trim(def.null() ? "" : def.str));
}

template <class S> uint64_t GetPrivateProfileInt(Call& c, S section, S key, int32_t def, S file) {
  const auto v = lookup(c, file.str, section.str, key.str);
  if (!v) return static_cast<uint32_t>(def);
  return static_cast<uint32_t>(std::strtol(v->c_str(), nullptr, 10));
}

template <class S> uint64_t WritePrivateProfileString(Call& c, S section, S key, S value, S file) {
  if (section.null()) return fail(c, kErrInvalidParameter);
  const std::string path = ini_path(file.str);
  auto f = c.s.vfs.find(path);
  const std::vector<IniLine> lines = f ? parse_ini(f->data) : std::vector<IniLine>{};
  // Rebuild the file with the change: a NULL key deletes the section, a NULL
  // value deletes the key, otherwise the key is set (appended if new).
  std::string out;
  bool written = false, in_section = false;
  auto flush_new_key = [&]() {
    if (in_section && !written && !key.null() && !value.null()) { out += key.str + "=" + value.str + "\r\n"; written = true; }
  };
  for (const auto& l : lines) {
    if (l.is_section) {
      flush_new_key();
      in_section = same(l.section, section.str);
      if (in_section && key.null()) continue;
      out += "[" + l.section + "]\r\n";
      continue;
    }
    if (in_section && key.null()) continue;
    if (in_section && same(l.key, key.str)) {
      if (!value.null()) out += l.key + "=" + value.str + "\r\n";
      written = true;
      continue;
    }
    out += l.key + "=" + l.value + "\r\n";
  }
  flush_new_key();
  if (!written && !key.null() && !value.null()) out += "[" + section.str + "]\r\n" + key.str + "=" + value.str + "\r\n";
  if (!f) f = c.s.vfs.create(path, true);
  if (!f) return fail(c, kErrPathNotFound);
  const std::string ansi = utf8_to_ansi(out);
  f->data.assign(ansi.begin(), ansi.end());
  f->written = true;
  c.s.emit("file_write", {{"path", c.s.vfs.full_path(path)}, {"size", f->data.size()}});
  return 1;
}

}  // namespace

void register_kernel32_private_profile(ApiRegistry& r) {
  auto t = r.table("kernel32");
  t.add<&GetPrivateProfileString<AStr>>("GetPrivateProfileStringA");
  t.add<&GetPrivateProfileString<WStr>>("GetPrivateProfileStringW");
  t.add<&GetPrivateProfileInt<AStr>>("GetPrivateProfileIntA");
  t.add<&GetPrivateProfileInt<WStr>>("GetPrivateProfileIntW");
  t.add<&WritePrivateProfileString<AStr>>("WritePrivateProfileStringA");
  t.add<&WritePrivateProfileString<WStr>>("WritePrivateProfileStringW");
}

}  // namespace emu::winapi
