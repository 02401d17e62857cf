#include "winapi/core/heap.h"

#include <algorithm>
#include <vector>

namespace emu::winapi {

namespace {
constexpr uint64_t kAlign = 16;
constexpr uint64_t kMaxBlock = 512ull << 20;
uint64_t round_up(uint64_t v) { return (v + kAlign - 1) & ~(kAlign - 1); }
}  // namespace

GuestHeap::GuestHeap(cpu::Memory& mem, std::string tag, uint64_t first_base, uint64_t first_size, uint64_t limit)
    : mem_(mem), tag_(std::move(tag)), limit_(limit) {
  if (first_base && first_size > 0x100) {
    // Leave the first 0x100 bytes alone: the loader may keep a header there.
    free_[first_base + 0x100] = first_size - 0x100;
    segments_[first_base] = first_size;
  }
}

bool GuestHeap::grow(uint64_t need) {
  const uint64_t size = cpu::page_ceil(std::max<uint64_t>(need + 0x1000, 0x40000));
  const uint64_t base = mem_.find_free(size, 0x00200000, limit_);
  if (!base || !mem_.map(base, size, cpu::kPermRead | cpu::kPermWrite, tag_)) return false;
  segments_[base] = size;
  free_[base] = size;
  return true;
}

uint64_t GuestHeap::alloc(uint64_t size, bool zero) {
  if (size > kMaxBlock) return 0;
  const uint64_t need = round_up(std::max<uint64_t>(size, 1));
  for (int attempt = 0; attempt < 2; ++attempt) {
    for (auto it = free_.begin(); it != free_.end(); ++it) {
      if (it->second < need) continue;
      const uint64_t addr = it->first;
      const uint64_t rest = it->second - need;
      free_.erase(it);
      if (rest) free_[addr + need] = rest;
      used_[addr] = size;
      cap_[addr] = need;
      in_use_ += need;
      if (zero) {
        std::vector<uint8_t> z(need, 0);
        mem_.write(addr, z.data(), z.size());
      }
      return addr;
    }
    if (!grow(need)) return 0;
  }
  return 0;
}

bool GuestHeap::free(uint64_t addr) {
  auto it = cap_.find(addr);
  if (it == cap_.end()) return false;
  uint64_t a = addr, n = it->second;
  in_use_ -= n;
  cap_.erase(it);
  used_.erase(addr);
  // Coalesce with neighbours inside the same segment.
  auto next = free_.find(a + n);
  if (next != free_.end()) { n += next->second; free_.erase(next); }
  auto prev = free_.lower_bound(a);
  if (prev != free_.begin()) {
    --prev;
    if (prev->first + prev->second == a) { a = prev->first; n += prev->second; free_.erase(prev); }
  }
  free_[a] = n;
  return true;
}

std::optional<uint64_t> GuestHeap::size_of(uint64_t addr) const {
  auto it = used_.find(addr);
  if (it == used_.end()) return std::nullopt;
  return it->second;
}

uint64_t GuestHeap::realloc(uint64_t addr, uint64_t size, bool zero) {
  if (!addr) return alloc(size, zero);
  auto old = size_of(addr);
  if (!old) return 0;
  auto cap = cap_.find(addr);
  if (size <= cap->second) {
    if (zero && size > *old) {
      std::vector<uint8_t> z(size - *old, 0);
      mem_.write(addr + *old, z.data(), z.size());
    }
    used_[addr] = size;
    return addr;
  }
  const uint64_t n = alloc(size, zero);
  if (!n) return 0;
  std::vector<uint8_t> buf(std::min(*old, size));
  mem_.read(addr, buf.data(), buf.size());
  mem_.write(n, buf.data(), buf.size());
  free(addr);
  return n;
}

void GuestHeap::destroy() {
  for (auto& [base, size] : segments_) mem_.unmap(base, size);
  segments_.clear();
  free_.clear();
  used_.clear();
  cap_.clear();
  in_use_ = 0;
}

}  // namespace emu::winapi
