#include "winapi/core/files.h"

#include "winapi/core/text.h"
#include "winapi/runtime/session.h"

namespace emu::winapi {

static boost::json::array access_flags(uint32_t a) {
  boost::json::array out;
  if (a & 0x80000000) out.push_back("GENERIC_READ");
  if (a & 0x40000000) out.push_back("GENERIC_WRITE");
  if (a & 0x20000000) out.push_back("GENERIC_EXECUTE");
  if (a & 0x10000000) out.push_back("GENERIC_ALL");
  if (a & 0x1) out.push_back("FILE_READ_DATA");
  if (a & 0x2) out.push_back("FILE_WRITE_DATA");
  if (a & 0x4) out.push_back("FILE_APPEND_DATA");
  return out;
}

static const char* disposition_name(Disposition d) {
  switch (d) {
    case Disposition::CreateNew: return "CREATE_NEW";
    case Disposition::CreateAlways: return "CREATE_ALWAYS";
    case Disposition::OpenExisting: return "OPEN_EXISTING";
    case Disposition::OpenAlways: return "OPEN_ALWAYS";
    case Disposition::TruncateExisting: return "TRUNCATE_EXISTING";
  }
  return "";
}

OpenResult open_file(Session& s, const std::string& path, uint32_t access, Disposition d, bool directory) {
  OpenResult r;
  if (path.empty()) { r.error = 3; return r; }
  auto obj = std::make_shared<FileObject>();
  obj->path = path;
  obj->access = access;
  const std::string full = s.vfs.full_path(path);
  if (iequals(path, "CONOUT$") || iequals(path, "CONIN$")) {
    obj->console = true;
    r.handle = s.handles.add(obj);
    return r;
  }
  if (directory || s.vfs.is_directory(path)) {
    obj->file = std::make_shared<VFile>();
    obj->file->path = full;
    obj->file->is_dir = true;
    r.handle = s.handles.add(obj);
    s.emit("file_open", {{"path", full}, {"handle", hex(r.handle)}, {"open_flags", boost::json::array{disposition_name(d)}},
                         {"access_flags", access_flags(access)}});
    return r;
  }
  auto existing = s.vfs.find(path);
  std::shared_ptr<VFile> f;
  bool created = false;
  switch (d) {
    case Disposition::CreateNew:
      if (existing) { r.error = 80; return r; }
      f = s.vfs.create(path, true);
      created = true;
      break;
    case Disposition::CreateAlways:
      if (existing) r.error = 183;
      f = s.vfs.create(path, true);
      created = true;
      break;
    case Disposition::OpenExisting:
      if (!existing) { r.error = 2; s.emit("file_open", {{"path", full}, {"open_flags", boost::json::array{disposition_name(d)}}, {"access_flags", access_flags(access)}}); return r; }
      f = existing;
      break;
    case Disposition::OpenAlways:
      if (existing) { f = existing; r.error = 183; }
      else { f = s.vfs.create(path, false); created = true; }
      break;
    case Disposition::TruncateExisting:
      if (!existing) { r.error = 2; return r; }
      f = s.vfs.create(path, true);
      break;
  }
  obj->file = f;
  r.handle = s.handles.add(obj);
  r.created = created;
  s.emit(created ? "file_create" : "file_open",
         {{"path", f->path}, {"handle", hex(r.handle)}, {"open_flags", boost::json::array{disposition_name(d)}},
          {"access_flags", access_flags(access)}});
  return r;
}

uint64_t file_read(Session& s, uint64_t handle, FileObject& f, uint64_t buf, uint64_t n) {
  if (f.console || !f.file) return 0;
  n = std::min<uint64_t>(n, 64u << 20);
  const auto& d = f.file->data;
  const uint64_t avail = f.pos < d.size() ? d.size() - f.pos : 0;
  const uint64_t got = std::min(n, avail);
  if (got) s.mem.write(buf, d.data() + f.pos, got);
  f.pos += got;
  s.emit("file_read", {{"path", f.file->path}, {"handle", hex(handle)}, {"size", got}, {"buffer", hex(buf)}});
  return got;
}

uint64_t file_write(Session& s, uint64_t handle, FileObject& f, uint64_t buf, uint64_t n) {
  if (f.console || !f.file) return n;
  n = std::min<uint64_t>(n, 64u << 20);
  std::vector<uint8_t> data(n);
  s.mem.read(buf, data.data(), n);
  auto& d = f.file->data;
  if (d.size() < f.pos + n) {
    if (f.pos + n > (256u << 20)) return 0;
    d.resize(f.pos + n);
  }
  std::copy(data.begin(), data.end(), d.begin() + f.pos);
  f.pos += n;
  f.file->written = true;
  s.emit("file_write", {{"path", f.file->path}, {"handle", hex(handle)}, {"size", n}, {"buffer", hex(buf)}});
  return n;
}

uint64_t std_handle(Session& s, int32_t which) {
  const std::string key = "std." + std::to_string(which);
  auto it = s.scratch.find(key);
  if (it != s.scratch.end()) return it->second;
  auto obj = std::make_shared<FileObject>();
  obj->console = true;
  obj->path = which == -10 ? "CONIN$" : "CONOUT$";
  const uint64_t h = s.handles.add(obj);
  s.scratch[key] = h;
  return h;
}

}  // namespace emu::winapi
