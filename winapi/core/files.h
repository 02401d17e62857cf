// File operations shared by kernel32 (CreateFile, ReadFile, ...) and ntdll
// (NtCreateFile, NtReadFile, ...): the VFS plus the file events.
#pragma once

#include <cstdint>
#include <string>

namespace emu::winapi {

class Session;
struct FileObject;

enum class Disposition { CreateNew = 1, CreateAlways = 2, OpenExisting = 3, OpenAlways = 4, TruncateExisting = 5 };

struct OpenResult {
  uint64_t handle = 0;      // 0 on failure
  uint32_t error = 0;       // Win32 error on failure; ERROR_ALREADY_EXISTS(183) for *_ALWAYS on an existing file
  bool created = false;
};

OpenResult open_file(Session& s, const std::string& path, uint32_t access, Disposition d, bool directory = false);
// Reads/writes at the object's position; emits file_read/file_write.
uint64_t file_read(Session& s, uint64_t handle, FileObject& f, uint64_t buf, uint64_t n);
uint64_t file_write(Session& s, uint64_t handle, FileObject& f, uint64_t buf, uint64_t n);
uint64_t std_handle(Session& s, int32_t which);  // -10, -11, -12

}  // namespace emu::winapi
