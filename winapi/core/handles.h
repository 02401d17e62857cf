// Kernel objects and the handle table that names them. Objects are plain
// C++ state; handlers downcast with HandleTable::get<T>.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace emu::winapi {

struct VFile;

struct Object {
  virtual ~Object() = default;
  virtual const char* kind() const = 0;
  std::string name;  // named objects (mutex names, file paths, ...)
};

struct FileObject : Object {
  const char* kind() const override { return "file"; }
  std::shared_ptr<VFile> file;
  std::string path;        // as the guest named it
  uint64_t pos = 0;
  uint32_t access = 0;
  bool console = false;    // a std handle
};

struct FindObject : Object {  // FindFirstFile enumeration
  const char* kind() const override { return "find"; }
  std::vector<std::string> names;
  size_t next = 0;
};

struct SyncObject : Object {
  enum class Type { Mutex, Event, Semaphore, Timer } type = Type::Event;
  const char* kind() const override { return "sync"; }
  bool signaled = false;
  bool manual_reset = false;
  int64_t count = 0, maximum = 1;
};

struct ThreadObject : Object {
  const char* kind() const override { return "thread"; }
  uint32_t tid = 0;
  uint32_t pid = 0;
  uint64_t start = 0, param = 0;
  bool suspended = false;
  bool finished = false;
  bool remote = false;
  uint32_t exit_code = 0x103;  // STILL_ACTIVE
  uint64_t teb = 0;
};

struct ProcessObject : Object {
  const char* kind() const override { return "process"; }
  uint32_t pid = 0;
  std::string path, cmdline;
  bool self = false;
  bool suspended = false;
  uint32_t exit_code = 0x103;
  uint64_t main_thread = 0;  // handle
};

struct RegKeyObject : Object {
  const char* kind() const override { return "regkey"; }
  std::string path;  // canonical HKEY_... path
};

struct ModuleRef : Object {  // unused for module handles (they are bases) but kept for mapped views
  const char* kind() const override { return "section"; }
  std::shared_ptr<VFile> file;
  uint64_t max_size = 0;
  uint32_t protect = 0;
};

struct GenericObject : Object {  // tokens, services, crypto providers, windows, snapshots...
  explicit GenericObject(std::string k) : k_(std::move(k)) {}
  const char* kind() const override { return k_.c_str(); }
  std::map<std::string, std::string> props;
  std::vector<uint8_t> data;
  uint64_t cursor = 0;
 private:
  std::string k_;
};

class HandleTable {
 public:
  // Handles are multiples of 4 from 0x80, never reused within a run so that
  // a stale handle in the report always names one object.
  uint64_t add(std::shared_ptr<Object> obj);
  std::shared_ptr<Object> find(uint64_t h) const;
  template <class T> std::shared_ptr<T> get(uint64_t h) const {
    return std::dynamic_pointer_cast<T>(find(h));
  }
  // The object behind h when it is of the given kind ("menu", "icon", ...).
  std::shared_ptr<Object> find_kind(uint64_t h, std::string_view kind) const;
  bool close(uint64_t h);
  size_t size() const { return objects_.size(); }
  // Finds a named object of a kind (CreateMutex of an existing name).
  std::shared_ptr<Object> find_named(const std::string& kind, const std::string& name) const;
  uint64_t handle_of(const Object* o) const;

 private:
  std::map<uint64_t, std::shared_ptr<Object>> objects_;
  uint64_t next_ = 0x80;
};

// Pseudo handles.
constexpr uint64_t kCurrentProcess32 = 0xFFFFFFFF;
constexpr uint64_t kCurrentThread32 = 0xFFFFFFFE;
inline bool is_current_process(uint64_t h) { return h == kCurrentProcess32 || h == ~0ull; }
inline bool is_current_thread(uint64_t h) { return h == kCurrentThread32 || h == ~1ull; }

}  // namespace emu::winapi
