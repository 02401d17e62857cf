// shell32 and shlwapi: ShellExecute, command lines, special folders, path
// and string helpers.
#include "winapi/core/handler.h"
#include "winapi/core/known_folders.h"

namespace emu::winapi {
namespace {

void exec_event(Call& c, const std::string& verb, const std::string& file, const std::string& params) {
  std::string cmd = file;
  if (!params.empty()) cmd += " " + params;
  (void)verb;
  c.s.emit("process_create", {{"path", file}, {"cmdline", cmd}});
}
template <class S> uint64_t ShellExecute(Call& c, Handle, S verb, S file, S params, S, int32_t) {
  exec_event(c, verb.str, file.str, params.str);
  return 42;
}
template <class S> uint64_t ShellExecuteEx(Call& c, Ptr info) {
  const unsigned ps = c.s.ptr_size;
  // SHELLEXECUTEINFO: cbSize, fMask, hwnd, lpVerb, lpFile, lpParameters, ...
  const uint64_t verb = c.s.read_ptr(info + 8 + ps), file = c.s.read_ptr(info + 8 + 2 * ps), params = c.s.read_ptr(info + 8 + 3 * ps);
  auto rd = [&](uint64_t p) { return S::wide ? c.s.read_wstr_utf8(p) : ansi_to_utf8(c.s.read_astr(p)); };
  exec_event(c, rd(verb), rd(file), rd(params));
  return 1;
}
uint64_t CommandLineToArgvW(Call& c, WStr cmd, Ptr argc) {
  std::vector<std::string> args;
  std::string cur;
  bool q = false, any = false;
  const std::string& s = cmd.null() ? c.s.command_line : cmd.str;
  for (char ch : s) {
    if (ch == '"') { q = !q; any = true; continue; }
    if (!q && (ch == ' ' || ch == '\t')) { if (any || !cur.empty()) args.push_back(cur); cur.clear(); any = false; continue; }
    cur.push_back(ch);
  }
  if (any || !cur.empty()) args.push_back(cur);
  size_t total = (args.size() + 1) * c.s.ptr_size;
  for (auto& a : args) total += (utf8_to_utf16(a).size() + 1) * 2;
  const uint64_t b = c.s.heap_alloc(total);
  uint64_t str = b + (args.size() + 1) * c.s.ptr_size;
  for (size_t i = 0; i < args.size(); ++i) {
    c.s.write_ptr(b + i * c.s.ptr_size, str);
    const auto w = utf8_to_utf16(args[i]);
    c.s.write_wstr(str, w);
    str += (w.size() + 1) * 2;
  }
  c.s.write_u32(argc, static_cast<uint32_t>(args.size()));
  return b;
}
std::string folder(Session& s, uint32_t csidl) { return known_folder_path(s.cfg, csidl); }
template <class S> uint64_t SHGetFolderPath(Call& c, Handle, uint32_t csidl, Handle, uint32_t, Ptr buf) {
  c.s.write_str<S>(buf, folder(c.s, csidl), 260);
  return 0;
}
template <class S> uint64_t SHGetSpecialFolderPath(Call& c, Handle, Ptr buf, uint32_t csidl, uint32_t) {
  c.s.write_str<S>(buf, folder(c.s, csidl), 260);
  return 1;
}
uint64_t SHGetKnownFolderPath(Call& c, Ptr, uint32_t, Handle, Ptr out) {
  const std::string p = folder(c.s, 0x1A);
  const uint64_t b = c.s.heap_alloc(p.size() * 2 + 2);
  c.s.write_wstr(b, utf8_to_utf16(p));
  c.s.write_ptr(out, b);
  return 0;
}
uint64_t SHGetSpecialFolderLocation(Call& c, Handle, uint32_t csidl, Ptr out) {
  c.s.write_ptr(out, c.s.static_buffer("shell.pidl." + std::to_string(csidl), 16));
  return 0;
}
template <class S> uint64_t SHGetPathFromIDList(Call& c, Ptr, Ptr buf) { c.s.write_str<S>(buf, folder(c.s, 0x1A), 260); return 1; }
uint64_t IsUserAnAdmin(Call& c) { return c.s.cfg.user_is_admin; }
template <class S> uint64_t SHFileOperation(Call&, Ptr) { return 0; }
uint64_t SHEmptyRecycleBin(Call&, Handle, Ptr, uint32_t) { return 0; }
template <class S> uint64_t SHCreateDirectoryEx(Call& c, Handle, S path, Ptr) { c.s.vfs.make_directory(path.str); return 0; }
uint64_t SHChangeNotify(Call&, uint32_t, uint32_t, Ptr, Ptr) { return 0; }
template <class S> uint64_t ShellNotifyIcon(Call&, uint32_t, Ptr) { return 1; }

// ---- shlwapi ----
template <class S> uint64_t PathFileExists(Call& c, S p) { return c.s.vfs.exists(p.str) || c.s.vfs.is_directory(p.str); }
template <class S> uint64_t PathIsRelative(Call&, S p) { return !(p.str.size() > 1 && (p.str[1] == ':' || (p.str[0] == '\\' && p.str[1] == '\\'))); }
template <class S> uint64_t PathFindFileName(Call& c, S p) {
  const size_t slash = p.str.find_last_of("\\/");
  if (slash == std::string::npos) return p.ptr;
  const size_t units = S::wide ? utf8_to_utf16(p.str.substr(0, slash + 1)).size() * 2 : slash + 1;
  (void)c;
  return p.ptr + units;
}
template <class S> uint64_t PathFindExtension(Call&, S p) {
  const size_t dot = p.str.rfind('.');
  const size_t slash = p.str.find_last_of("\\/");
  size_t at = (dot == std::string::npos || (slash != std::string::npos && dot < slash)) ? p.str.size() : dot;
  const size_t units = S::wide ? utf8_to_utf16(p.str.substr(0, at)).size() * 2 : at;
  return p.ptr + units;
}
template <class S> uint64_t PathCombine(Call& c, Ptr out, S dir, S file) {
  std::string d = dir.str;
  if (!d.empty() && d.back() != '\\') d += '\\';
  c.s.write_str<S>(out, d + file.str, 260);
  return out;
}
template <class S> uint64_t PathAppend(Call& c, S path, S more) {
  std::string d = path.str;
  if (!d.empty() && d.back() != '\\') d += '\\';
  c.s.write_str<S>(path.ptr, d + more.str, 260);
  return 1;
}
template <class S> uint64_t PathRemoveFileSpec(Call& c, S p) {
  const size_t slash = p.str.find_last_of('\\');
  if (slash == std::string::npos) return 0;
  c.s.write_str<S>(p.ptr, p.str.substr(0, slash == 2 ? 3 : slash));
  return 1;
}
template <class S> uint64_t PathRenameExtension(Call& c, S p, S ext) {
  const size_t dot = p.str.rfind('.');
  c.s.write_str<S>(p.ptr, (dot == std::string::npos ? p.str : p.str.substr(0, dot)) + ext.str, 260);
  return 1;
}
template <class S> uint64_t StrStrI(Call&, S a, S b) {
  const size_t i = lower(a.str).find(lower(b.str));
  if (i == std::string::npos) return 0;
  return a.ptr + (S::wide ? utf8_to_utf16(a.str.substr(0, i)).size() * 2 : i);
}
template <class S> uint64_t StrStr(Call&, S a, S b) {
  const size_t i = a.str.find(b.str);
  if (i == std::string::npos) return 0;
  return a.ptr + (S::wide ? utf8_to_utf16(a.str.substr(0, i)).size() * 2 : i);
}
template <class S> uint64_t StrRChr(Call&, S a, Ptr end, uint32_t ch) {
  (void)end;
  const size_t i = a.str.rfind(static_cast<char>(ch));
  if (i == std::string::npos) return 0;
  return a.ptr + (S::wide ? utf8_to_utf16(a.str.substr(0, i)).size() * 2 : i);
}
template <class S> uint64_t StrToInt(Call&, S a) { return static_cast<uint32_t>(std::atoi(a.str.c_str())); }
template <class S> uint64_t StrCmpI(Call&, S a, S b) {
  const std::string x = lower(a.str), y = lower(b.str);
  return static_cast<uint64_t>(static_cast<int64_t>(x < y ? -1 : x > y ? 1 : 0));
}
template <class S> uint64_t SHSetValue(Call& c, Handle hkey, S sub, S name, uint32_t type, Ptr data, uint32_t size) {
  const std::string base = Registry::root_name(hkey).empty() ? "" : Registry::root_name(hkey);
  const std::string path = Registry::canonical(Registry::join(base, sub.str));
  RegKey* k = c.s.registry.create(path);
  if (k) {
    RegValue v;
    v.name = name.str;
    v.type = type;
    v.data.resize(std::min<uint32_t>(size, 1u << 20));
    c.s.mem.read(data, v.data.data(), v.data.size());
    k->values[lower(name.str)] = v;
  }
  c.s.emit("reg_write_value", {{"path", path}, {"value_name", name.str}, {"size", size}});
  return 0;
}
template <class S> uint64_t SHGetValue(Call& c, Handle hkey, S sub, S name, Ptr, Ptr, Ptr) {
  const std::string path = Registry::canonical(Registry::join(Registry::root_name(hkey), sub.str));
  c.s.emit("reg_read_value", {{"path", path}, {"value_name", name.str}});
  return 2;
}

}  // namespace

void register_shell32(ApiRegistry& r) {
  auto t = r.table("shell32");
  t.add<&ShellExecute<AStr>>("ShellExecuteA");
  t.add<&ShellExecute<WStr>>("ShellExecuteW");
  t.add<&ShellExecuteEx<AStr>>("ShellExecuteExA");
  t.add<&ShellExecuteEx<WStr>>("ShellExecuteExW");
  t.add<&CommandLineToArgvW>("CommandLineToArgvW");
  t.add<&SHGetFolderPath<AStr>>("SHGetFolderPathA");
  t.add<&SHGetFolderPath<WStr>>("SHGetFolderPathW");
  t.add<&SHGetSpecialFolderPath<AStr>>("SHGetSpecialFolderPathA");
  t.add<&SHGetSpecialFolderPath<WStr>>("SHGetSpecialFolderPathW");
  t.add<&SHGetKnownFolderPath>("SHGetKnownFolderPath");
  t.add<&SHGetSpecialFolderLocation>("SHGetSpecialFolderLocation");
  t.add<&SHGetPathFromIDList<AStr>>("SHGetPathFromIDListA");
  t.add<&SHGetPathFromIDList<WStr>>("SHGetPathFromIDListW");
  t.add<&IsUserAnAdmin>("IsUserAnAdmin");
  t.add<&SHFileOperation<AStr>>("SHFileOperationA");
  t.add<&SHFileOperation<WStr>>("SHFileOperationW");
  t.add<&SHEmptyRecycleBin>("SHEmptyRecycleBinA");
  t.add<&SHEmptyRecycleBin>("SHEmptyRecycleBinW");
  t.add<&SHCreateDirectoryEx<AStr>>("SHCreateDirectoryExA");
  t.add<&SHCreateDirectoryEx<WStr>>("SHCreateDirectoryExW");
  t.add<&SHChangeNotify>("SHChangeNotify");
  t.add<&ShellNotifyIcon<AStr>>("Shell_NotifyIconA");
  t.add<&ShellNotifyIcon<WStr>>("Shell_NotifyIconW");
  auto s = r.table("shlwapi");
  s.add<&PathFileExists<AStr>>("PathFileExistsA");
  s.add<&PathFileExists<WStr>>("PathFileExistsW");
  s.add<&PathIsRelative<AStr>>("PathIsRelativeA");
  s.add<&PathIsRelative<WStr>>("PathIsRelativeW");
  s.add<&PathFindFileName<AStr>>("PathFindFileNameA");
  s.add<&PathFindFileName<WStr>>("PathFindFileNameW");
  s.add<&PathFindExtension<AStr>>("PathFindExtensionA");
  s.add<&PathFindExtension<WStr>>("PathFindExtensionW");
  s.add<&PathCombine<AStr>>("PathCombineA");
  s.add<&PathCombine<WStr>>("PathCombineW");
  s.add<&PathAppend<AStr>>("PathAppendA");
  s.add<&PathAppend<WStr>>("PathAppendW");
  s.add<&PathRemoveFileSpec<AStr>>("PathRemoveFileSpecA");
  s.add<&PathRemoveFileSpec<WStr>>("PathRemoveFileSpecW");
  s.add<&PathRenameExtension<AStr>>("PathRenameExtensionA");
  s.add<&PathRenameExtension<WStr>>("PathRenameExtensionW");
  s.add<&StrStrI<AStr>>("StrStrIA");
  s.add<&StrStrI<WStr>>("StrStrIW");
  s.add<&StrStr<AStr>>("StrStrA");
  s.add<&StrStr<WStr>>("StrStrW");
  s.add<&StrRChr<AStr>>("StrRChrA");
  s.add<&StrRChr<WStr>>("StrRChrW");
  s.add<&StrToInt<AStr>>("StrToIntA");
  s.add<&StrToInt<WStr>>("StrToIntW");
  s.add<&StrCmpI<AStr>>("StrCmpIA");
  s.add<&StrCmpI<WStr>>("StrCmpIW");
  s.add<&SHSetValue<AStr>>("SHSetValueA");
  s.add<&SHSetValue<WStr>>("SHSetValueW");
  s.add<&SHGetValue<AStr>>("SHGetValueA");
  s.add<&SHGetValue<WStr>>("SHGetValueW");
}

}  // namespace emu::winapi
