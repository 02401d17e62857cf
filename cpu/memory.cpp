#include "cpu/memory.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>

namespace emu::cpu {

const char* access_name(Access a) {
  switch (a) {
    case Access::Read: return "read";
    case Access::Write: return "write";
    case Access::Execute: return "execute";
  }
  return "unknown";
}

Memory::Memory() = default;

Memory::~Memory() {
  for (auto& [pn, p] : pages_) std::free(p.data);
}

Page* Memory::lookup(uint64_t pn) {
  if (pn == last_pn_) return last_page_;
  auto it = pages_.find(pn);
  if (it == pages_.end()) return nullptr;
  last_pn_ = pn;
  last_page_ = &it->second;
  return last_page_;
}

bool Memory::map(uint64_t addr, uint64_t size, uint8_t perms, std::string tag) {
  if (size == 0) return false;
  const uint64_t first = page_floor(addr);
  const uint64_t end = page_ceil(addr + size);
  if (end <= first) return false;  // wrapped
  for (uint64_t a = first; a < end; a += kPageSize)
    if (pages_.count(a >> 12)) return false;
  const uint32_t id = next_region_++;
  regions_[id] = Region{first, end - first, perms, std::move(tag)};
  for (uint64_t a = first; a < end; a += kPageSize) {
    Page p;
    p.data = static_cast<uint8_t*>(std::aligned_alloc(kPageSize, kPageSize));
    std::memset(p.data, 0, kPageSize);
    p.perms = perms;
    p.region = id;
    pages_.emplace(a >> 12, p);
  }
  ++generation_;
  last_pn_ = ~0ull;
  return true;
}

void Memory::unmap(uint64_t addr, uint64_t size) {
  const uint64_t first = page_floor(addr);
  const uint64_t end = page_ceil(addr + size);
  for (uint64_t a = first; a < end && a >= first; a += kPageSize) {
    auto it = pages_.find(a >> 12);
    if (it == pages_.end()) continue;
    if (it->second.has_code) code_changed(a);
    std::free(it->second.data);
    pages_.erase(it);
  }
  // Drop regions that lost all their pages; shrink the ones cut at an end.
  for (auto it = regions_.begin(); it != regions_.end();) {
    Region& r = it->second;
    uint64_t lo = r.base, hi = r.base + r.size;
    while (lo < hi && !pages_.count(lo >> 12)) lo += kPageSize;
    while (hi > lo && !pages_.count((hi - kPageSize) >> 12)) hi -= kPageSize;
    if (lo == hi) { it = regions_.erase(it); continue; }
    r.base = lo;
    r.size = hi - lo;
    ++it;
  }
  ++generation_;
  last_pn_ = ~0ull;
}

bool Memory::protect(uint64_t addr, uint64_t size, uint8_t perms) {
  const uint64_t first = page_floor(addr);
  const uint64_t end = page_ceil(addr + std::max<uint64_t>(size, 1));
  if (end <= first) return false;
  for (uint64_t a = first; a < end; a += kPageSize)
    if (!pages_.count(a >> 12)) return false;
  for (uint64_t a = first; a < end; a += kPageSize) {
    Page& p = pages_[a >> 12];
    // Decoded code was checked for execute permission when it was decoded.
    if (p.has_code && p.perms != perms) {
      p.has_code = false;
      code_changed(a);
    }
    p.perms = perms;
  }
  ++generation_;
  return true;
}

bool Memory::is_range_mapped(uint64_t addr, uint64_t size) const {
  if (size == 0) return true;
  const uint64_t end = addr + size;
  if (end < addr) return false;
  for (uint64_t a = page_floor(addr); a < end; a += kPageSize)
    if (!page(a)) return false;
  return true;
}

uint64_t Memory::find_free(uint64_t size, uint64_t hint, uint64_t limit, uint64_t align) const {
  if (size == 0 || align == 0 || (align & (align - 1))) return 0;
  size = page_ceil(size);
  uint64_t a = (hint + align - 1) & ~(align - 1);
  while (a + size <= limit && a + size > a) {
    uint64_t clash = 0;
    for (uint64_t p = a; p < a + size; p += kPageSize)
      if (page(p)) { clash = p; break; }
    if (!clash) return a;
    a = ((clash + kPageSize) + align - 1) & ~(align - 1);
  }
  return 0;
}

const Region* Memory::region_of(uint64_t addr) const {
  const Page* p = page(addr);
  if (!p) return nullptr;
  auto it = regions_.find(p->region);
  return it == regions_.end() ? nullptr : &it->second;
}

std::vector<Region> Memory::regions() const {
  std::vector<Region> out;
  out.reserve(regions_.size());
  for (auto& [id, r] : regions_) out.push_back(r);
  std::sort(out.begin(), out.end(), [](const Region& a, const Region& b) { return a.base < b.base; });
  return out;
}

bool Memory::read(uint64_t addr, void* dst, size_t n) const {
  if (!is_range_mapped(addr, n)) return false;
  auto* out = static_cast<uint8_t*>(dst);
  while (n) {
    const Page* p = page(addr);
    const size_t off = addr & kPageMask;
    const size_t chunk = std::min<size_t>(n, kPageSize - off);
    std::memcpy(out, p->data + off, chunk);
    out += chunk; addr += chunk; n -= chunk;
  }
  return true;
}

bool Memory::write(uint64_t addr, const void* src, size_t n) {
  auto* in = static_cast<const uint8_t*>(src);
  while (n) {
    Page* p = page(addr);
    if (!p) return false;
    const size_t off = addr & kPageMask;
    const size_t chunk = std::min<size_t>(n, kPageSize - off);
    std::memcpy(p->data + off, in, chunk);
    p->written = true;
    if (p->has_code) notify_code_write(*p, page_floor(addr));
    in += chunk; addr += chunk; n -= chunk;
  }
  return true;
}

std::string Memory::read_cstring(uint64_t addr, size_t max_chars) const {
  std::string s;
  for (size_t i = 0; i < max_chars; ++i) {
    const Page* p = page(addr + i);
    if (!p) break;
    const char c = static_cast<char>(p->data[(addr + i) & kPageMask]);
    if (!c) break;
    s.push_back(c);
  }
  return s;
}

std::u16string Memory::read_wstring(uint64_t addr, size_t max_chars) const {
  std::u16string s;
  for (size_t i = 0; i < max_chars; ++i) {
    auto c = read_as<char16_t>(addr + 2 * i);
    if (!c || !*c) break;
    s.push_back(*c);
  }
  return s;
}

bool Memory::watch_reads(uint64_t addr, uint64_t size) {
  if (size == 0) return true;
  const uint64_t first = page_floor(addr);
  const uint64_t end = page_ceil(addr + size);
  if (end <= first) return false;
  bool all = true;
  for (uint64_t a = first; a < end; a += kPageSize) {
    Page* p = page(a);
    if (p) p->watched = true;
    else all = false;
  }
  // TLBs may hold these pages for reading already: make them refetch.
  ++generation_;
  return all;
}

void Memory::mark_code(uint64_t addr) {
  Page* p = page(addr);
  if (p && !p->has_code) {
    p->has_code = true;
    // TLBs hold write entries only for pages without code: make them refetch.
    ++generation_;
  }
}

void Memory::notify_code_write(Page& p, uint64_t page_base) {
  p.has_code = false;
  code_changed(page_base);
}

void Memory::code_changed(uint64_t page_base) {
  if (on_code_write) on_code_write(page_base);
  // Copy: a listener may add or remove listeners.
  auto listeners = code_listeners_;
  for (auto& [id, f] : listeners) f(page_base);
}

uint64_t Memory::add_code_listener(std::function<void(uint64_t)> f) {
  const uint64_t id = next_listener_++;
  code_listeners_.emplace_back(id, std::move(f));
  return id;
}

void Memory::remove_code_listener(uint64_t id) {
  for (auto it = code_listeners_.begin(); it != code_listeners_.end(); ++it)
    if (it->first == id) { code_listeners_.erase(it); return; }
}

}  // namespace emu::cpu
