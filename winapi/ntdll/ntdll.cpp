// ntdll: native file, memory, process and string functions (Nt*, Zw*, Rtl*, Ldr*).
#include "winapi/core/files.h"
#include "winapi/core/handler.h"

namespace emu::winapi {
namespace {

constexpr uint64_t kOk = 0, kNotFound = 0xC0000034, kBadHandle = 0xC0000008, kEof = 0xC0000011,
                   kNotImpl = 0xC0000002, kInfoLength = 0xC0000004, kNoMemory = 0xC0000017;

void io_status(Session& s, uint64_t iosb, uint64_t status, uint64_t info) {
  if (!iosb) return;
  s.write_ptr(iosb, status);
  s.write_ptr(iosb + s.ptr_size, info);
}

// OBJECT_ATTRIBUTES.ObjectName (+ RootDirectory for relative names).
std::string oa_name(Session& s, uint64_t oa) {
  if (!oa) return {};
  const uint64_t name = s.read_ptr(oa + (s.x64 ? 0x10 : 8));
  return s.read_unicode_string(name);
}

Disposition nt_disposition(uint32_t d) {
  switch (d) {
    case 0: return Disposition::CreateAlways;  // FILE_SUPERSEDE
    case 1: return Disposition::OpenExisting;  // FILE_OPEN
    case 2: return Disposition::CreateNew;     // FILE_CREATE
    case 3: return Disposition::OpenAlways;    // FILE_OPEN_IF
    case 4: return Disposition::TruncateExisting;
    default: return Disposition::CreateAlways; // FILE_OVERWRITE_IF
  }
}

uint64_t NtCreateFile(Call& c, Ptr out, uint32_t access, Ptr oa, Ptr iosb, Ptr, uint32_t, uint32_t, uint32_t disp,
                      uint32_t options, Ptr, uint32_t) {
  const std::string path = oa_name(c.s, oa);
  // Speakeasy shows the object name in place of the fourth argument.
  c.set_arg_text(3, path);
  if (path.empty()) return kNotFound;
  auto r = open_file(c.s, path, access, nt_disposition(disp), (options & 1) != 0);
  if (!r.handle) { io_status(c.s, iosb, kNotFound, 0); return kNotFound; }
  c.s.write_ptr(out, r.handle);
  io_status(c.s, iosb, kOk, r.created ? 2 : 1);  // FILE_CREATED / FILE_OPENED
  return kOk;
}
uint64_t NtOpenFile(Call& c, Ptr out, uint32_t access, Ptr oa, Ptr iosb, uint32_t, uint32_t options) {
  const std::string path = oa_name(c.s, oa);
  c.set_arg_text(2, path);
  auto r = open_file(c.s, path, access, Disposition::OpenExisting, (options & 1) != 0);
  if (!r.handle) { io_status(c.s, iosb, kNotFound, 0); return kNotFound; }
  c.s.write_ptr(out, r.handle);
  io_status(c.s, iosb, kOk, 1);
  return kOk;
}
uint64_t NtReadFile(Call& c, Handle h, Handle, Ptr, Ptr, Ptr iosb, Ptr buf, uint32_t len, Ptr offset, Ptr) {
  auto f = c.s.handles.get<FileObject>(h);
  if (!f) return kBadHandle;
  if (offset) {
    const uint64_t o = c.s.read_u64(offset);
    if (o != ~1ull && o != ~0ull) f->pos = o;  // FILE_USE_FILE_POINTER_POSITION
  }
  const uint64_t got = file_read(c.s, h, *f, buf, len);
  io_status(c.s, iosb, got || !len ? kOk : kEof, got);
  return got || !len ? kOk : kEof;
}
uint64_t NtWriteFile(Call& c, Handle h, Handle, Ptr, Ptr, Ptr iosb, Ptr buf, uint32_t len, Ptr offset, Ptr) {
  auto f = c.s.handles.get<FileObject>(h);
  if (!f) return kBadHandle;
  if (offset) {
    const uint64_t o = c.s.read_u64(offset);
    if (o == ~0ull && f->file) f->pos = f->file->data.size();  // FILE_WRITE_TO_END_OF_FILE
    else if (o != ~1ull) f->pos = o;
  }
  const uint64_t w = file_write(c.s, h, *f, buf, len);
  io_status(c.s, iosb, kOk, w);
  return kOk;
}
uint64_t NtClose(Call& c, Handle h) { return c.s.handles.close(h) || h.v >= 0x80000000 ? kOk : kBadHandle; }
uint64_t NtQueryInformationFile(Call& c, Handle h, Ptr iosb, Ptr buf, uint32_t len, uint32_t cls) {
  auto f = c.s.handles.get<FileObject>(h);
  if (!f || !f->file) return kBadHandle;
  if (cls == 5 && len >= 24) {  // FileStandardInformation
    c.s.write_u64(buf, f->file->data.size());
    c.s.write_u64(buf + 8, f->file->data.size());
    c.s.write_u32(buf + 16, 1);
    c.s.write_u32(buf + 20, f->file->is_dir ? 0x100 : 0);
  } else if (cls == 14 && len >= 8) {  // FilePositionInformation
    c.s.write_u64(buf, f->pos);
  }
  io_status(c.s, iosb, kOk, len);
  return kOk;
}
uint64_t NtDeleteFile(Call& c, Ptr oa) { return c.s.vfs.remove(oa_name(c.s, oa)) ? kOk : kNotFound; }

// ---- strings ----
uint64_t RtlInitUnicodeString(Call& c, Ptr us, WStr src) {
  const uint64_t n = src.null() ? 0 : c.s.read_wstr(src.ptr, 32767).size() * 2;
  c.s.write_unicode_string(us, src.ptr, static_cast<uint16_t>(n), static_cast<uint16_t>(src.null() ? 0 : n + 2));
  return 0;
}
uint64_t RtlInitAnsiString(Call& c, Ptr as, AStr src) {
  const uint64_t n = src.null() ? 0 : c.s.read_astr(src.ptr, 65534).size();
  c.s.write_unicode_string(as, src.ptr, static_cast<uint16_t>(n), static_cast<uint16_t>(src.null() ? 0 : n + 1));
  return 0;
}
uint64_t RtlAnsiStringToUnicodeString(Call& c, Ptr dst, Ptr src, uint32_t alloc) {
  const uint16_t len = c.s.read_u16(src);
  const uint64_t buf = c.s.read_ptr(src + c.s.ptr_size);
  const std::u16string w = widen_bytes(c.s.read_astr(buf, len));
  uint64_t out = c.s.read_ptr(dst + c.s.ptr_size);
  if (alloc) out = c.s.heap_alloc(w.size() * 2 + 2);
  c.s.write_wstr(out, w);
  c.s.write_unicode_string(dst, out, static_cast<uint16_t>(w.size() * 2), static_cast<uint16_t>(w.size() * 2 + 2));
  return 0;
}
uint64_t RtlUnicodeStringToAnsiString(Call& c, Ptr dst, Ptr src, uint32_t alloc) {
  const std::string a = utf8_to_ansi(c.s.read_unicode_string(src));
  uint64_t out = c.s.read_ptr(dst + c.s.ptr_size);
  if (alloc) out = c.s.heap_alloc(a.size() + 1);
  c.s.write_astr(out, a);
  c.s.write_unicode_string(dst, out, static_cast<uint16_t>(a.size()), static_cast<uint16_t>(a.size() + 1));
  return 0;
}
uint64_t RtlFreeUnicodeString(Call&, Ptr) { return 0; }
uint64_t RtlCompareMemory(Call& c, Ptr a, Ptr b, uint64_t n) {
  n = std::min<uint64_t>(n, 64u << 20);
  std::vector<uint8_t> x(n), y(n);
  c.s.mem.read(a, x.data(), n);
  c.s.mem.read(b, y.data(), n);
  uint64_t i = 0;
  while (i < n && x[i] == y[i]) ++i;
  return i;
}
uint64_t RtlCompareUnicodeString(Call& c, Ptr a, Ptr b, uint32_t ci) {
  std::string x = c.s.read_unicode_string(a), y = c.s.read_unicode_string(b);
  if (ci) { x = lower(x); y = lower(y); }
  return static_cast<uint64_t>(static_cast<int64_t>(x < y ? -1 : x > y ? 1 : 0));
}
uint64_t RtlEqualUnicodeString(Call& c, Ptr a, Ptr b, uint32_t ci) {
  std::string x = c.s.read_unicode_string(a), y = c.s.read_unicode_string(b);
  return ci ? iequals(x, y) : x == y;
}

// ---- heap / memory ----
uint64_t RtlAllocateHeap(Call& c, Handle h, uint32_t flags, uint64_t size) { return c.s.heap(h)->alloc(size, flags & 8); }
uint64_t RtlFreeHeap(Call& c, Handle h, uint32_t, Ptr p) { return p ? c.s.heap(h)->free(p) : 1; }
uint64_t RtlReAllocateHeap(Call& c, Handle h, uint32_t flags, Ptr p, uint64_t size) { return c.s.heap(h)->realloc(p, size, flags & 8); }
uint64_t RtlSizeHeap(Call& c, Handle h, uint32_t, Ptr p) { return c.s.heap(h)->size_of(p).value_or(~0ull); }

uint64_t NtAllocateVirtualMemory(Call& c, Handle proc, Ptr base_ptr, uint64_t, Ptr size_ptr, uint32_t, uint32_t protect) {
  const uint64_t want = c.s.read_ptr(base_ptr);
  const uint64_t size = c.s.read_ptr(size_ptr);
  const uint64_t base = c.s.virtual_alloc(want, size, protect, "virtualalloc");
  if (!base) return kNoMemory;
  c.s.write_ptr(base_ptr, base);
  c.s.write_ptr(size_ptr, cpu::page_ceil(size));
  c.s.emit("mem_alloc", {{"path", is_current_process(proc) ? c.s.image_path : "remote"}, {"base", hex(base)},
                         {"size", hex(cpu::page_ceil(size))}, {"protect", Session::protect_name(protect)}});
  return kOk;
}
uint64_t NtFreeVirtualMemory(Call& c, Handle, Ptr base_ptr, Ptr size_ptr, uint32_t type) {
  const uint64_t base = c.s.read_ptr(base_ptr);
  auto it = c.s.vallocs.find(base);
  if (it != c.s.vallocs.end() && (type & 0x8000)) {
    c.s.emit("mem_free", {{"path", c.s.image_path}, {"base", hex(base)}, {"size", hex(it->second.size)}});
    if (!c.s.cfg.keep_memory_on_free) c.s.mem.unmap(base, it->second.size);
    c.s.vallocs.erase(it);
  }
  (void)size_ptr;
  return kOk;
}
uint64_t NtProtectVirtualMemory(Call& c, Handle, Ptr base_ptr, Ptr size_ptr, uint32_t prot, Ptr old) {
  if (!Session::valid_page_protection(prot)) return 0xC0000045;  // STATUS_INVALID_PAGE_PROTECTION
  const uint64_t base = c.s.read_ptr(base_ptr), size = c.s.read_ptr(size_ptr);
  const cpu::Page* p = c.s.mem.page(base);
  if (!p) return 0xC0000045;
  if (old) c.s.write_u32(old, Session::protect_from_perms(p->perms));
  const uint64_t b = cpu::page_floor(base), e = cpu::page_ceil(base + std::max<uint64_t>(size, 1));
  c.s.mem.protect(b, e - b, Session::perms_from_protect(prot));
  c.s.emit("mem_protect", {{"path", c.s.image_path}, {"base", hex(base)}, {"size", hex(size)}, {"protect", Session::protect_name(prot)}});
  return kOk;
}
uint64_t NtWriteVirtualMemory(Call& c, Handle, Ptr base, Ptr buf, uint64_t n, Ptr written) {
  n = std::min<uint64_t>(n, 64u << 20);
  std::vector<uint8_t> d(n);
  c.s.mem.read(buf, d.data(), n);
  c.s.mem.write(base, d.data(), n);
  if (written) c.s.write_ptr(written, n);
  c.s.emit("mem_write", {{"path", c.s.image_path}, {"base", hex(base)}, {"size", n}});
  return kOk;
}

// ---- process / system information ----
uint64_t NtQueryInformationProcess(Call& c, Handle, uint32_t cls, Ptr buf, uint32_t len, Ptr retlen) {
  const unsigned ps = c.s.ptr_size;
  uint32_t need = 0;
  switch (cls) {
    case 0:  // ProcessBasicInformation
      need = ps * 6;
      if (len < need) return kInfoLength;
      for (unsigned i = 0; i < 6; ++i) c.s.write_ptr(buf + i * ps, 0);
      c.s.write_ptr(buf + ps, c.s.proc.peb());
      c.s.write_ptr(buf + ps * 4, c.s.pid);
      c.s.write_ptr(buf + ps * 5, 0x3E0);
      break;
    case 7:   // ProcessDebugPort
    case 26:  // ProcessWow64Information
      need = ps;
      if (len < need) return kInfoLength;
      c.s.write_ptr(buf, 0);
      break;
    case 30:  // ProcessDebugObjectHandle
      if (len >= ps) c.s.write_ptr(buf, 0);
      return 0xC0000353;  // STATUS_PORT_NOT_SET
    case 31:  // ProcessDebugFlags: NoDebugInherit set = not debugged
      need = 4;
      if (len < need) return kInfoLength;
      c.s.write_u32(buf, 1);
      break;
    case 27: {  // ProcessImageFileName (UNICODE_STRING + buffer)
      const std::u16string w = utf8_to_utf16("\\Device\\HarddiskVolume1" + c.s.image_path.substr(2));
      need = static_cast<uint32_t>(2 * ps + w.size() * 2 + 2);
      if (len < need) { if (retlen) c.s.write_u32(retlen, need); return kInfoLength; }
      c.s.write_unicode_string(buf, buf + 2 * ps, static_cast<uint16_t>(w.size() * 2), static_cast<uint16_t>(w.size() * 2 + 2));
      c.s.write_wstr(buf + 2 * ps, w);
      break;
    }
    default:
      return 0xC0000003;  // STATUS_INVALID_INFO_CLASS
  }
  if (retlen) c.s.write_u32(retlen, need);
  return kOk;
}
uint64_t NtSetInformationThread(Call&, Handle, uint32_t, Ptr, uint32_t) { return kOk; }
uint64_t NtQueryInformationThread(Call& c, Handle, uint32_t, Ptr buf, uint32_t len, Ptr retlen) {
  std::vector<uint8_t> z(std::min<uint32_t>(len, 0x100), 0);
  c.s.mem.write(buf, z.data(), z.size());
  if (retlen) c.s.write_u32(retlen, static_cast<uint32_t>(z.size()));
  return kOk;
}
uint64_t NtQuerySystemInformation(Call& c, uint32_t cls, Ptr buf, uint32_t len, Ptr retlen) {
  if (cls == 0x23) {  // SystemKernelDebuggerInformation
    if (len < 2) return kInfoLength;
    c.s.write_u16(buf, 0);
    if (retlen) c.s.write_u32(retlen, 2);
    return kOk;
  }
  if (cls == 0) {  // SystemBasicInformation
    if (len < 44) return kInfoLength;
    std::vector<uint8_t> z(len > 64 ? 64 : len, 0);
    c.s.mem.write(buf, z.data(), z.size());
    c.s.write_u32(buf + 8, 0x1000);
    c.s.mem.write_as<uint8_t>(buf + (c.s.x64 ? 0x38 : 0x28), 1);
    if (retlen) c.s.write_u32(retlen, 44);
    return kOk;
  }
  if (retlen) c.s.write_u32(retlen, 0x10000);
  return kInfoLength;
}
uint64_t RtlGetVersion(Call& c, Ptr info) {
  c.s.write_u32(info + 4, c.s.cfg.os_major);
  c.s.write_u32(info + 8, c.s.cfg.os_minor);
  c.s.write_u32(info + 12, c.s.cfg.os_build);
  c.s.write_u32(info + 16, 2);
  c.s.write_wstr(info + 20, u"Service Pack 1", 128);
  return kOk;
}
uint64_t RtlGetNtVersionNumbers(Call& c, Ptr maj, Ptr min, Ptr build) {
  if (maj) c.s.write_u32(maj, c.s.cfg.os_major);
  if (min) c.s.write_u32(min, c.s.cfg.os_minor);
  if (build) c.s.write_u32(build, 0xF0000000 | c.s.cfg.os_build);
  return 0;
}
// The interval is in 100 ns units: negative relative, positive an absolute
// system time; either way the emulated clock moves past it.
uint64_t NtDelayExecution(Call& c, uint32_t, Ptr interval) {
  if (!interval) return 0xC0000005;  // STATUS_ACCESS_VIOLATION
  const int64_t v = static_cast<int64_t>(c.s.read_u64(interval));
  if (v < 0) c.s.slept_100ns += static_cast<uint64_t>(-(v + 1)) + 1;
  else if (static_cast<uint64_t>(v) > c.s.filetime_now()) c.s.slept_100ns += static_cast<uint64_t>(v) - c.s.filetime_now();
  return kOk;
}
uint64_t NtYieldExecution(Call&) { return kOk; }
uint64_t NtTerminateProcess(Call& c, Handle h, uint32_t code) {
  if (is_current_process(h) || h.v == 0) c.s.end_run(RunEnd::Kind::ExitProcess, code);
  return kOk;
}
uint64_t RtlExitUserProcess(Call& c, uint32_t code) { c.s.end_run(RunEnd::Kind::ExitProcess, code); }
uint64_t RtlNtStatusToDosError(Call&, uint32_t st) {
  switch (st) {
    case 0: return 0;
    case 0xC0000034: return 2;
    case 0xC0000008: return 6;
    case 0xC0000022: return 5;
    default: return 317;
  }
}
uint64_t RtlGetLastWin32Error(Call& c) { return c.s.last_error(); }
uint64_t RtlAdjustPrivilege(Call& c, uint32_t, uint32_t, uint32_t, Ptr was) { if (was) c.s.mem.write_as<uint8_t>(was, 0); return kOk; }

// ---- loader ----
uint64_t LdrLoadDll(Call& c, Ptr, Ptr, Ptr name, Ptr out) {
  const std::string n = c.s.read_unicode_string(name);
  c.set_arg_text(2, n);
  const loader::Module* m = c.s.load_library(n);
  if (!m) return 0xC0000135;  // STATUS_DLL_NOT_FOUND
  c.s.write_ptr(out, m->base);
  return kOk;
}
uint64_t LdrGetDllHandle(Call& c, Ptr, Ptr, Ptr name, Ptr out) {
  const std::string n = c.s.read_unicode_string(name);
  c.set_arg_text(2, n);
  const loader::Module* m = c.s.proc.find_module(n);
  if (!m) return 0xC0000135;
  c.s.write_ptr(out, m->base);
  return kOk;
}
uint64_t LdrGetProcedureAddress(Call& c, Handle mod, Ptr name, uint32_t ord, Ptr out) {
  const loader::Module* m = nullptr;
  for (auto& x : c.s.proc.modules()) if (x->base == mod.v) m = x.get();
  if (!m) return 0xC0000135;
  uint64_t a = 0;
  if (name) {
    const uint16_t len = c.s.read_u16(name);
    const std::string n = c.s.read_astr(c.s.read_ptr(name + c.s.ptr_size), len);
    c.set_arg_text(1, n);
    a = c.s.proc_address(*m, n);
  } else {
    a = c.s.proc.get_proc_address(*m, ord);
  }
  if (!a) return 0xC000007A;  // STATUS_PROCEDURE_NOT_FOUND
  c.s.resolution.note_lookup(a);  // calls through it are "resolved": "dynamic"
  c.s.write_ptr(out, a);
  return kOk;
}

uint64_t RtlPcToFileHeader(Call& c, Ptr pc, Ptr out) {
  const loader::Module* m = c.s.proc.module_at(pc);
  c.s.write_ptr(out, m ? m->base : 0);
  return m ? m->base : 0;
}
uint64_t RtlComputeCrc32(Call& c, uint32_t init, Ptr buf, uint32_t n) {
  uint32_t crc = ~init;
  std::vector<uint8_t> d(std::min<uint32_t>(n, 64u << 20));
  c.s.mem.read(buf, d.data(), d.size());
  for (uint8_t b : d) {
    crc ^= b;
    for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1)));
  }
  return ~crc;
}
uint64_t RtlRandom(Call& c, Ptr seed) {
  uint32_t s = c.s.read_u32(seed);
  s = s * 1103515245u + 12345u;
  c.s.write_u32(seed, s);
  return s & 0x7FFFFFFF;
}

