// A heap allocator over guest memory (HeapAlloc, malloc, LocalAlloc, ...).
// Blocks are 16-byte aligned; bookkeeping stays on the host so that guest
// overflows cannot corrupt it. Segments are mapped on demand.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "cpu/memory.h"

namespace emu::winapi {

class GuestHeap {
 public:
  // `first_base/first_size`: an already mapped region to use first (the
  // process heap the loader made), or 0.
  GuestHeap(cpu::Memory& mem, std::string tag, uint64_t first_base = 0, uint64_t first_size = 0,
            uint64_t addr_limit = 0x7FFE0000);
  uint64_t alloc(uint64_t size, bool zero);
  bool free(uint64_t addr);
  std::optional<uint64_t> size_of(uint64_t addr) const;
  uint64_t realloc(uint64_t addr, uint64_t size, bool zero);
  bool owns(uint64_t addr) const { return used_.count(addr) > 0; }
  uint64_t bytes_in_use() const { return in_use_; }
  void destroy();

 private:
  bool grow(uint64_t need);
  cpu::Memory& mem_;
  std::string tag_;
  uint64_t limit_;
  std::map<uint64_t, uint64_t> free_;   // addr -> size
  std::map<uint64_t, uint64_t> used_;   // addr -> requested size
  std::map<uint64_t, uint64_t> cap_;    // addr -> block size (rounded)
  std::map<uint64_t, uint64_t> segments_;
  uint64_t in_use_ = 0;
};

}  // namespace emu::winapi
