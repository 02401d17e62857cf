// Smaller DLLs and odds and ends: resources, pipes, volumes, COM (ole32,
// oleaut32), netapi32, gdi32, comctl32, iphlpapi, crypt32, version, and
// C runtime extras.
#include "winapi/core/handler.h"

namespace emu::winapi {
namespace {

uint64_t ret0_0(Call&) { return 0; }
uint64_t ret0_1(Call&, uint64_t) { return 0; }
uint64_t ret1_1(Call&, uint64_t) { return 1; }
uint64_t ret0_2(Call&, uint64_t, uint64_t) { return 0; }
uint64_t ret1_2(Call&, uint64_t, uint64_t) { return 1; }
uint64_t ret1_3(Call&, uint64_t, uint64_t, uint64_t) { return 1; }
uint64_t ret0_4(Call&, uint64_t, uint64_t, uint64_t, uint64_t) { return 0; }
uint64_t ret1_4(Call&, uint64_t, uint64_t, uint64_t, uint64_t) { return 1; }
uint64_t ret0_5(Call&, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t) { return 0; }
uint64_t ret0_8(Call&, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t) { return 0; }
uint64_t ret0_9(Call&, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t) { return 0; }
uint64_t pass1(Call&, uint64_t v) { return v; }

// ---- resources (read from the mapped resource directory) ----
const loader::Module* module_of(Session& s, uint64_t h) {
  if (!h) return &s.proc.main_module();
  for (auto& m : s.proc.modules()) if (m->base == h) return m.get();
  return nullptr;
}
// Resource names: an integer id (< 0x10000), "#123", or a string.
struct ResName { bool is_id = false; uint32_t id = 0; std::string name; };
template <class S> ResName res_name(Session& s, uint64_t v) {
  ResName r;
  if (v < 0x10000) { r.is_id = true; r.id = static_cast<uint32_t>(v); return r; }
  r.name = S::wide ? s.read_wstr_utf8(v, 256) : ansi_to_utf8(s.read_astr(v, 256));
  if (!r.name.empty() && r.name[0] == '#') { r.is_id = true; r.id = static_cast<uint32_t>(std::strtoul(r.name.c_str() + 1, nullptr, 10)); }
  return r;
}
uint64_t find_entry(Session& s, uint64_t root, uint64_t dir, const ResName* want) {
  const uint16_t named = s.read_u16(dir + 12), ids = s.read_u16(dir + 14);
  for (uint32_t i = 0; i < static_cast<uint32_t>(named) + ids && i < 4096; ++i) {
    const uint64_t e = dir + 16 + 8ull * i;
    const uint32_t name = s.read_u32(e), off = s.read_u32(e + 4);
    bool match = !want;
    if (want) {
      if (name & 0x80000000) {
        const uint64_t str = root + (name & 0x7FFFFFFF);
        std::u16string w(std::min<uint16_t>(s.read_u16(str), 256), 0);
        s.mem.read(str + 2, w.data(), w.size() * 2);
        match = !want->is_id && iequals(utf16_to_utf8(w), want->name);
      } else {
        match = want->is_id && want->id == name;
      }
    }
    // Subdirectories are returned as is, data entries tagged with bit 63.
    if (match) return (root + (off & 0x7FFFFFFF)) | ((off & 0x80000000) ? 0 : (1ull << 63));
  }
  return 0;
}
uint64_t find_resource(Session& s, uint64_t module, const ResName& type, const ResName& name) {
  const loader::Module* m = module_of(s, module);
  if (!m) return 0;
  const uint32_t pe = s.read_u32(m->base + 0x3C);
  const uint64_t opt = m->base + pe + 0x18;
  const bool pe64 = s.read_u16(opt) == 0x20B;
  const uint32_t rva = s.read_u32(opt + (pe64 ? 0x70 : 0x60) + 2 * 8);
  if (!rva || rva >= m->size) return 0;
  const uint64_t root = m->base + rva;
  uint64_t t = find_entry(s, root, root, &type);
  if (!t || (t >> 63)) return 0;
  uint64_t n = find_entry(s, root, t, &name);
  if (!n || (n >> 63)) return 0;
  uint64_t l = find_entry(s, root, n, nullptr);
  if (!l || !(l >> 63)) return 0;
  return l & ~(1ull << 63);  // IMAGE_RESOURCE_DATA_ENTRY
}
template <class S> uint64_t FindResource(Call& c, Handle mod, Ptr name, Ptr type) {
  const uint64_t r = find_resource(c.s, mod, res_name<S>(c.s, type), res_name<S>(c.s, name));
  if (!r) return fail(c, 1813);  // ERROR_RESOURCE_TYPE_NOT_FOUND
  return r;
}
template <class S> uint64_t FindResourceEx(Call& c, Handle mod, Ptr type, Ptr name, uint32_t) { return FindResource<S>(c, mod, name, type); }
uint64_t LoadResource(Call& c, Handle mod, Ptr res) {
  const loader::Module* m = module_of(c.s, mod);
  if (!m || !res) return 0;
  return m->base + c.s.read_u32(res);
}
uint64_t SizeofResource(Call& c, Handle, Ptr res) { return res ? c.s.read_u32(res + 4) : 0; }

// ---- pipes, volumes, misc kernel32 ----
uint64_t CreatePipe(Call& c, Ptr rd, Ptr wr, Ptr, uint32_t) {
  auto f = std::make_shared<VFile>();
  f->path = "\\\\.\\pipe\\anonymous";
  auto a = std::make_shared<FileObject>(); a->file = f; a->path = f->path;
  auto b = std::make_shared<FileObject>(); b->file = f; b->path = f->path;
  c.s.write_ptr(rd, c.s.handles.add(a));
  c.s.write_ptr(wr, c.s.handles.add(b));
  return 1;
}
template <class S> uint64_t CreateNamedPipe(Call& c, S name, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, Ptr) {
  auto f = std::make_shared<FileObject>();
  f->file = std::make_shared<VFile>();
  f->file->path = name.str;
  f->path = name.str;
  c.s.emit("file_create", {{"path", name.str}});
  return c.s.handles.add(f);
}
uint64_t PeekNamedPipe(Call& c, Handle, Ptr, uint32_t, Ptr, Ptr avail, Ptr) { if (avail) c.s.write_u32(avail, 0); return 1; }
uint64_t GetTimes(Call& c, Handle, Ptr a, Ptr b, Ptr d, Ptr e) {
  for (uint64_t p : {a.v, b.v, d.v, e.v}) if (p) c.s.write_u64(p, c.s.cpu.instructions());
  return 1;
}
uint64_t GetProcessAffinityMask(Call& c, Handle, Ptr a, Ptr b) { c.s.write_ptr(a, 1); c.s.write_ptr(b, 1); return 1; }
uint64_t GetConsoleScreenBufferInfo(Call& c, Handle, Ptr info) {
  std::vector<uint8_t> z(22, 0);
  c.s.mem.write(info, z.data(), z.size());
  c.s.write_u16(info, 80);
  c.s.write_u16(info + 2, 300);
  return 1;
}
uint64_t ProcessIdToSessionId(Call& c, uint32_t, Ptr out) { c.s.write_u32(out, 1); return 1; }
uint64_t WTSGetActiveConsoleSessionId(Call&) { return 1; }
template <class S> uint64_t FindFirstVolume(Call& c, Ptr buf, uint32_t n) {
  c.s.write_str<S>(buf, c.s.cfg.drives.empty() ? "\\\\?\\Volume{bb1d6623-5e53-11ea-a949-100000000001}\\" : c.s.cfg.drives[0].volume_guid_path, n);
  return c.s.handles.add(std::make_shared<GenericObject>("volfind"));
}
template <class S> uint64_t FindNextVolume(Call& c, Handle, Ptr, uint32_t) { return fail(c, kErrNoMoreFiles); }
template <class S> uint64_t GetVolumePathNamesForVolumeName(Call& c, S, Ptr buf, uint32_t n, Ptr ret) {
  if (n >= 5) {
    if constexpr (S::wide) c.s.mem.write(buf, u"C:\\\0", 10);
    else c.s.mem.write(buf, "C:\\\0", 5);
  }
  if (ret) c.s.write_u32(ret, 5);
  return 1;
}
uint64_t SetHandleCount(Call&, uint32_t n) { return n; }

// ---- C runtime extras ----
uint64_t fileno_(Call&, Ptr) { return 3; }
uint64_t beginthreadex(Call& c, Ptr, uint32_t, Ptr start, Ptr arg, uint32_t flags, Ptr tid) {
  auto t = std::make_shared<ThreadObject>();
  t->tid = c.s.next_tid;
  c.s.next_tid += 4;
  t->pid = c.s.pid;
  t->start = start;
  t->param = arg;
  t->suspended = flags & 4;
  if (tid) c.s.write_u32(tid, t->tid);
  c.s.emit("thread_create", {{"path", c.s.image_path}, {"start_addr", hex(start)}, {"param", hex(arg)}});
  c.s.queue_thread(t, "thread");
  return c.s.handles.add(t);
}
uint64_t beginthread(Call& c, Ptr start, uint32_t stack, Ptr arg) { return beginthreadex(c, Ptr{}, stack, start, arg, 0, Ptr{}); }
uint64_t winmain_cmdline(Call& c) {
  // The command line after the program name.
  std::string cl = c.s.command_line;
  size_t i = 0;
  if (!cl.empty() && cl[0] == '"') { i = cl.find('"', 1); i = i == std::string::npos ? cl.size() : i + 1; }
  else { i = cl.find(' '); if (i == std::string::npos) i = cl.size(); }
  while (i < cl.size() && cl[i] == ' ') ++i;
  const uint64_t b = c.s.static_buffer("crt.winmain", cl.size() + 2);
  c.s.write_astr(b, utf8_to_ansi(cl.substr(i)));
  return b;
}
uint64_t p_initenv(Call& c) { return c.s.static_buffer("crt.penv", 8); }

// ---- COM ----
uint64_t CoCreateInstance(Call& c, Ptr, Ptr, uint32_t, Ptr, Ptr out) { if (out) c.s.write_ptr(out, 0); return 0x80040154; }
uint64_t CoTaskMemAlloc(Call& c, uint64_t n) { return c.s.heap_alloc(n ? n : 1); }
uint64_t CoTaskMemFree(Call& c, Ptr p) { if (p) c.s.heap(c.s.process_heap)->free(p); return 0; }
uint64_t CoCreateGuid(Call& c, Ptr g) {
  uint8_t b[16];
  uint32_t x = 0x9E3779B9u ^ static_cast<uint32_t>(c.s.cpu.instructions());
  for (auto& v : b) { x = x * 1103515245u + 12345u; v = static_cast<uint8_t>(x >> 16); }
  c.s.mem.write(g, b, 16);
  return 0;
}
uint64_t StringFromCLSID(Call& c, Ptr clsid, Ptr out) {
  uint8_t g[16] = {};
  c.s.mem.read(clsid, g, 16);
  char buf[64];
  std::snprintf(buf, sizeof buf, "{%08X-%04X-%04X-%02X%02X-%02X%02X%02X%02X%02X%02X}",
                g[0] | (g[1] << 8) | (g[2] << 16) | (static_cast<uint32_t>(g[3]) << 24), g[4] | (g[5] << 8), g[6] | (g[7] << 8),
                g[8], g[9], g[10], g[11], g[12], g[13], g[14], g[15]);
  const uint64_t b = c.s.heap_alloc(80);
  c.s.write_wstr(b, widen_bytes(buf));
  c.s.write_ptr(out, b);
  return 0;
}
uint64_t CLSIDFromProgID(Call&, WStr, Ptr) { return 0x800401F3; }  // CO_E_CLASSSTRING
uint64_t SysAllocStringLen(Call& c, Ptr src, uint32_t n) {
  if (n > (64u << 20)) return 0;
  const uint64_t b = c.s.heap_alloc(4 + 2ull * n + 2);
  c.s.write_u32(b, 2 * n);
  if (src) {
    std::vector<uint8_t> d(2ull * n);
    c.s.mem.read(src, d.data(), d.size());
    c.s.mem.write(b + 4, d.data(), d.size());
  }
  return b + 4;
}
uint64_t SysAllocString(Call& c, WStr s) {
  if (s.null()) return 0;
  return SysAllocStringLen(c, Ptr{s.ptr}, static_cast<uint32_t>(c.s.read_wstr(s.ptr, 1 << 20).size()));
}
uint64_t SysFreeString(Call& c, Ptr p) { if (p) c.s.heap(c.s.process_heap)->free(p - 4); return 0; }
uint64_t SysStringLen(Call& c, Ptr p) { return p ? c.s.read_u32(p - 4) / 2 : 0; }
uint64_t VariantInit(Call& c, Ptr v) { std::vector<uint8_t> z(c.s.x64 ? 24 : 16, 0); c.s.mem.write(v, z.data(), z.size()); return 0; }

// ---- netapi32 ----
uint64_t NetGetJoinInformation(Call& c, WStr, Ptr name, Ptr status) {
  const uint64_t b = c.s.heap_alloc(32);
  c.s.write_wstr(b, u"WORKGROUP");
  c.s.write_ptr(name, b);
  c.s.write_u32(status, 2);  // NetSetupWorkgroupName
  return 0;
}
uint64_t NetWkstaGetInfo(Call& c, WStr, uint32_t, Ptr out) {
  const uint64_t b = c.s.heap_alloc(0x40, true);
  const uint64_t comp = c.s.heap_alloc(64), dom = c.s.heap_alloc(64);
  c.s.write_wstr(comp, utf8_to_utf16(c.s.cfg.hostname));
  c.s.write_wstr(dom, u"WORKGROUP");
  c.s.write_u32(b, 500);
  c.s.write_ptr(b + c.s.ptr_size, comp);
  c.s.write_ptr(b + 2 * c.s.ptr_size, dom);
  c.s.write_u32(b + 3 * c.s.ptr_size, 6);
  c.s.write_u32(b + 3 * c.s.ptr_size + 4, 1);
  c.s.write_ptr(out, b);
  return 0;
}

// ---- iphlpapi ----
uint64_t GetAdaptersInfo(Call& c, Ptr buf, Ptr len) {
  const uint32_t size = c.s.x64 ? 704 : 640;
  const size_t n = std::max<size_t>(c.s.cfg.adapters.size(), 1);
  const uint32_t need = static_cast<uint32_t>(size * n);
  const uint32_t cap = c.s.read_u32(len);
  c.s.write_u32(len, need);
  if (!buf || cap < need) return 111;  // ERROR_BUFFER_OVERFLOW
  std::vector<uint8_t> z(need, 0);
  c.s.mem.write(buf, z.data(), z.size());
  for (size_t i = 0; i < c.s.cfg.adapters.size(); ++i) {
    const auto& a = c.s.cfg.adapters[i];
    const uint64_t e = buf + i * size;
    const unsigned ps = c.s.ptr_size;
    if (i + 1 < c.s.cfg.adapters.size()) c.s.write_ptr(e, e + size);
    c.s.write_u32(e + ps, static_cast<uint32_t>(i + 1));
    c.s.write_astr(e + ps + 4, a.name, 260);
    c.s.write_astr(e + ps + 4 + 260, a.description, 132);
    c.s.write_u32(e + ps + 4 + 260 + 132, 6);
    // MAC "00-13-CE-12-34-56"
    for (int k = 0; k < 6 && static_cast<size_t>(k * 3 + 2) <= a.mac_address.size(); ++k)
      c.s.mem.write_as<uint8_t>(e + ps + 4 + 260 + 132 + 4 + k, static_cast<uint8_t>(std::stoul(a.mac_address.substr(k * 3, 2), nullptr, 16)));
    const uint64_t ipl = e + ps + 4 + 260 + 132 + 4 + 8 + 4 + 4 + 4 + (c.s.x64 ? 4 : 0) + ps;  // IpAddressList
    c.s.write_astr(ipl + ps + 0, a.ip_address, 16);
    c.s.write_astr(ipl + ps + 16, a.subnet_mask, 16);
  }
  return 0;
}
uint64_t GetAdaptersAddresses(Call& c, uint32_t, uint32_t, Ptr, Ptr, Ptr len) { if (len) c.s.write_u32(len, 0); return 232; }

// ---- crypt32: base64 and hex ----
template <class S> uint64_t CryptStringToBinary(Call& c, S str, uint32_t n, uint32_t flags, Ptr out, Ptr outlen, Ptr, Ptr fl) {
  std::string s = str.str;
  if (n && n < s.size()) s.resize(n);
  std::vector<uint8_t> bin;
  if ((flags & 0xF) == 4 || (flags & 0xF) == 0xC) {  // CRYPT_STRING_HEX*
    std::string h;
    for (char ch : s) if (std::isxdigit(static_cast<unsigned char>(ch))) h += ch;
    for (size_t i = 0; i + 1 < h.size(); i += 2) bin.push_back(static_cast<uint8_t>(std::stoul(h.substr(i, 2), nullptr, 16)));
  } else {
    static const std::string tbl = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    uint32_t acc = 0;
    int bits = 0;
    for (char ch : s) {
      const size_t v = tbl.find(ch);
      if (v == std::string::npos) continue;
      acc = (acc << 6) | static_cast<uint32_t>(v);
      bits += 6;
      if (bits >= 8) { bits -= 8; bin.push_back(static_cast<uint8_t>(acc >> bits)); }
    }
  }
  const uint32_t cap = c.s.read_u32(outlen);
  c.s.write_u32(outlen, static_cast<uint32_t>(bin.size()));
  if (fl) c.s.write_u32(fl, flags & 0xF);
  if (!out) return 1;
  if (cap < bin.size()) return fail(c, kErrMoreData);
  c.s.mem.write(out, bin.data(), bin.size());
  return 1;
}
template <class S> uint64_t CryptBinaryToString(Call& c, Ptr data, uint32_t n, uint32_t, Ptr out, Ptr outlen) {
  std::vector<uint8_t> b(std::min<uint32_t>(n, 16u << 20));
  c.s.mem.read(data, b.data(), b.size());
  static const char* tbl = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string s;
  for (size_t i = 0; i < b.size(); i += 3) {
    const uint32_t v = (b[i] << 16) | ((i + 1 < b.size() ? b[i + 1] : 0) << 8) | (i + 2 < b.size() ? b[i + 2] : 0);
    s += tbl[(v >> 18) & 63];
    s += tbl[(v >> 12) & 63];
    s += i + 1 < b.size() ? tbl[(v >> 6) & 63] : '=';
    s += i + 2 < b.size() ? tbl[v & 63] : '=';
  }
  s += "\r\n";
  const uint32_t cap = c.s.read_u32(outlen);
  if (!out) { c.s.write_u32(outlen, static_cast<uint32_t>(s.size() + 1)); return 1; }
  if (cap <= s.size()) return fail(c, kErrMoreData);
  c.s.write_str<S>(out, s);
  c.s.write_u32(outlen, static_cast<uint32_t>(s.size()));
  return 1;
}

// ---- version ----
template <class S> uint64_t GetFileVersionInfoSize(Call& c, S, Ptr) { return fail(c, 1813); }
template <class S> uint64_t GetFileVersionInfo(Call& c, S, uint32_t, uint32_t, Ptr) { return fail(c, 1813); }
template <class S> uint64_t VerQueryValue(Call&, Ptr, S, Ptr, Ptr) { return 0; }

template <class S> uint64_t ObtainUserAgentString(Call& c, uint32_t, Ptr buf, Ptr size) {
  const std::string ua = "Mozilla/4.0 (compatible; MSIE 8.0; Windows NT 6.1; Trident/4.0)";
  const uint32_t cap = c.s.read_u32(size);
  c.s.write_u32(size, static_cast<uint32_t>(ua.size() + 1));
  if (cap <= ua.size()) return 0x8007000E;
  c.s.write_astr(buf, ua);
  return 0;
}
uint64_t RegisterWindowMessage(Call&, Ptr) { return 0xC100; }
uint64_t GetSidSubAuthorityCount(Call&, Ptr sid) { return sid + 1; }
uint64_t GetSidSubAuthority(Call&, Ptr sid, uint32_t i) { return sid + 8 + 4ull * i; }
uint64_t EnumServicesStatus(Call& c, Handle, uint32_t, uint32_t, Ptr, uint32_t, Ptr needed, Ptr count, Ptr resume) {
  if (needed) c.s.write_u32(needed, 0);
  if (count) c.s.write_u32(count, 0);
  if (resume) c.s.write_u32(resume, 0);
  return 1;
}
uint64_t EnumServicesStatusEx(Call& c, Handle, uint32_t, uint32_t, uint32_t, Ptr, uint32_t, Ptr needed, Ptr count, Ptr resume, Ptr) {
  return EnumServicesStatus(c, Handle{}, 0, 0, Ptr{}, 0, needed, count, resume);
}
uint64_t DuplicateTokenEx(Call& c, Handle, uint32_t, Ptr, uint32_t, uint32_t, Ptr out) {
  c.s.write_ptr(out, c.s.handles.add(std::make_shared<GenericObject>("token")));
  return 1;
}
uint64_t GetCurrentHwProfileA(Call& c, Ptr info) {
  std::vector<uint8_t> z(4 + 39 + 80, 0);
  c.s.mem.write(info, z.data(), z.size());
  c.s.write_u32(info, 1);
  c.s.write_astr(info + 4, "{846ee340-7039-11de-9d20-806e6f6e6963}");
  c.s.write_astr(info + 4 + 39, "Profile 1");
  return 1;
}
uint64_t WinHttpGetProxyForUrl(Call& c, Handle, WStr, Ptr, Ptr) { return fail(c, 12180); }
uint64_t WinHttpWriteData(Call& c, Handle, Ptr, uint32_t n, Ptr written) { if (written) c.s.write_u32(written, n); return 1; }
uint64_t WSAFDIsSet(Call&, Handle, Ptr) { return 1; }
uint64_t WSAIoctl(Call&, Handle, uint32_t, Ptr, uint32_t, Ptr, uint32_t, Ptr, Ptr, Ptr) { return static_cast<uint32_t>(-1); }

}  // namespace

void register_misc(ApiRegistry& r) {
  auto k = r.table("kernel32");
  k.add<&FindResource<AStr>>("FindResourceA");
  k.add<&FindResource<WStr>>("FindResourceW");
  k.add<&FindResourceEx<AStr>>("FindResourceExA");
  k.add<&FindResourceEx<WStr>>("FindResourceExW");
  k.add<&LoadResource>("LoadResource");
  k.add<&SizeofResource>("SizeofResource");
  k.add<&pass1>("LockResource");
  k.add<&ret0_1>("FreeResource");
  k.add<&CreatePipe>("CreatePipe");
  k.add<&CreateNamedPipe<AStr>>("CreateNamedPipeA");
  k.add<&CreateNamedPipe<WStr>>("CreateNamedPipeW");
  k.add<&ret1_2>("ConnectNamedPipe");
  k.add<&ret1_1>("DisconnectNamedPipe");
  k.add<&PeekNamedPipe>("PeekNamedPipe");
  k.add<&GetTimes>("GetThreadTimes");
  k.add<&GetTimes>("GetProcessTimes");
  k.add<&GetProcessAffinityMask>("GetProcessAffinityMask");
  k.add<&GetConsoleScreenBufferInfo>("GetConsoleScreenBufferInfo");
  k.add<&ProcessIdToSessionId>("ProcessIdToSessionId");
  k.add<&WTSGetActiveConsoleSessionId>("WTSGetActiveConsoleSessionId");
  k.add<&FindFirstVolume<AStr>>("FindFirstVolumeA");
  k.add<&FindFirstVolume<WStr>>("FindFirstVolumeW");
  k.add<&FindNextVolume<AStr>>("FindNextVolumeA");
  k.add<&FindNextVolume<WStr>>("FindNextVolumeW");
  k.add<&ret1_1>("FindVolumeClose");
  k.add<&GetVolumePathNamesForVolumeName<AStr>>("GetVolumePathNamesForVolumeNameA");
  k.add<&GetVolumePathNamesForVolumeName<WStr>>("GetVolumePathNamesForVolumeNameW");
  k.add<&ret1_2>("SetVolumeMountPointA");
  k.add<&ret1_2>("SetVolumeMountPointW");
  k.add<&ret1_1>("DeleteVolumeMountPointA");
  k.add<&SetHandleCount>("SetHandleCount");
  k.add<&ret1_1>("Wow64DisableWow64FsRedirection");
  k.add<&ret1_1>("Wow64RevertWow64FsRedirection");
  k.add<&ret1_1>("Wow64EnableWow64FsRedirection");

  auto m = r.table("msvcrt", Conv::Cdecl);
  m.add<&fileno_>("_fileno");
  m.add<&beginthreadex>("_beginthreadex");
  m.add<&beginthread>("_beginthread");
  m.add<&winmain_cmdline>("_get_narrow_winmain_command_line");
  m.add<&p_initenv>("__p___initenv");
  m.add<&ret0_2>("fsetpos");
  m.add<&ret0_2>("fgetpos");
  m.add<&ret0_0>("_endthreadex_");

  auto o = r.table("ole32");
  o.add<&ret0_1>("CoInitialize");
  o.add<&ret0_2>("CoInitializeEx");
  o.add<&ret0_0>("CoUninitialize");
  o.add<&ret0_1>("OleInitialize");
  o.add<&ret0_0>("OleUninitialize");
  o.add<&ret0_9>("CoInitializeSecurity");
  o.add<&CoCreateInstance>("CoCreateInstance");
  o.add<&CoTaskMemAlloc>("CoTaskMemAlloc");
  o.add<&CoTaskMemFree>("CoTaskMemFree");
  o.add<&CoCreateGuid>("CoCreateGuid");
  o.add<&StringFromCLSID>("StringFromCLSID");
  o.add<&StringFromCLSID>("StringFromIID");
  o.add<&CLSIDFromProgID>("CLSIDFromProgID");
  o.add<&ret0_8>("CoSetProxyBlanket");
  auto a = r.table("oleaut32");
  a.add<&SysAllocString>("SysAllocString");
  a.add<&SysAllocStringLen>("SysAllocStringLen");
  a.add<&SysFreeString>("SysFreeString");
  a.add<&SysStringLen>("SysStringLen");
  a.add<&VariantInit>("VariantInit");
  a.add<&ret0_1>("VariantClear");

  auto n = r.table("netapi32");
  n.add<&NetGetJoinInformation>("NetGetJoinInformation");
  n.add<&NetWkstaGetInfo>("NetWkstaGetInfo");
  n.add<&ret0_1>("NetApiBufferFree");
  auto dsenum = [](Call&, uint64_t, uint64_t, uint64_t, uint64_t) -> uint64_t { return 1355; };
  (void)dsenum;
  n.add<&ret1_4>("DsEnumerateDomainTrustsA");
  n.add<&ret1_4>("DsEnumerateDomainTrustsW");

  auto g = r.table("gdi32");
  g.add<&pass1>("CreateCompatibleDC");
  g.add<&ret1_2>("GetDeviceCaps");
  g.add<&ret1_2>("SelectObject");
  g.add<&ret1_1>("DeleteDC");
  g.add<&ret1_1>("DeleteObject");
  g.add<&ret1_3>("CreateCompatibleBitmap");
  g.add<&ret1_1>("GetStockObject");
  g.add<&ret1_2>("SetBkMode");
  g.add<&ret1_2>("SetTextColor");
  g.add<&ret1_2>("SetBkColor");
  auto cc = r.table("comctl32");
  cc.add<&ret0_0>("InitCommonControls");
  cc.add<&ret1_1>("InitCommonControlsEx");
  auto u = r.table("user32");
  u.add<&RegisterWindowMessage>("RegisterWindowMessageA");
  u.add<&RegisterWindowMessage>("RegisterWindowMessageW");
  u.add<&ret0_5>("DialogBoxParamA");
  u.add<&ret0_5>("DialogBoxParamW");
  u.add<&ret0_5>("CreateDialogParamA");
  u.add<&ret0_5>("CreateDialogParamW");
  u.add<&ret1_2>("EndDialog");

  auto ip = r.table("iphlpapi");
  ip.add<&GetAdaptersInfo>("GetAdaptersInfo");
  ip.add<&GetAdaptersAddresses>("GetAdaptersAddresses");
  auto cr = r.table("crypt32");
  cr.add<&CryptStringToBinary<AStr>>("CryptStringToBinaryA");
  cr.add<&CryptStringToBinary<WStr>>("CryptStringToBinaryW");
  cr.add<&CryptBinaryToString<AStr>>("CryptBinaryToStringA");
  cr.add<&CryptBinaryToString<WStr>>("CryptBinaryToStringW");
  auto v = r.table("version");
  v.add<&GetFileVersionInfoSize<AStr>>("GetFileVersionInfoSizeA");
  v.add<&GetFileVersionInfoSize<WStr>>("GetFileVersionInfoSizeW");
  v.add<&GetFileVersionInfo<AStr>>("GetFileVersionInfoA");
  v.add<&GetFileVersionInfo<WStr>>("GetFileVersionInfoW");
  v.add<&VerQueryValue<AStr>>("VerQueryValueA");
  v.add<&VerQueryValue<WStr>>("VerQueryValueW");
  auto um = r.table("urlmon");
  um.add<&ObtainUserAgentString<AStr>>("ObtainUserAgentString");
  auto ad = r.table("advapi32");
  ad.add<&ret1_2>("InitializeSecurityDescriptor");
  ad.add<&ret1_4>("SetSecurityDescriptorDacl");
  ad.add<&ret0_4>("EventRegister");
  ad.add<&ret0_5>("EventSetInformation");
  ad.add<&ret0_1>("EventUnregister");
  ad.add<&ret0_4>("SetEntriesInAclW");
  ad.add<&ret0_4>("SetEntriesInAclA");
  ad.add<&ret1_4>("SetTokenInformation");
  ad.add<&GetSidSubAuthorityCount>("GetSidSubAuthorityCount");
  ad.add<&GetSidSubAuthority>("GetSidSubAuthority");
  ad.add<&DuplicateTokenEx>("DuplicateTokenEx");
  ad.add<&ret0_8>("GetNamedSecurityInfoW");
  ad.add<&ret0_8>("GetNamedSecurityInfoA");
  ad.add<&GetCurrentHwProfileA>("GetCurrentHwProfileA");
  ad.add<&EnumServicesStatus>("EnumServicesStatusA");
  ad.add<&EnumServicesStatus>("EnumServicesStatusW");
  ad.add<&EnumServicesStatusEx>("EnumServicesStatusExA");
  ad.add<&EnumServicesStatusEx>("EnumServicesStatusExW");
  auto wh = r.table("winhttp");
  wh.add<&WinHttpGetProxyForUrl>("WinHttpGetProxyForUrl");
  wh.add<&WinHttpWriteData>("WinHttpWriteData");
  auto ws = r.table("ws2_32");
  ws.add<&WSAFDIsSet>("__WSAFDIsSet");
  ws.add<&WSAIoctl>("WSAIoctl");
}

}  // namespace emu::winapi
