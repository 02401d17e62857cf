// Guest memory: 4 KiB pages with R/W/X/guard permissions.
//
// The CPU reaches memory through its own software TLB (page number -> host
// pointer); Memory bumps `generation()` whenever a mapping or a permission
// changes so that TLBs know to flush. Host-side accessors (`read`, `write`)
// ignore permissions: they are for the loader and the API layer. Guest
// accesses go through the CPU, which checks permissions and raises faults.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace emu::cpu {

constexpr uint64_t kPageSize = 0x1000;
constexpr uint64_t kPageMask = kPageSize - 1;

inline constexpr uint64_t page_floor(uint64_t a) { return a & ~kPageMask; }
inline constexpr uint64_t page_ceil(uint64_t a) { return (a + kPageMask) & ~kPageMask; }

// Permission bits of a page.
enum Perm : uint8_t {
  kPermNone = 0,
  kPermRead = 1,
  kPermWrite = 2,
  kPermExec = 4,
  kPermGuard = 8,  // first touch raises a guard-page fault, then the bit clears
};

enum class Access : uint8_t { Read, Write, Execute };
const char* access_name(Access a);

// One mapped page. `data` is stable for the life of the mapping.
struct Page {
  uint8_t* data = nullptr;
  uint8_t perms = kPermNone;
  bool has_code = false;     // the decode cache holds instructions from this page
  bool written = false;      // written by the guest or host after it was mapped
  bool watched = false;      // guest reads are reported (see Memory::watch_reads)
  uint32_t region = 0;       // id of the allocation this page belongs to
};

// A contiguous allocation as VirtualQuery would report it.
struct Region {
  uint64_t base = 0;
  uint64_t size = 0;
  uint8_t initial_perms = kPermNone;
  std::string tag;           // who made it: "image:kernel32.dll", "heap", "stack", ...
};

class Memory {
 public:
  Memory();
  ~Memory();
  Memory(const Memory&) = delete;
  Memory& operator=(const Memory&) = delete;

  // Maps [addr, addr+size) rounded out to whole pages, zero-filled. Fails
  // (returns false) if any page is already mapped or the range wraps.
  bool map(uint64_t addr, uint64_t size, uint8_t perms, std::string tag = {});
  // Unmaps whole pages in the range; unmapped pages inside are ignored.
  void unmap(uint64_t addr, uint64_t size);
  // Changes permissions of every page in the range; false if any is unmapped.
  bool protect(uint64_t addr, uint64_t size, uint8_t perms);
  // Finds a free, page-aligned range of `size` bytes at or above `hint`
  // (and below `limit`), aligned to `align`. Returns 0 if none.
  uint64_t find_free(uint64_t size, uint64_t hint, uint64_t limit, uint64_t align = 0x10000) const;

  bool is_mapped(uint64_t addr) const { return page(addr) != nullptr; }
  bool is_range_mapped(uint64_t addr, uint64_t size) const;
  Page* page(uint64_t addr) { return lookup(addr >> 12); }
  const Page* page(uint64_t addr) const { return const_cast<Memory*>(this)->lookup(addr >> 12); }
  // Region (allocation) that holds addr, if any.
  const Region* region_of(uint64_t addr) const;
  std::vector<Region> regions() const;

  // Host-side copies; false if any byte is unmapped (nothing is copied then
  // for reads; writes stop at the first unmapped page). Writes mark pages
  // written and notify the code-invalidation hook.
  bool read(uint64_t addr, void* dst, size_t n) const;
  bool write(uint64_t addr, const void* src, size_t n);
  template <class T> std::optional<T> read_as(uint64_t addr) const {
    T v{};
    if (!read(addr, &v, sizeof v)) return std::nullopt;
    return v;
  }
  template <class T> bool write_as(uint64_t addr, const T& v) { return write(addr, &v, sizeof v); }
  // NUL-terminated strings, at most max_chars characters.
  std::string read_cstring(uint64_t addr, size_t max_chars = 4096) const;
  std::u16string read_wstring(uint64_t addr, size_t max_chars = 4096) const;

  // Without DEP (Windows' default for 32-bit programs not marked NX
  // compatible) the CPU executes any readable page: instruction fetch then
  // needs read permission only.
  void set_read_implies_execute(bool on) { read_implies_execute_ = on; ++generation_; }
  bool executable(uint8_t perms) const {
    return (perms & kPermExec) || (read_implies_execute_ && (perms & kPermRead));
  }

  // Bumps when any mapping or permission changes; TLBs compare against it.
  uint64_t generation() const { return generation_; }
  uint64_t committed_bytes() const { return pages_.size() * kPageSize; }

  // Called with the page base when a page that holds decoded code is written
  // (by the guest or the host). The decode cache installs it.
  std::function<void(uint64_t page_base)> on_code_write;
  // Marks a page as holding decoded code (the decode cache calls this).
  void mark_code(uint64_t addr);
  // Called from guest stores into a page with has_code set.
  void notify_code_write(Page& p, uint64_t page_base);
  // Further code-write listeners beside on_code_write (one per Cpu sharing
  // this Memory). Also called when a page holding code is unmapped or has
  // its permissions changed. Returns an id for remove_code_listener.
  uint64_t add_code_listener(std::function<void(uint64_t page_base)> f);
  void remove_code_listener(uint64_t id);

  // Read-watch: the pages of [addr, addr+size) never enter a CPU's read TLB,
  // so every guest read of them takes the slow path, which calls
  // on_watched_read with the address read. For rarely read data whose
  // readers matter (export tables of system DLLs: a guest that reads them
  // resolves APIs by itself). Pages that are not watched cost nothing: the
  // flag is looked at only when a TLB slot is refilled. False if any page
  // in the range is unmapped (the mapped ones are still watched).
  bool watch_reads(uint64_t addr, uint64_t size);
  std::function<void(uint64_t addr)> on_watched_read;
  void notify_watched_read(uint64_t addr) {
    if (on_watched_read) on_watched_read(addr);
  }

 private:
  Page* lookup(uint64_t page_number);
  void code_changed(uint64_t page_base);
  std::vector<std::pair<uint64_t, std::function<void(uint64_t)>>> code_listeners_;
  uint64_t next_listener_ = 1;
  std::unordered_map<uint64_t, Page> pages_;
  std::unordered_map<uint32_t, Region> regions_;
  uint32_t next_region_ = 1;
  bool read_implies_execute_ = false;
  uint64_t generation_ = 1;
  // One-entry lookup cache for host-side accessors.
  uint64_t last_pn_ = ~0ull;
  Page* last_page_ = nullptr;
};

}  // namespace emu::cpu
