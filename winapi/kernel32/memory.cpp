// kernel32: virtual memory, heaps, Local/Global memory, process memory.
#include "winapi/core/handler.h"

namespace emu::winapi {
namespace {

std::string process_path(Session& s, uint64_t h) {
  if (is_current_process(h)) return s.image_path;
  if (auto p = s.handles.get<ProcessObject>(h)) return p->path;
  return s.image_path;
}

uint64_t virtual_alloc_ex(Call& c, uint64_t proc, uint64_t addr, uint64_t size, uint32_t type, uint32_t protect) {
  if (!Session::valid_page_protection(protect)) return fail(c, kErrInvalidParameter);
  const std::string path = process_path(c.s, proc);
  uint64_t base;
  if (!(type & 0x2000) && addr) {  // MEM_COMMIT without MEM_RESERVE: maybe inside a reservation
    base = c.s.virtual_alloc(addr, size, protect, "virtualalloc", path);
  } else {
    base = c.s.virtual_alloc(addr, size, protect, "virtualalloc", path);
  }
  if (!base) return fail(c, kErrNotEnoughMemory);
  c.s.emit("mem_alloc", {{"path", path}, {"base", hex(base)}, {"size", hex(cpu::page_ceil(size))},
                         {"protect", Session::protect_name(protect)}});
  return base;
}
uint64_t VirtualAlloc(Call& c, Ptr addr, uint64_t size, uint32_t type, uint32_t protect) {
  return virtual_alloc_ex(c, ~0ull, addr, size, type, protect);
}
uint64_t VirtualAllocEx(Call& c, Handle proc, Ptr addr, uint64_t size, uint32_t type, uint32_t protect) {
  return virtual_alloc_ex(c, proc, addr, size, type, protect);
}
uint64_t VirtualAllocExNuma(Call& c, Handle proc, Ptr addr, uint64_t size, uint32_t type, uint32_t protect, uint32_t) {
  return virtual_alloc_ex(c, proc, addr, size, type, protect);
}

uint64_t virtual_free(Call& c, uint64_t proc, uint64_t addr, uint64_t size, uint32_t type) {
  auto it = c.s.vallocs.find(addr);
  const std::string path = process_path(c.s, proc);
  if (type & 0x8000) {  // MEM_RELEASE
    if (it == c.s.vallocs.end()) return fail(c, kErrInvalidParameter);
    c.s.emit("mem_free", {{"path", path}, {"base", hex(addr)}, {"size", hex(it->second.size)}});
    if (!c.s.cfg.keep_memory_on_free) c.s.mem.unmap(addr, it->second.size);
    for (uint64_t a = addr; a < addr + it->second.size; a += cpu::kPageSize) c.s.runtime_pages.erase(a);
    c.s.vallocs.erase(it);
    return 1;
  }
  c.s.emit("mem_free", {{"path", path}, {"base", hex(addr)}, {"size", hex(size)}});
  return 1;  // MEM_DECOMMIT: pages stay mapped (reads of decommitted memory are rare)
}
uint64_t VirtualFree(Call& c, Ptr addr, uint64_t size, uint32_t type) { return virtual_free(c, ~0ull, addr, size, type); }
uint64_t VirtualFreeEx(Call& c, Handle p, Ptr addr, uint64_t size, uint32_t type) { return virtual_free(c, p, addr, size, type); }

uint64_t virtual_protect(Call& c, uint64_t proc, uint64_t addr, uint64_t size, uint32_t prot, uint64_t old) {
  if (!Session::valid_page_protection(prot)) return fail(c, kErrInvalidParameter);
  const cpu::Page* p = c.s.mem.page(addr);
  if (!p) return fail(c, 487);  // ERROR_INVALID_ADDRESS
  if (old) c.s.write_u32(old, Session::protect_from_perms(p->perms));
  const uint64_t b = cpu::page_floor(addr), e = cpu::page_ceil(addr + std::max<uint64_t>(size, 1));
  if (!c.s.mem.protect(b, e - b, Session::perms_from_protect(prot))) return fail(c, 487);
  c.s.emit("mem_protect", {{"path", process_path(c.s, proc)}, {"base", hex(addr)}, {"size", hex(size)},
                           {"protect", Session::protect_name(prot)}});
  return 1;
}
uint64_t VirtualProtect(Call& c, Ptr addr, uint64_t size, uint32_t prot, Ptr old) {
  return virtual_protect(c, ~0ull, addr, size, prot, old);
}
uint64_t VirtualProtectEx(Call& c, Handle p, Ptr addr, uint64_t size, uint32_t prot, Ptr old) {
  return virtual_protect(c, p, addr, size, prot, old);
}

uint64_t virtual_query(Call& c, uint64_t addr, uint64_t mbi, uint64_t len) {
  const uint64_t need = c.s.x64 ? 48 : 28;
  if (len < need) return fail(c, 24);  // ERROR_BAD_LENGTH
  std::vector<uint8_t> z(need, 0);
  c.s.mem.write(mbi, z.data(), z.size());
  const uint64_t page = cpu::page_floor(addr);
  const cpu::Region* r = c.s.mem.region_of(addr);
  const size_t ps = c.s.ptr_size;
  c.s.write_ptr(mbi, page);
  if (!r) {
    // Free: up to the next mapping.
    uint64_t end = page;
    while (end - page < (1ull << 30) && !c.s.mem.is_mapped(end)) end += cpu::kPageSize;
    c.s.write_ptr(mbi + ps * 2 + 4 + (c.s.x64 ? 4 : 0), end - page);
    c.s.write_u32(mbi + ps * 3 + 4 + (c.s.x64 ? 4 : 0), 0x10000);  // MEM_FREE
    c.s.write_u32(mbi + ps * 2 + (c.s.x64 ? 0 : 0), 1);
    return need;
  }
  const cpu::Page* p = c.s.mem.page(addr);
  uint64_t end = page;
  while (end < r->base + r->size) {
    const cpu::Page* q = c.s.mem.page(end);
    if (!q || q->perms != p->perms) break;
    end += cpu::kPageSize;
  }
  const loader::Module* m = c.s.proc.module_at(addr);
  // MEMORY_BASIC_INFORMATION: BaseAddress, AllocationBase, AllocationProtect, [pad], RegionSize, State, Protect, Type
  c.s.write_ptr(mbi + ps, r->base);
  c.s.write_u32(mbi + 2 * ps, Session::protect_from_perms(r->initial_perms));
  const uint64_t rs = mbi + 2 * ps + (c.s.x64 ? 8 : 4);
  c.s.write_ptr(rs, end - page);
  c.s.write_u32(rs + ps, 0x1000);  // MEM_COMMIT
  c.s.write_u32(rs + ps + 4, Session::protect_from_perms(p->perms));
  c.s.write_u32(rs + ps + 8, m ? 0x1000000 : 0x20000);  // MEM_IMAGE / MEM_PRIVATE
  return need;
}
uint64_t VirtualQuery(Call& c, Ptr addr, Ptr mbi, uint64_t len) { return virtual_query(c, addr, mbi, len); }
uint64_t VirtualQueryEx(Call& c, Handle, Ptr addr, Ptr mbi, uint64_t len) { return virtual_query(c, addr, mbi, len); }

uint64_t WriteProcessMemory(Call& c, Handle proc, Ptr base, Ptr buf, uint64_t size, Ptr written) {
  if (size > (64u << 20)) return fail(c, kErrInvalidParameter);
  std::vector<uint8_t> data(size);
  if (!c.s.mem.read(buf, data.data(), size) || !c.s.mem.is_range_mapped(base, size)) return fail(c, 998);
  c.s.mem.write(base, data.data(), size);
  if (written) c.s.write_ptr(written, size);
  c.s.emit("mem_write", {{"path", process_path(c.s, proc)}, {"base", hex(base)}, {"size", size}});
  return 1;
}
uint64_t ReadProcessMemory(Call& c, Handle proc, Ptr base, Ptr buf, uint64_t size, Ptr read) {
  if (size > (64u << 20)) return fail(c, kErrInvalidParameter);
  std::vector<uint8_t> data(size);
  if (!c.s.mem.read(base, data.data(), size)) return fail(c, 299);
  c.s.mem.write(buf, data.data(), size);
  if (read) c.s.write_ptr(read, size);
  c.s.emit("mem_read", {{"path", process_path(c.s, proc)}, {"base", hex(base)}, {"size", size}});
  return 1;
}

// ---- heaps ----
uint64_t GetProcessHeap(Call& c) { return c.s.process_heap; }
uint64_t GetProcessHeaps(Call& c, uint32_t n, Ptr out) {
  uint32_t i = 0;
  for (auto& [h, heap] : c.s.heaps) { if (i < n) c.s.write_ptr(out + i * c.s.ptr_size, h); ++i; }
  return i;
}
uint64_t HeapCreate(Call& c, uint32_t, uint64_t, uint64_t) {
  const uint64_t limit = c.s.x64 ? 0x7FFFFFFF0000ull : 0x7FFE0000ull;
  const uint64_t base = c.s.mem.find_free(0x1000, 0x00300000, limit);
  if (!base || !c.s.mem.map(base, 0x1000, cpu::kPermRead | cpu::kPermWrite, "heap.header")) return 0;
  c.s.heaps[base] = std::make_unique<GuestHeap>(c.s.mem, "heap", 0, 0, limit);
  return base;
}
uint64_t HeapDestroy(Call& c, Handle h) {
  auto it = c.s.heaps.find(h);
  if (it == c.s.heaps.end() || h.v == c.s.process_heap) return 0;
  it->second->destroy();
  c.s.heaps.erase(it);
  return 1;
}
uint64_t HeapAlloc(Call& c, Handle h, uint32_t flags, uint64_t size) {
  const uint64_t a = c.s.heap(h)->alloc(size, flags & 8);
  c.s.check_limits();
  if (!a) return fail(c, kErrNotEnoughMemory);
  return a;
}
uint64_t HeapFree(Call& c, Handle h, uint32_t, Ptr p) {
  if (!p) return 1;
  for (auto& [k, heap] : c.s.heaps) if (heap->owns(p)) return heap->free(p);
  (void)h;
  return 0;
}
uint64_t HeapReAlloc(Call& c, Handle h, uint32_t flags, Ptr p, uint64_t size) {
  for (auto& [k, heap] : c.s.heaps) if (heap->owns(p)) return heap->realloc(p, size, flags & 8);
  return c.s.heap(h)->alloc(size, flags & 8);
}
uint64_t HeapSize(Call& c, Handle, uint32_t, Ptr p) {
  for (auto& [k, heap] : c.s.heaps) if (auto n = heap->size_of(p)) return *n;
  return ~0ull;
}
uint64_t HeapValidate(Call&, Handle, uint32_t, Ptr) { return 1; }
uint64_t HeapSetInformation(Call&, Handle, uint32_t, Ptr, uint64_t) { return 1; }
uint64_t HeapCompact(Call&, Handle, uint32_t) { return 0x10000; }
uint64_t HeapLock(Call&, Handle) { return 1; }

// Local/Global: fixed memory (the handle is the pointer).
uint64_t LocalAlloc(Call& c, uint32_t flags, uint64_t size) { return c.s.heap_alloc(size ? size : 1, flags & 0x40); }
uint64_t LocalFree(Call& c, Ptr p) { if (p) c.s.heap(c.s.process_heap)->free(p); return 0; }
uint64_t LocalReAlloc(Call& c, Ptr p, uint64_t size, uint32_t flags) { return c.s.heap(c.s.process_heap)->realloc(p, size, flags & 0x40); }
uint64_t LocalSize(Call& c, Ptr p) { return c.s.heap(c.s.process_heap)->size_of(p).value_or(0); }
uint64_t LocalLock(Call&, Ptr p) { return p; }
uint64_t LocalUnlock(Call&, Ptr) { return 1; }
uint64_t GlobalFlags(Call&, Ptr) { return 0; }

uint64_t IsBadPtr(Call& c, Ptr p, uint64_t n) { return !c.s.mem.is_range_mapped(p, std::max<uint64_t>(n, 1)); }
uint64_t FlushInstructionCache(Call&, Handle, Ptr, uint64_t) { return 1; }
uint64_t RtlMoveMemory(Call& c, Ptr d, Ptr s, uint64_t n) {
  if (n > (256u << 20)) return 0;
  std::vector<uint8_t> b(n);
  c.s.mem.read(s, b.data(), n);
  c.s.mem.write(d, b.data(), n);
  return 0;
}
uint64_t RtlZeroMemory(Call& c, Ptr d, uint64_t n) {
  if (n > (256u << 20)) return 0;
  std::vector<uint8_t> b(n, 0);
  c.s.mem.write(d, b.data(), n);
  return 0;
}
uint64_t RtlFillMemory(Call& c, Ptr d, uint64_t n, uint32_t v) {
  if (n > (256u << 20)) return 0;
  std::vector<uint8_t> b(n, static_cast<uint8_t>(v));
  c.s.mem.write(d, b.data(), n);
  return 0;
}

}  // namespace

void register_kernel32_memory(ApiRegistry& r) {
  auto t = r.table("kernel32");
  t.add<&VirtualAlloc>("VirtualAlloc");
  t.add<&VirtualAllocEx>("VirtualAllocEx");
  t.add<&VirtualAllocExNuma>("VirtualAllocExNuma");
  t.add<&VirtualFree>("VirtualFree");
  t.add<&VirtualFreeEx>("VirtualFreeEx");
  t.add<&VirtualProtect>("VirtualProtect");
  t.add<&VirtualProtectEx>("VirtualProtectEx");
  t.add<&VirtualQuery>("VirtualQuery");
  t.add<&VirtualQueryEx>("VirtualQueryEx");
  t.add<&WriteProcessMemory>("WriteProcessMemory");
  t.add<&ReadProcessMemory>("ReadProcessMemory");
  t.add<&GetProcessHeap>("GetProcessHeap");
  t.add<&GetProcessHeaps>("GetProcessHeaps");
  t.add<&HeapCreate>("HeapCreate");
  t.add<&HeapDestroy>("HeapDestroy");
  t.add<&HeapAlloc>("HeapAlloc");
  t.add<&HeapFree>("HeapFree");
  t.add<&HeapReAlloc>("HeapReAlloc");
  t.add<&HeapSize>("HeapSize");
  t.add<&HeapValidate>("HeapValidate");
  t.add<&HeapSetInformation>("HeapSetInformation");
  t.add<&HeapCompact>("HeapCompact");
  t.add<&HeapLock>("HeapLock");
  t.add<&HeapLock>("HeapUnlock");
  t.add<&LocalAlloc>("LocalAlloc");
  t.add<&LocalAlloc>("GlobalAlloc");
  t.add<&LocalFree>("LocalFree");
  t.add<&LocalFree>("GlobalFree");
  t.add<&LocalReAlloc>("LocalReAlloc");
  t.add<&LocalReAlloc>("GlobalReAlloc");
  t.add<&LocalSize>("LocalSize");
  t.add<&LocalSize>("GlobalSize");
  t.add<&LocalLock>("LocalLock");
  t.add<&LocalLock>("GlobalLock");
  t.add<&LocalLock>("GlobalHandle");
  t.add<&LocalUnlock>("LocalUnlock");
  t.add<&LocalUnlock>("GlobalUnlock");
  t.add<&GlobalFlags>("GlobalFlags");
  t.add<&IsBadPtr>("IsBadReadPtr");
  t.add<&IsBadPtr>("IsBadWritePtr");
  t.add<&IsBadPtr>("IsBadCodePtr");
  t.add<&IsBadPtr>("IsBadStringPtrA");
  t.add<&IsBadPtr>("IsBadStringPtrW");
  t.add<&FlushInstructionCache>("FlushInstructionCache");
  t.add<&RtlMoveMemory>("RtlMoveMemory");
  t.add<&RtlMoveMemory>("RtlCopyMemory");
  t.add<&RtlZeroMemory>("RtlZeroMemory");
  t.add<&RtlFillMemory>("RtlFillMemory");
}

}  // namespace emu::winapi
