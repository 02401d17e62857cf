// kernel32: files, directories, find, mappings, drives, console output.
#include "winapi/core/files.h"
#include "winapi/core/handler.h"

namespace emu::winapi {
namespace {

template <class S> uint64_t CreateFile(Call& c, S name, uint32_t access, uint32_t, Ptr, uint32_t disp, uint32_t, Handle) {
  if (disp < 1 || disp > 5) return fail(c, kErrInvalidParameter, c.s.x64 ? ~0ull : 0xFFFFFFFF);
  auto r = open_file(c.s, name.str, access, static_cast<Disposition>(disp));
  if (!r.handle) return fail(c, r.error, c.s.x64 ? ~0ull : 0xFFFFFFFF);
  c.s.set_last_error(r.error);
  return r.handle;
}

uint64_t ReadFile(Call& c, Handle h, Ptr buf, uint32_t n, Ptr read, Ptr) {
  auto f = c.s.handles.get<FileObject>(h);
  if (!f) return fail(c, kErrInvalidHandle);
  const uint64_t got = file_read(c.s, h, *f, buf, n);
  if (read) c.s.write_u32(read, static_cast<uint32_t>(got));
  return 1;
}
uint64_t WriteFile(Call& c, Handle h, Ptr buf, uint32_t n, Ptr written, Ptr) {
  auto f = c.s.handles.get<FileObject>(h);
  if (!f) return fail(c, kErrInvalidHandle);
  const uint64_t w = file_write(c.s, h, *f, buf, n);
  if (written) c.s.write_u32(written, static_cast<uint32_t>(w));
  return 1;
}
template <class S> uint64_t WriteConsole(Call& c, Handle, Ptr buf, uint32_t n, Ptr written, Ptr) {
  const std::string text = S::wide ? utf16_to_utf8(c.s.read_wstr(buf, n)) : ansi_to_utf8(c.s.read_astr(buf, n));
  c.set_arg_text(1, text);
  if (written) c.s.write_u32(written, n);
  return 1;
}
uint64_t GetFileSize(Call& c, Handle h, Ptr high) {
  auto f = c.s.handles.get<FileObject>(h);
  if (!f || !f->file) return fail(c, kErrInvalidHandle, 0xFFFFFFFF);
  if (high) c.s.write_u32(high, 0);
  return f->file->data.size();
}
uint64_t GetFileSizeEx(Call& c, Handle h, Ptr out) {
  auto f = c.s.handles.get<FileObject>(h);
  if (!f || !f->file) return fail(c, kErrInvalidHandle);
  c.s.write_u64(out, f->file->data.size());
  return 1;
}
uint64_t SetFilePointer(Call& c, Handle h, int32_t lo, Ptr hi, uint32_t method) {
  auto f = c.s.handles.get<FileObject>(h);
  if (!f || !f->file) return fail(c, kErrInvalidHandle, 0xFFFFFFFF);
  int64_t off = lo;
  if (hi) off = static_cast<int64_t>((static_cast<uint64_t>(c.s.read_u32(hi)) << 32) | static_cast<uint32_t>(lo));
  const int64_t base = method == 0 ? 0 : method == 1 ? static_cast<int64_t>(f->pos) : static_cast<int64_t>(f->file->data.size());
  if (base + off < 0) return fail(c, 131, 0xFFFFFFFF);
  f->pos = static_cast<uint64_t>(base + off);
  if (hi) c.s.write_u32(hi, static_cast<uint32_t>(f->pos >> 32));
  return f->pos & 0xFFFFFFFF;
}
uint64_t SetFilePointerEx(Call& c, Handle h, uint64_t dist, Ptr newpos, uint32_t method) {
  auto f = c.s.handles.get<FileObject>(h);
  if (!f || !f->file) return fail(c, kErrInvalidHandle);
  // x86: the 64-bit distance takes two slots, moving the later arguments.
  if (!c.s.x64) {
    dist = c.arg(1) | (c.arg(2) << 32);
    newpos.v = c.arg(3);
    method = static_cast<uint32_t>(c.arg(4));
    c.nargs = 5;
  }
  const int64_t base = method == 0 ? 0 : method == 1 ? static_cast<int64_t>(f->pos) : static_cast<int64_t>(f->file->data.size());
  f->pos = static_cast<uint64_t>(std::max<int64_t>(0, base + static_cast<int64_t>(dist)));
  if (newpos) c.s.write_u64(newpos, f->pos);
  return 1;
}
uint64_t SetEndOfFile(Call& c, Handle h) {
  auto f = c.s.handles.get<FileObject>(h);
  if (!f || !f->file) return fail(c, kErrInvalidHandle);
  if (f->pos < (256u << 20)) f->file->data.resize(f->pos);
  f->file->written = true;
  return 1;
}
uint64_t FlushFileBuffers(Call&, Handle) { return 1; }
uint64_t GetFileType(Call& c, Handle h) {
  auto f = c.s.handles.get<FileObject>(h);
  if (!f) return 0;
  return f->console ? 2 : 1;  // FILE_TYPE_CHAR / FILE_TYPE_DISK
}
uint64_t GetStdHandle(Call& c, uint32_t which) { return std_handle(c.s, static_cast<int32_t>(which)); }
uint64_t SetStdHandle(Call&, uint32_t, Handle) { return 1; }
uint64_t GetConsoleMode(Call& c, Handle, Ptr mode) { c.s.write_u32(mode, 3); return 1; }
uint64_t SetConsoleMode(Call&, Handle, uint32_t) { return 1; }
uint64_t GetConsoleCP(Call&) { return 437; }
uint64_t AllocConsole(Call&) { return 1; }
uint64_t GetConsoleWindow(Call&) { return 0; }
template <class S> uint64_t SetConsoleTitle(Call&, S) { return 1; }

template <class S> uint64_t DeleteFile(Call& c, S name) {
  if (!c.s.vfs.remove(name.str)) return fail(c, kErrFileNotFound);
  return 1;
}
template <class S> uint64_t CopyFile(Call& c, S from, S to, uint32_t fail_if_exists) {
  auto f = c.s.vfs.find(from.str);
  if (!f) return fail(c, kErrFileNotFound);
  if (fail_if_exists && c.s.vfs.find(to.str)) return fail(c, kErrFileExists);
  auto g = c.s.vfs.create(to.str, true);
  g->data = f->data;
  c.s.emit("file_create", {{"path", g->path}});
  c.s.emit("file_write", {{"path", g->path}, {"size", g->data.size()}});
  return 1;
}
template <class S> uint64_t CopyFileEx(Call& c, S from, S to, Ptr, Ptr, Ptr, uint32_t flags) { return CopyFile<S>(c, from, to, flags & 1); }
template <class S> uint64_t MoveFile(Call& c, S from, S to) {
  if (!c.s.vfs.move(from.str, to.str)) return fail(c, kErrFileNotFound);
  c.s.emit("file_create", {{"path", c.s.vfs.full_path(to.str)}});
  return 1;
}
template <class S> uint64_t MoveFileEx(Call& c, S from, S to, uint32_t) {
  if (to.null()) return c.s.vfs.remove(from.str) ? 1 : fail(c, kErrFileNotFound);
  return MoveFile<S>(c, from, to);
}
template <class S> uint64_t GetFileAttributes(Call& c, S name) {
  if (c.s.vfs.is_directory(name.str)) return 0x10;
  if (c.s.vfs.find(name.str)) return 0x80;
  return fail(c, kErrFileNotFound, 0xFFFFFFFF);
}
template <class S> uint64_t GetFileAttributesEx(Call& c, S name, uint32_t, Ptr data) {
  std::vector<uint8_t> z(36, 0);
  c.s.mem.write(data, z.data(), z.size());
  if (c.s.vfs.is_directory(name.str)) { c.s.write_u32(data, 0x10); return 1; }
  auto f = c.s.vfs.find(name.str);
  if (!f) return fail(c, kErrFileNotFound);
  c.s.write_u32(data, 0x80);
  c.s.write_u32(data + 32, static_cast<uint32_t>(f->data.size()));
  return 1;
}
template <class S> uint64_t SetFileAttributes(Call&, S, uint32_t) { return 1; }
uint64_t GetFileTime(Call& c, Handle, Ptr a, Ptr b, Ptr d) {
  for (uint64_t p : {a.v, b.v, d.v}) if (p) c.s.write_u64(p, c.s.filetime_now() - 864000000000ull * 30);
  return 1;
}
uint64_t SetFileTime(Call&, Handle, Ptr, Ptr, Ptr) { return 1; }
template <class S> uint64_t CreateDirectory(Call& c, S name, Ptr) {
  if (c.s.vfs.is_directory(name.str)) return fail(c, kErrAlreadyExists);
  c.s.vfs.make_directory(name.str);
  c.s.emit("file_create", {{"path", c.s.vfs.full_path(name.str)}, {"open_flags", boost::json::array{"DIRECTORY"}}});
  return 1;
}
template <class S> uint64_t RemoveDirectory(Call&, S) { return 1; }

template <class S> uint64_t fill_find_data(Call& c, Ptr data, const std::string& name, uint64_t size) {
  const size_t total = S::wide ? 592 : 320;
  std::vector<uint8_t> z(total, 0);
  c.s.mem.write(data, z.data(), z.size());
  c.s.write_u32(data, 0x80);
  c.s.write_u32(data + 32, static_cast<uint32_t>(size));
  c.s.write_str<S>(data + 44, name, 260);
  return 1;
}
template <class S> uint64_t FindFirstFile(Call& c, S pattern, Ptr data) {
  auto names = c.s.vfs.list(pattern.str);
  // A concrete path that exists (a config rule) is found too.
  if (names.empty() && pattern.str.find('*') == std::string::npos && c.s.vfs.find(pattern.str))
    names.push_back(module_base_name(pattern.str));
  if (names.empty()) return fail(c, kErrFileNotFound, c.s.x64 ? ~0ull : 0xFFFFFFFF);
  auto fo = std::make_shared<FindObject>();
  fo->names = names;
  fo->next = 1;
  fo->name = pattern.str;
  fill_find_data<S>(c, data, names[0], 0);
  return c.s.handles.add(fo);
}
template <class S> uint64_t FindFirstFileEx(Call& c, S pattern, uint32_t, Ptr data, uint32_t, Ptr, uint32_t) {
  return FindFirstFile<S>(c, pattern, data);
}
template <class S> uint64_t FindNextFile(Call& c, Handle h, Ptr data) {
  auto fo = c.s.handles.get<FindObject>(h);
  if (!fo || fo->next >= fo->names.size()) return fail(c, kErrNoMoreFiles);
  fill_find_data<S>(c, data, fo->names[fo->next++], 0);
  return 1;
}
// Only a search handle is closed here; INVALID_HANDLE_VALUE from a failed
// FindFirstFile (or any other handle) fails as documented.
uint64_t FindClose(Call& c, Handle h) {
  if (!c.s.handles.get<FindObject>(h)) return fail(c, kErrInvalidHandle);
  c.s.handles.close(h);
  return 1;
}

template <class S> uint64_t GetTempPath(Call& c, uint32_t n, Ptr buf) {
  auto it = c.s.env.find("temp");
  return copy_out<S>(c, buf, n, it == c.s.env.end() ? "C:\\Windows\\temp\\" : it->second);
}
template <class S> uint64_t GetTempFileName(Call& c, S dir, S prefix, uint32_t unique, Ptr out) {
  uint32_t n = unique ? unique : static_cast<uint32_t>(c.s.cpu.instructions() & 0xFFFF);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%X", n & 0xFFFF);
  std::string d = dir.str;
  if (!d.empty() && d.back() != '\\') d += '\\';
  const std::string path = d + prefix.str.substr(0, 3) + buf + ".tmp";
  c.s.write_str<S>(out, path, 260);
  if (!unique) c.s.vfs.create(path, true);
  return n;
}
template <class S> uint64_t GetFullPathName(Call& c, S name, uint32_t n, Ptr buf, Ptr filepart) {
  const std::string full = c.s.vfs.full_path(name.str);
  const uint64_t r = copy_out<S>(c, buf, n, full);
  if (filepart && r < n) {
    const size_t slash = full.rfind('\\');
    const size_t off = slash == std::string::npos ? 0 : slash + 1;
    c.s.write_ptr(filepart, buf + off * (S::wide ? 2 : 1));
  }
  return r;
}
template <class S> uint64_t GetLongPathName(Call& c, S name, Ptr buf, uint32_t n) { return copy_out<S>(c, buf, n, name.str); }
template <class S> uint64_t GetDriveType(Call& c, S root) {
  std::string r = upper(root.str);
  for (auto& d : c.s.cfg.drives)
    if (!r.empty() && !d.root_path.empty() && upper(d.root_path)[0] == r[0]) {
      if (d.drive_type == "DRIVE_CDROM") return 5;
      if (d.drive_type == "DRIVE_REMOTE") return 4;
      if (d.drive_type == "DRIVE_REMOVABLE") return 2;
      return 3;
    }
  return r.empty() || r[0] == 'C' ? 3 : 1;
}
uint64_t GetLogicalDrives(Call& c) {
  uint32_t m = 0;
  for (auto& d : c.s.cfg.drives) if (!d.root_path.empty()) m |= 1u << (upper(d.root_path)[0] - 'A');
  return m ? m : 4;
}
template <class S> uint64_t GetLogicalDriveStrings(Call& c, uint32_t n, Ptr buf) {
  std::u16string all;
  for (auto& d : c.s.cfg.drives) { all += utf8_to_utf16(d.root_path); all.push_back(0); }
  if (all.empty()) all = std::u16string(u"C:\\") + u'\0';
  if (all.size() + 1 > n) return all.size() + 1;
  all.push_back(0);
  if constexpr (S::wide) c.s.mem.write(buf, all.data(), all.size() * 2);
  else { auto b = narrow_units(all); c.s.mem.write(buf, b.data(), b.size()); }
  return all.size() - 1;
}
template <class S> uint64_t GetDiskFreeSpaceEx(Call& c, S, Ptr a, Ptr b, Ptr d) {
  if (a) c.s.write_u64(a, 50ull << 30);
  if (b) c.s.write_u64(b, 100ull << 30);
  if (d) c.s.write_u64(d, 50ull << 30);
  return 1;
}
template <class S> uint64_t GetDiskFreeSpace(Call& c, S, Ptr spc, Ptr bps, Ptr fc, Ptr tc) {
  if (spc) c.s.write_u32(spc, 8);
  if (bps) c.s.write_u32(bps, 512);
  if (fc) c.s.write_u32(fc, 0x1000000);
  if (tc) c.s.write_u32(tc, 0x2000000);
  return 1;
}
template <class S> uint64_t GetVolumeInformation(Call& c, S, Ptr name, uint32_t nlen, Ptr serial, Ptr maxlen, Ptr flags, Ptr fs, uint32_t fslen) {
  if (name && nlen) c.s.write_str<S>(name, "", nlen);
  if (serial) c.s.write_u32(serial, 0x12345678);
  if (maxlen) c.s.write_u32(maxlen, 255);
  if (flags) c.s.write_u32(flags, 0x3E700FF);
  if (fs && fslen) c.s.write_str<S>(fs, "NTFS", fslen);
  return 1;
}

// File mappings: a view is a copy of the file's bytes in fresh memory.
template <class S> uint64_t CreateFileMapping(Call& c, Handle file, Ptr, uint32_t protect, uint32_t hi, uint32_t lo, S name) {
  auto m = std::make_shared<ModuleRef>();
  if (auto f = c.s.handles.get<FileObject>(file)) m->file = f->file;
  m->max_size = (static_cast<uint64_t>(hi) << 32) | lo;
  m->protect = protect;
  m->name = name.str;
  return c.s.handles.add(m);
}
template <class S> uint64_t OpenFileMapping(Call& c, uint32_t, uint32_t, S name) {
  auto o = c.s.handles.find_named("section", name.str);
  if (!o) return fail(c, kErrFileNotFound);
  return c.s.handles.add(o);
}
uint64_t MapViewOfFile(Call& c, Handle h, uint32_t, uint32_t offhi, uint32_t offlo, uint64_t size) {
  auto m = c.s.handles.get<ModuleRef>(h);
  if (!m) return fail(c, kErrInvalidHandle);
  const uint64_t off = (static_cast<uint64_t>(offhi) << 32) | offlo;
  // Size 0 maps the whole section: its maximum size when one was given
  // (a file mapping may be larger than its file), else the file's size.
  const uint64_t section = m->max_size ? m->max_size : m->file ? m->file->data.size() : 0;
  uint64_t n = size ? size : section - std::min(off, section);
  if (!n) n = 0x1000;
  if (n > (256u << 20)) return fail(c, kErrNotEnoughMemory);
  const uint64_t base = c.s.virtual_alloc(0, n, 0x04 | (m->protect & 0xF0 ? 0x40 : 0), "mapview");
  if (!base) return fail(c, kErrNotEnoughMemory);
  if (m->file && off < m->file->data.size())
    c.s.mem.write(base, m->file->data.data() + off, std::min<uint64_t>(n, m->file->data.size() - off));
  c.s.emit("mem_alloc", {{"path", c.s.image_path}, {"base", hex(base)}, {"size", hex(n)}, {"protect", "PAGE_READWRITE"}});
  return base;
}
uint64_t MapViewOfFileEx(Call& c, Handle h, uint32_t a, uint32_t hi, uint32_t lo, uint64_t size, Ptr) { return MapViewOfFile(c, h, a, hi, lo, size); }
uint64_t UnmapViewOfFile(Call&, Ptr) { return 1; }

}  // namespace

void register_kernel32_file(ApiRegistry& r) {
  auto t = r.table("kernel32");
  t.add<&CreateFile<AStr>>("CreateFileA");
  t.add<&CreateFile<WStr>>("CreateFileW");
  t.add<&ReadFile>("ReadFile");
  t.add<&WriteFile>("WriteFile");
  t.add<&WriteConsole<AStr>>("WriteConsoleA");
  t.add<&WriteConsole<WStr>>("WriteConsoleW");
  t.add<&GetFileSize>("GetFileSize");
  t.add<&GetFileSizeEx>("GetFileSizeEx");
  t.add<&SetFilePointer>("SetFilePointer");
  t.add<&SetFilePointerEx>("SetFilePointerEx");
  t.add<&SetEndOfFile>("SetEndOfFile");
  t.add<&FlushFileBuffers>("FlushFileBuffers");
  t.add<&GetFileType>("GetFileType");
  t.add<&GetStdHandle>("GetStdHandle");
  t.add<&SetStdHandle>("SetStdHandle");
  t.add<&GetConsoleMode>("GetConsoleMode");
  t.add<&SetConsoleMode>("SetConsoleMode");
  t.add<&GetConsoleCP>("GetConsoleCP");
  t.add<&GetConsoleCP>("GetConsoleOutputCP");
  t.add<&AllocConsole>("AllocConsole");
  t.add<&AllocConsole>("FreeConsole");
  t.add<&GetConsoleWindow>("GetConsoleWindow");
  t.add<&SetConsoleTitle<AStr>>("SetConsoleTitleA");
  t.add<&SetConsoleTitle<WStr>>("SetConsoleTitleW");
  t.add<&DeleteFile<AStr>>("DeleteFileA");
  t.add<&DeleteFile<WStr>>("DeleteFileW");
  t.add<&CopyFile<AStr>>("CopyFileA");
  t.add<&CopyFile<WStr>>("CopyFileW");
  t.add<&CopyFileEx<AStr>>("CopyFileExA");
  t.add<&CopyFileEx<WStr>>("CopyFileExW");
  t.add<&MoveFile<AStr>>("MoveFileA");
  t.add<&MoveFile<WStr>>("MoveFileW");
  t.add<&MoveFileEx<AStr>>("MoveFileExA");
  t.add<&MoveFileEx<WStr>>("MoveFileExW");
  t.add<&GetFileAttributes<AStr>>("GetFileAttributesA");
  t.add<&GetFileAttributes<WStr>>("GetFileAttributesW");
  t.add<&GetFileAttributesEx<AStr>>("GetFileAttributesExA");
  t.add<&GetFileAttributesEx<WStr>>("GetFileAttributesExW");
  t.add<&SetFileAttributes<AStr>>("SetFileAttributesA");
  t.add<&SetFileAttributes<WStr>>("SetFileAttributesW");
  t.add<&GetFileTime>("GetFileTime");
  t.add<&SetFileTime>("SetFileTime");
  t.add<&CreateDirectory<AStr>>("CreateDirectoryA");
  t.add<&CreateDirectory<WStr>>("CreateDirectoryW");
  t.add<&RemoveDirectory<AStr>>("RemoveDirectoryA");
  t.add<&RemoveDirectory<WStr>>("RemoveDirectoryW");
  t.add<&FindFirstFile<AStr>>("FindFirstFileA");
  t.add<&FindFirstFile<WStr>>("FindFirstFileW");
  t.add<&FindFirstFileEx<AStr>>("FindFirstFileExA");
  t.add<&FindFirstFileEx<WStr>>("FindFirstFileExW");
  t.add<&FindNextFile<AStr>>("FindNextFileA");
  t.add<&FindNextFile<WStr>>("FindNextFileW");
  t.add<&FindClose>("FindClose");
  t.add<&GetTempPath<AStr>>("GetTempPathA");
  t.add<&GetTempPath<WStr>>("GetTempPathW");
  t.add<&GetTempFileName<AStr>>("GetTempFileNameA");
  t.add<&GetTempFileName<WStr>>("GetTempFileNameW");
  t.add<&GetFullPathName<AStr>>("GetFullPathNameA");
  t.add<&GetFullPathName<WStr>>("GetFullPathNameW");
  t.add<&GetLongPathName<AStr>>("GetLongPathNameA");
  t.add<&GetLongPathName<WStr>>("GetLongPathNameW");
  t.add<&GetLongPathName<AStr>>("GetShortPathNameA");
  t.add<&GetLongPathName<WStr>>("GetShortPathNameW");
  t.add<&GetDriveType<AStr>>("GetDriveTypeA");
  t.add<&GetDriveType<WStr>>("GetDriveTypeW");
  t.add<&GetLogicalDrives>("GetLogicalDrives");
  t.add<&GetLogicalDriveStrings<AStr>>("GetLogicalDriveStringsA");
  t.add<&GetLogicalDriveStrings<WStr>>("GetLogicalDriveStringsW");
  t.add<&GetDiskFreeSpaceEx<AStr>>("GetDiskFreeSpaceExA");
  t.add<&GetDiskFreeSpaceEx<WStr>>("GetDiskFreeSpaceExW");
  t.add<&GetDiskFreeSpace<AStr>>("GetDiskFreeSpaceA");
  t.add<&GetDiskFreeSpace<WStr>>("GetDiskFreeSpaceW");
  t.add<&GetVolumeInformation<AStr>>("GetVolumeInformationA");
  t.add<&GetVolumeInformation<WStr>>("GetVolumeInformationW");
  t.add<&CreateFileMapping<AStr>>("CreateFileMappingA");
  t.add<&CreateFileMapping<WStr>>("CreateFileMappingW");
  t.add<&OpenFileMapping<AStr>>("OpenFileMappingA");
  t.add<&OpenFileMapping<WStr>>("OpenFileMappingW");
  t.add<&MapViewOfFile>("MapViewOfFile");
  t.add<&MapViewOfFileEx>("MapViewOfFileEx");
  t.add<&UnmapViewOfFile>("UnmapViewOfFile");
}

}  // namespace emu::winapi