// LZNT1 (RtlDecompressBuffer format 2), as documented in MS-XCA.
uint64_t RtlDecompressBuffer(Call& c, uint32_t format, Ptr out, uint32_t out_size, Ptr in, uint32_t in_size, Ptr final_size) {
  if ((format & 0xFF) != 2) return 0xC000025F;  // STATUS_UNSUPPORTED_COMPRESSION
  std::vector<uint8_t> src(std::min<uint32_t>(in_size, 64u << 20));
  c.s.mem.read(in, src.data(), src.size());
  std::vector<uint8_t> dst;
  size_t p = 0;
  while (p + 2 <= src.size() && dst.size() < out_size) {
    const uint16_t hdr = src[p] | (src[p + 1] << 8);
    p += 2;
    if (hdr == 0) break;
    const size_t size = (hdr & 0xFFF) + 1;
    const size_t end = std::min(p + size, src.size());
    const size_t chunk_start = dst.size();
    if (!(hdr & 0x8000)) {  // uncompressed chunk
      dst.insert(dst.end(), src.begin() + p, src.begin() + end);
      p = end;
      continue;
    }
    while (p < end) {
      const uint8_t flags = src[p++];
      for (int bit = 0; bit < 8 && p < end; ++bit) {
        if (!(flags & (1 << bit))) { dst.push_back(src[p++]); continue; }
        if (p + 2 > end) { p = end; break; }
        const uint16_t tok = src[p] | (src[p + 1] << 8);
        p += 2;
        const size_t pos = dst.size() - chunk_start;
        unsigned lbits = 12;
        for (size_t v = pos - 1; v >= 0x10 && lbits > 4; v >>= 1) --lbits;
        const size_t len = (tok & ((1u << lbits) - 1)) + 3;
        const size_t off = (tok >> lbits) + 1;
        if (off > pos) return 0xC0000242;  // STATUS_BAD_COMPRESSION_BUFFER
        for (size_t k = 0; k < len; ++k) dst.push_back(dst[dst.size() - off]);
      }
    }
  }
  if (dst.size() > out_size) dst.resize(out_size);
  c.s.mem.write(out, dst.data(), dst.size());
  if (final_size) c.s.write_u32(final_size, static_cast<uint32_t>(dst.size()));
  return kOk;
}
uint64_t RtlGetCompressionWorkSpaceSize(Call& c, uint32_t, Ptr a, Ptr b) {
  if (a) c.s.write_u32(a, 0x1000);
  if (b) c.s.write_u32(b, 0x1000);
  return kOk;
}
uint64_t stub_ok(Call&) { return kOk; }
uint64_t NtQueryVirtualMemory(Call& c, Handle, Ptr addr, uint32_t, Ptr buf, uint64_t len, Ptr retlen) {
  (void)c; (void)addr; (void)buf; (void)len; (void)retlen;
  return kNotImpl;
}

}  // namespace

void register_ntdll(ApiRegistry& r) {
  auto t = r.table("ntdll");
  auto both = [&](auto add, const char* nt) {
    add(nt);
    std::string zw = std::string("Zw") + (nt + 2);
    add(zw.c_str());
  };
  both([&](const char* n) { t.add<&NtCreateFile>(n); }, "NtCreateFile");
  both([&](const char* n) { t.add<&NtOpenFile>(n); }, "NtOpenFile");
  both([&](const char* n) { t.add<&NtReadFile>(n); }, "NtReadFile");
  both([&](const char* n) { t.add<&NtWriteFile>(n); }, "NtWriteFile");
  both([&](const char* n) { t.add<&NtClose>(n); }, "NtClose");
  both([&](const char* n) { t.add<&NtQueryInformationFile>(n); }, "NtQueryInformationFile");
  both([&](const char* n) { t.add<&NtDeleteFile>(n); }, "NtDeleteFile");
  both([&](const char* n) { t.add<&NtAllocateVirtualMemory>(n); }, "NtAllocateVirtualMemory");
  both([&](const char* n) { t.add<&NtFreeVirtualMemory>(n); }, "NtFreeVirtualMemory");
  both([&](const char* n) { t.add<&NtProtectVirtualMemory>(n); }, "NtProtectVirtualMemory");
  both([&](const char* n) { t.add<&NtWriteVirtualMemory>(n); }, "NtWriteVirtualMemory");
  both([&](const char* n) { t.add<&NtQueryInformationProcess>(n); }, "NtQueryInformationProcess");
  both([&](const char* n) { t.add<&NtSetInformationThread>(n); }, "NtSetInformationThread");
  both([&](const char* n) { t.add<&NtQueryInformationThread>(n); }, "NtQueryInformationThread");
  both([&](const char* n) { t.add<&NtQuerySystemInformation>(n); }, "NtQuerySystemInformation");
  both([&](const char* n) { t.add<&NtDelayExecution>(n); }, "NtDelayExecution");
  both([&](const char* n) { t.add<&NtYieldExecution>(n); }, "NtYieldExecution");
  both([&](const char* n) { t.add<&NtTerminateProcess>(n); }, "NtTerminateProcess");
  both([&](const char* n) { t.add<&NtQueryVirtualMemory>(n); }, "NtQueryVirtualMemory");
  t.add<&RtlExitUserProcess>("RtlExitUserProcess");
  t.add<&RtlInitUnicodeString>("RtlInitUnicodeString");
  t.add<&RtlInitAnsiString>("RtlInitAnsiString");
  t.add<&RtlInitAnsiString>("RtlInitString");
  t.add<&RtlAnsiStringToUnicodeString>("RtlAnsiStringToUnicodeString");
  t.add<&RtlUnicodeStringToAnsiString>("RtlUnicodeStringToAnsiString");
  t.add<&RtlFreeUnicodeString>("RtlFreeUnicodeString");
  t.add<&RtlFreeUnicodeString>("RtlFreeAnsiString");
  t.add<&RtlCompareMemory>("RtlCompareMemory");
  t.add<&RtlCompareUnicodeString>("RtlCompareUnicodeString");
  t.add<&RtlEqualUnicodeString>("RtlEqualUnicodeString");
  t.add<&RtlAllocateHeap>("RtlAllocateHeap");
  t.add<&RtlFreeHeap>("RtlFreeHeap");
  t.add<&RtlReAllocateHeap>("RtlReAllocateHeap");
  t.add<&RtlSizeHeap>("RtlSizeHeap");
  t.add<&RtlGetVersion>("RtlGetVersion");
  t.add<&RtlGetNtVersionNumbers>("RtlGetNtVersionNumbers");
  t.add<&RtlNtStatusToDosError>("RtlNtStatusToDosError");
  t.add<&RtlGetLastWin32Error>("RtlGetLastWin32Error");
  t.add<&RtlAdjustPrivilege>("RtlAdjustPrivilege");
  t.add<&LdrLoadDll>("LdrLoadDll");
  t.add<&LdrGetDllHandle>("LdrGetDllHandle");
  t.add<&LdrGetProcedureAddress>("LdrGetProcedureAddress");
  t.add<&RtlPcToFileHeader>("RtlPcToFileHeader");
  t.add<&RtlComputeCrc32>("RtlComputeCrc32");
  t.add<&RtlRandom>("RtlRandom");
  t.add<&RtlRandom>("RtlRandomEx");
  t.add<&RtlDecompressBuffer>("RtlDecompressBuffer");
  t.add<&RtlGetCompressionWorkSpaceSize>("RtlGetCompressionWorkSpaceSize");
  t.add<&stub_ok>("NtFlushInstructionCache");
  t.add<&stub_ok>("ZwFlushInstructionCache");
}

}  // namespace emu::winapi
