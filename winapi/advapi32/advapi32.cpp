// advapi32 (and the registry side of ntdll/ntoskrnl): registry, tokens and
// security, services, CryptoAPI.
#include "winapi/core/handler.h"
#include "winapi/core/token_info.h"

namespace emu::winapi {
namespace {

constexpr uint64_t kRegNotFound = 2;

std::string key_path(Session& s, uint64_t h) {
  const std::string root = Registry::root_name(h);
  if (!root.empty() && h >= 0x80000000 && h <= 0x80000006) return root;
  if ((h & 0xFFFFFFFF) >= 0x80000000 && (h & 0xFFFFFFFF) <= 0x80000006) return Registry::root_name(h);
  if (auto k = s.handles.get<RegKeyObject>(h)) return k->path;
  return {};
}
uint64_t open_handle(Session& s, const std::string& path) {
  auto k = std::make_shared<RegKeyObject>();
  k->path = path;
  return s.handles.add(k);
}

template <class S> uint64_t RegOpenKeyEx(Call& c, Handle hkey, S sub, uint32_t, uint32_t, Ptr out) {
  const std::string base = key_path(c.s, hkey);
  if (base.empty()) return kErrInvalidHandle;
  const std::string path = Registry::canonical(Registry::join(base, sub.str));
  RegKey* k = c.s.registry.find(path);
  c.s.emit("reg_open_key", {{"path", k ? k->path : path}});
  if (!k) return kRegNotFound;
  const uint64_t h = open_handle(c.s, k->path);
  c.s.write_ptr(out, h);
  return 0;
}
template <class S> uint64_t RegOpenKey(Call& c, Handle hkey, S sub, Ptr out) { return RegOpenKeyEx<S>(c, hkey, sub, 0, 0, out); }
template <class S> uint64_t RegCreateKeyEx(Call& c, Handle hkey, S sub, uint32_t, Ptr, uint32_t, uint32_t, Ptr, Ptr out, Ptr disp) {
  const std::string base = key_path(c.s, hkey);
  if (base.empty()) return kErrInvalidHandle;
  const std::string path = Registry::canonical(Registry::join(base, sub.str));
  const bool existed = c.s.registry.find(path) != nullptr;
  RegKey* k = c.s.registry.create(path);
  if (!k) return kErrAccessDenied;
  const uint64_t h = open_handle(c.s, k->path);
  c.s.emit("reg_create_key", {{"path", k->path}, {"handle", hex(h)}});
  c.s.write_ptr(out, h);
  if (disp) c.s.write_u32(disp, existed ? 2 : 1);
  return 0;
}
template <class S> uint64_t RegCreateKey(Call& c, Handle hkey, S sub, Ptr out) { return RegCreateKeyEx<S>(c, hkey, sub, 0, Ptr{}, 0, 0, Ptr{}, out, Ptr{}); }

// Value data as the A or W function returns it.
template <class S> std::vector<uint8_t> value_bytes(const RegValue& v) {
  if (S::wide || (v.type != kRegSz && v.type != kRegExpandSz && v.type != kRegMultiSz)) return v.data;
  std::u16string w(v.data.size() / 2, 0);
  std::memcpy(w.data(), v.data.data(), w.size() * 2);
  const std::string a = narrow_units(w);
  return std::vector<uint8_t>(a.begin(), a.end());
}
template <class S> uint64_t query_value(Call& c, const std::string& path, const std::string& name, Ptr type, Ptr data, Ptr size) {
  RegKey* k = c.s.registry.find(path);
  const RegValue* v = nullptr;
  if (k) { auto it = k->values.find(lower(name)); if (it != k->values.end()) v = &it->second; }
  c.s.emit("reg_read_value", {{"path", path}, {"value_name", name}, {"size", v ? v->data.size() : 0}});
  if (!v) return kRegNotFound;
  const auto bytes = value_bytes<S>(*v);
  if (type) c.s.write_u32(type, v->type);
  if (!size) return data ? static_cast<uint64_t>(kErrInvalidParameter) : 0;
  const uint32_t cap = c.s.read_u32(size);
  c.s.write_u32(size, static_cast<uint32_t>(bytes.size()));
  if (!data) return 0;
  if (cap < bytes.size()) return kErrMoreData;
  c.s.mem.write(data, bytes.data(), bytes.size());
  return 0;
}
template <class S> uint64_t RegQueryValueEx(Call& c, Handle hkey, S name, Ptr, Ptr type, Ptr data, Ptr size) {
  const std::string path = key_path(c.s, hkey);
  if (path.empty()) return kErrInvalidHandle;
  return query_value<S>(c, path, name.str, type, data, size);
}
template <class S> uint64_t RegGetValue(Call& c, Handle hkey, S sub, S name, uint32_t, Ptr type, Ptr data, Ptr size) {
  const std::string base = key_path(c.s, hkey);
  if (base.empty()) return kErrInvalidHandle;
  return query_value<S>(c, Registry::canonical(Registry::join(base, sub.str)), name.str, type, data, size);
}
template <class S> uint64_t RegQueryValue(Call& c, Handle hkey, S sub, Ptr data, Ptr size) {
  const std::string base = key_path(c.s, hkey);
  return query_value<S>(c, Registry::canonical(Registry::join(base, sub.str)), "", Ptr{}, data, size);
}
template <class S> uint64_t RegSetValueEx(Call& c, Handle hkey, S name, uint32_t, uint32_t type, Ptr data, uint32_t size) {
  const std::string path = key_path(c.s, hkey);
  if (path.empty()) return kErrInvalidHandle;
  RegKey* k = c.s.registry.create(path);
  if (!k) return kErrAccessDenied;
  RegValue v;
  v.name = name.str;
  v.type = type;
  std::vector<uint8_t> raw(std::min<uint32_t>(size, 16u << 20));
  c.s.mem.read(data, raw.data(), raw.size());
  if (!S::wide && (type == kRegSz || type == kRegExpandSz || type == kRegMultiSz)) {
    const std::u16string w = widen_bytes(std::string(raw.begin(), raw.end()));
    v.data.resize(w.size() * 2);
    std::memcpy(v.data.data(), w.data(), v.data.size());
  } else {
    v.data = raw;
  }
  k->values[lower(name.str)] = v;
  c.s.emit("reg_write_value", {{"path", path}, {"value_name", name.str}, {"size", raw.size()}, {"buffer", hex(data)}});
  return 0;
}
template <class S> uint64_t RegSetValue(Call& c, Handle hkey, S sub, uint32_t type, Ptr data, uint32_t size) {
  HandleTable tmp;
  (void)tmp;
  const std::string path = Registry::canonical(Registry::join(key_path(c.s, hkey), sub.str));
  const uint64_t h = open_handle(c.s, path);
  c.s.registry.create(path);
  S empty;
  return RegSetValueEx<S>(c, Handle{h}, empty, 0, type, data, size);
}
template <class S> uint64_t RegSetKeyValue(Call& c, Handle hkey, S sub, S name, uint32_t type, Ptr data, uint32_t size) {
  const std::string path = Registry::canonical(Registry::join(key_path(c.s, hkey), sub.str));
  c.s.registry.create(path);
  const uint64_t h = open_handle(c.s, path);
  return RegSetValueEx<S>(c, Handle{h}, name, 0, type, data, size);
}
template <class S> uint64_t RegEnumKeyEx(Call& c, Handle hkey, uint32_t index, Ptr name, Ptr len, Ptr, Ptr, Ptr, Ptr) {
  const std::string path = key_path(c.s, hkey);
  RegKey* k = c.s.registry.find(path);
  if (!k) return kErrInvalidHandle;
  if (index == 0) c.s.emit("reg_list_subkeys", {{"path", path}, {"handle", hex(hkey)}});
  if (index >= k->subkeys.size()) return kErrNoMoreItems;
  auto it = k->subkeys.begin();
  std::advance(it, index);
  const uint32_t cap = c.s.read_u32(len);
  if (cap <= it->second.size()) return kErrMoreData;
  c.s.write_str<S>(name, it->second, cap);
  c.s.write_u32(len, static_cast<uint32_t>(it->second.size()));
  return 0;
}
template <class S> uint64_t RegEnumKey(Call& c, Handle hkey, uint32_t index, Ptr name, uint32_t n) {
  const uint64_t lenp = c.s.static_buffer("reg.enumlen", 8);
  c.s.write_u32(lenp, n);
  return RegEnumKeyEx<S>(c, hkey, index, name, Ptr{lenp}, Ptr{}, Ptr{}, Ptr{}, Ptr{});
}
template <class S> uint64_t RegEnumValue(Call& c, Handle hkey, uint32_t index, Ptr name, Ptr len, Ptr, Ptr type, Ptr data, Ptr size) {
  RegKey* k = c.s.registry.find(key_path(c.s, hkey));
  if (!k) return kErrInvalidHandle;
  if (index >= k->values.size()) return kErrNoMoreItems;
  auto it = k->values.begin();
  std::advance(it, index);
  const uint32_t cap = c.s.read_u32(len);
  if (cap <= it->second.name.size()) return kErrMoreData;
  c.s.write_str<S>(name, it->second.name, cap);
  c.s.write_u32(len, static_cast<uint32_t>(it->second.name.size()));
  if (type) c.s.write_u32(type, it->second.type);
  const auto bytes = value_bytes<S>(it->second);
  if (size) {
    const uint32_t dcap = c.s.read_u32(size);
    c.s.write_u32(size, static_cast<uint32_t>(bytes.size()));
    if (data && dcap >= bytes.size()) c.s.mem.write(data, bytes.data(), bytes.size());
  }
  return 0;
}
template <class S> uint64_t RegQueryInfoKey(Call& c, Handle hkey, Ptr, Ptr, Ptr, Ptr nsub, Ptr maxsub, Ptr, Ptr nval, Ptr maxname, Ptr maxdata, Ptr, Ptr ft) {
  RegKey* k = c.s.registry.find(key_path(c.s, hkey));
  if (!k) return kErrInvalidHandle;
  size_t ms = 0, mn = 0, md = 0;
  for (auto& [n, d] : k->subkeys) ms = std::max(ms, d.size());
  for (auto& [n, v] : k->values) { mn = std::max(mn, v.name.size()); md = std::max(md, v.data.size()); }
  if (nsub) c.s.write_u32(nsub, static_cast<uint32_t>(k->subkeys.size()));
  if (maxsub) c.s.write_u32(maxsub, static_cast<uint32_t>(ms));
  if (nval) c.s.write_u32(nval, static_cast<uint32_t>(k->values.size()));
  if (maxname) c.s.write_u32(maxname, static_cast<uint32_t>(mn));
  if (maxdata) c.s.write_u32(maxdata, static_cast<uint32_t>(md));
  if (ft) c.s.write_u64(ft, c.s.filetime_now());
  return 0;
}
uint64_t RegCloseKey(Call& c, Handle h) { c.s.handles.close(h); return 0; }
template <class S> uint64_t RegDeleteKey(Call& c, Handle hkey, S sub) {
  return c.s.registry.remove(Registry::join(key_path(c.s, hkey), sub.str)) ? 0 : kRegNotFound;
}
template <class S> uint64_t RegDeleteKeyEx(Call& c, Handle hkey, S sub, uint32_t, uint32_t) { return RegDeleteKey<S>(c, hkey, sub); }
template <class S> uint64_t RegDeleteValue(Call& c, Handle hkey, S name) {
  RegKey* k = c.s.registry.find(key_path(c.s, hkey));
  if (!k) return kErrInvalidHandle;
  return k->values.erase(lower(name.str)) ? 0 : kRegNotFound;
}

// ---- native registry (ntdll / ntoskrnl Zw*) ----
std::string oa_path(Session& s, uint64_t oa) {
  const uint64_t root = s.read_ptr(oa + s.ptr_size);
  const std::string name = s.read_unicode_string(s.read_ptr(oa + (s.x64 ? 0x10 : 8)));
  if (root) return Registry::canonical(Registry::join(key_path(s, root), name));
  return Registry::canonical(name);
}
uint64_t NtOpenKey(Call& c, Ptr out, uint32_t, Ptr oa) {
  const std::string path = oa_path(c.s, oa);
  c.set_arg_text(2, path);
  RegKey* k = c.s.registry.find(path);
  c.s.emit("reg_open_key", {{"path", k ? k->path : path}});
  if (!k) return 0xC0000034;
  c.s.write_ptr(out, open_handle(c.s, k->path));
  return 0;
}
uint64_t NtOpenKeyEx(Call& c, Ptr out, uint32_t a, Ptr oa, uint32_t) { return NtOpenKey(c, out, a, oa); }
uint64_t NtCreateKey(Call& c, Ptr out, uint32_t, Ptr oa, uint32_t, Ptr, uint32_t, Ptr disp) {
  const std::string path = oa_path(c.s, oa);
  c.set_arg_text(2, path);
  const bool existed = c.s.registry.find(path) != nullptr;
  RegKey* k = c.s.registry.create(path);
  if (!k) return 0xC0000022;
  const uint64_t h = open_handle(c.s, k->path);
  c.s.emit("reg_create_key", {{"path", k->path}, {"handle", hex(h)}});
  c.s.write_ptr(out, h);
  if (disp) c.s.write_u32(disp, existed ? 2 : 1);
  return 0;
}
uint64_t NtQueryValueKey(Call& c, Handle h, Ptr name_us, uint32_t cls, Ptr buf, uint32_t len, Ptr retlen) {
  const std::string path = key_path(c.s, h);
  const std::string name = c.s.read_unicode_string(name_us);
  c.set_arg_text(1, name);
  RegKey* k = c.s.registry.find(path);
  const RegValue* v = nullptr;
  if (k) { auto it = k->values.find(lower(name)); if (it != k->values.end()) v = &it->second; }
  c.s.emit("reg_read_value", {{"path", path}, {"value_name", name}, {"size", v ? v->data.size() : 0}});
  if (!v) return 0xC0000034;
  const uint32_t need = 12 + static_cast<uint32_t>(v->data.size());
  if (retlen) c.s.write_u32(retlen, need);
  if (len < need) return 0xC0000023;
  if (cls == 2) {  // KeyValuePartialInformation
    c.s.write_u32(buf, 0);
    c.s.write_u32(buf + 4, v->type);
    c.s.write_u32(buf + 8, static_cast<uint32_t>(v->data.size()));
    c.s.mem.write(buf + 12, v->data.data(), v->data.size());
  }
  return 0;
}
uint64_t NtSetValueKey(Call& c, Handle h, Ptr name_us, uint32_t, uint32_t type, Ptr data, uint32_t size) {
  const std::string path = key_path(c.s, h);
  const std::string name = c.s.read_unicode_string(name_us);
  c.set_arg_text(1, name);
  RegKey* k = c.s.registry.create(path);
  if (!k) return 0xC0000022;
  RegValue v;
  v.name = name;
  v.type = type;
  v.data.resize(std::min<uint32_t>(size, 16u << 20));
  c.s.mem.read(data, v.data.data(), v.data.size());
  k->values[lower(name)] = v;
  c.s.emit("reg_write_value", {{"path", path}, {"value_name", name}, {"size", v.data.size()}});
  return 0;
}
uint64_t NtDeleteValueKey(Call& c, Handle h, Ptr name_us) {
  RegKey* k = c.s.registry.find(key_path(c.s, h));
  if (!k) return 0xC0000034;
  return k->values.erase(lower(c.s.read_unicode_string(name_us))) ? 0 : 0xC0000034;
}

// ---- tokens, users, security ----
uint64_t OpenProcessToken(Call& c, Handle, uint32_t, Ptr out) {
  c.s.write_ptr(out, c.s.handles.add(std::make_shared<GenericObject>("token")));
  return 1;
}
uint64_t OpenThreadToken(Call& c, Handle, uint32_t, uint32_t, Ptr) { return fail(c, 1008); }  // ERROR_NO_TOKEN
uint64_t GetTokenInformation(Call& c, Handle, uint32_t cls, Ptr buf, uint32_t len, Ptr retlen) {
  const uint32_t need = token_info_size(c.s, cls);
  if (retlen) c.s.write_u32(retlen, need);
  if (len < need || !buf) return fail(c, kErrInsufficientBuffer);
  write_token_info(c.s, cls, buf);
  return 1;
}
uint64_t AdjustTokenPrivileges(Call& c, Handle, uint32_t, Ptr, uint32_t, Ptr, Ptr) { c.s.set_last_error(0); return 1; }
template <class S> uint64_t LookupPrivilegeValue(Call& c, S, S, Ptr luid) { c.s.write_u32(luid, 20); c.s.write_u32(luid + 4, 0); return 1; }
template <class S> uint64_t GetUserName(Call& c, Ptr buf, Ptr size) {
  const std::string& n = c.s.cfg.user_name;
  const uint32_t cap = c.s.read_u32(size);
  c.s.write_u32(size, static_cast<uint32_t>(n.size() + 1));
  if (cap <= n.size()) return fail(c, kErrInsufficientBuffer);
  c.s.write_str<S>(buf, n);
  return 1;
}
uint64_t AllocateAndInitializeSid(Call& c, Ptr, uint32_t count, uint32_t a0, uint32_t a1, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, Ptr out) {
  const uint64_t sid = c.s.heap_alloc(8 + 4 * 8, true);
  c.s.mem.write_as<uint8_t>(sid, 1);
  c.s.mem.write_as<uint8_t>(sid + 1, static_cast<uint8_t>(count));
  c.s.mem.write_as<uint8_t>(sid + 7, 5);
  c.s.write_u32(sid + 8, a0);
  c.s.write_u32(sid + 12, a1);
  c.s.write_ptr(out, sid);
  return 1;
}
uint64_t FreeSid(Call&, Ptr) { return 0; }
uint64_t CheckTokenMembership(Call& c, Handle, Ptr, Ptr out) { c.s.write_u32(out, c.s.cfg.user_is_admin ? 1 : 0); return 1; }
template <class S> uint64_t ConvertSidToStringSid(Call& c, Ptr, Ptr out) {
  const uint64_t b = c.s.heap_alloc(2 * c.s.cfg.user_sid.size() + 2);
  c.s.write_str<S>(b, c.s.cfg.user_sid);
  c.s.write_ptr(out, b);
  return 1;
}
template <class S> uint64_t LookupAccountSid(Call& c, S, Ptr, Ptr name, Ptr nlen, Ptr dom, Ptr dlen, Ptr use) {
  const uint32_t nc = c.s.read_u32(nlen), dc = c.s.read_u32(dlen);
  c.s.write_u32(nlen, static_cast<uint32_t>(c.s.cfg.user_name.size() + 1));
  c.s.write_u32(dlen, static_cast<uint32_t>(c.s.cfg.domain.size() + 1));
  if (nc <= c.s.cfg.user_name.size() || dc <= c.s.cfg.domain.size()) return fail(c, kErrInsufficientBuffer);
  c.s.write_str<S>(name, c.s.cfg.user_name);
  c.s.write_str<S>(dom, c.s.cfg.domain);
  if (use) c.s.write_u32(use, 1);
  return 1;
}

// ---- services ----
template <class S> uint64_t OpenSCManager(Call& c, S, S, uint32_t) { return c.s.handles.add(std::make_shared<GenericObject>("scm")); }
template <class S> uint64_t CreateService(Call& c, Handle, S name, S display, uint32_t, uint32_t type, uint32_t start, uint32_t, S path, S, Ptr, S, S, S) {
  auto o = std::make_shared<GenericObject>("service");
  o->name = name.str;
  o->props = {{"display", display.str}, {"path", path.str}, {"type", std::to_string(type)}, {"start", std::to_string(start)}};
  const std::string key = "HKEY_LOCAL_MACHINE\\System\\CurrentControlSet\\Services\\" + name.str;
  RegKey* k = c.s.registry.create(key);
  if (k) {
    k->values["imagepath"] = Registry::parse_value(RegistryValue{"ImagePath", "REG_EXPAND_SZ", path.str});
    k->values["start"] = Registry::parse_value(RegistryValue{"Start", "REG_DWORD", std::to_string(start)});
  }
  c.s.emit("reg_create_key", {{"path", key}});
  return c.s.handles.add(o);
}
template <class S> uint64_t OpenService(Call& c, Handle, S name, uint32_t) {
  auto o = std::make_shared<GenericObject>("service");
  o->name = name.str;
  return c.s.handles.add(o);
}
template <class S> uint64_t StartService(Call&, Handle, uint32_t, Ptr) { return 1; }
uint64_t ControlService(Call& c, Handle, uint32_t, Ptr status) { if (status) { std::vector<uint8_t> z(28, 0); c.s.mem.write(status, z.data(), z.size()); } return 1; }
uint64_t QueryServiceStatus(Call& c, Handle, Ptr status) {
  std::vector<uint8_t> z(28, 0);
  c.s.mem.write(status, z.data(), z.size());
  c.s.write_u32(status, 0x10);
  c.s.write_u32(status + 4, 4);  // SERVICE_RUNNING
  return 1;
}
template <class S> uint64_t StartServiceCtrlDispatcher(Call& c, Ptr table) {
  // Each SERVICE_TABLE_ENTRY's ServiceMain runs later as its own entry point.
  for (int i = 0; i < 16; ++i) {
    const uint64_t e = table + i * 2 * c.s.ptr_size;
    const uint64_t fn = c.s.read_ptr(e + c.s.ptr_size);
    if (!fn) break;
    auto t = std::make_shared<ThreadObject>();
    t->tid = c.s.next_tid;
    c.s.next_tid += 4;
    t->start = fn;
    t->param = 0;
    c.s.queue_thread(t, "service_main");
  }
  return 1;
}
template <class S> uint64_t RegisterServiceCtrlHandler(Call& c, S, Ptr) { return c.s.handles.add(std::make_shared<GenericObject>("svcstatus")); }
template <class S> uint64_t RegisterServiceCtrlHandlerEx(Call& c, S, Ptr, Ptr) { return c.s.handles.add(std::make_shared<GenericObject>("svcstatus")); }
template <class S> uint64_t ChangeServiceConfig2(Call&, Handle, uint32_t, Ptr) { return 1; }

// ---- CryptoAPI (handles only; no real cryptography) ----
template <class S> uint64_t CryptAcquireContext(Call& c, Ptr out, S, S, uint32_t, uint32_t) {
  c.s.write_ptr(out, c.s.handles.add(std::make_shared<GenericObject>("cryptprov")));
  return 1;
}
uint64_t CryptReleaseContext(Call&, Handle, uint32_t) { return 1; }
uint64_t CryptGenRandom(Call& c, Handle, uint32_t n, Ptr buf) {
  std::vector<uint8_t> b(std::min<uint32_t>(n, 1u << 20));
  uint32_t x = 0x12345678u ^ static_cast<uint32_t>(c.s.cpu.instructions());
  for (auto& v : b) { x = x * 1103515245u + 12345u; v = static_cast<uint8_t>(x >> 16); }
  c.s.mem.write(buf, b.data(), b.size());
  return 1;
}
uint64_t CryptCreateHash(Call& c, Handle, uint32_t alg, Handle, uint32_t, Ptr out) {
  auto o = std::make_shared<GenericObject>("crypthash");
  o->props["alg"] = std::to_string(alg);
  c.s.write_ptr(out, c.s.handles.add(o));
  return 1;
}
uint64_t CryptHashData(Call& c, Handle h, Ptr data, uint32_t n, uint32_t) {
  if (auto o = c.s.handles.get<GenericObject>(h)) {
    std::vector<uint8_t> b(std::min<uint32_t>(n, 64u << 20));
    c.s.mem.read(data, b.data(), b.size());
    o->data.insert(o->data.end(), b.begin(), b.end());
  }
  return 1;
}
uint64_t CryptGetHashParam(Call& c, Handle h, uint32_t param, Ptr data, Ptr len, uint32_t) {
  auto o = c.s.handles.get<GenericObject>(h);
  const uint32_t alg = o ? static_cast<uint32_t>(std::stoul(o->props["alg"])) : 0;
  const uint32_t size = alg == 0x800C ? 32 : alg == 0x8004 ? 20 : 16;
  if (param == 4) {  // HP_HASHSIZE
    c.s.write_u32(data, size);
    return 1;
  }
  const uint32_t cap = c.s.read_u32(len);
  c.s.write_u32(len, size);
  if (!data) return 1;
  if (cap < size) return fail(c, kErrMoreData);
  std::vector<uint8_t> out(size, 0);
  if (o && alg == 0x800C) {  // CALG_SHA_256: real digest
    const std::string hx = sha256_hex(std::span<const uint8_t>(o->data));
    for (size_t i = 0; i < 32; ++i) out[i] = static_cast<uint8_t>(std::stoul(hx.substr(2 * i, 2), nullptr, 16));
  }
  c.s.mem.write(data, out.data(), out.size());
  return 1;
}
uint64_t CryptDeriveKey(Call& c, Handle, uint32_t, Handle, uint32_t, Ptr out) {
  c.s.write_ptr(out, c.s.handles.add(std::make_shared<GenericObject>("cryptkey")));
  return 1;
}
uint64_t CryptImportKey(Call& c, Handle, Ptr, uint32_t, Handle, uint32_t, Ptr out) {
  c.s.write_ptr(out, c.s.handles.add(std::make_shared<GenericObject>("cryptkey")));
  return 1;
}
uint64_t CryptEncrypt(Call&, Handle, Handle, uint32_t, uint32_t, Ptr, Ptr, uint32_t) { return 1; }
uint64_t CryptDecrypt(Call&, Handle, Handle, uint32_t, uint32_t, Ptr, Ptr) { return 1; }
uint64_t CryptSetKeyParam(Call&, Handle, uint32_t, Ptr, uint32_t) { return 1; }

}  // namespace

void register_advapi32(ApiRegistry& r) {
  auto t = r.table("advapi32");
  t.add<&RegOpenKeyEx<AStr>>("RegOpenKeyExA");
  t.add<&RegOpenKeyEx<WStr>>("RegOpenKeyExW");
  t.add<&RegOpenKey<AStr>>("RegOpenKeyA");
  t.add<&RegOpenKey<WStr>>("RegOpenKeyW");
  t.add<&RegCreateKeyEx<AStr>>("RegCreateKeyExA");
  t.add<&RegCreateKeyEx<WStr>>("RegCreateKeyExW");
  t.add<&RegCreateKey<AStr>>("RegCreateKeyA");
  t.add<&RegCreateKey<WStr>>("RegCreateKeyW");
  t.add<&RegQueryValueEx<AStr>>("RegQueryValueExA");
  t.add<&RegQueryValueEx<WStr>>("RegQueryValueExW");
  t.add<&RegQueryValue<AStr>>("RegQueryValueA");
  t.add<&RegQueryValue<WStr>>("RegQueryValueW");
  t.add<&RegGetValue<AStr>>("RegGetValueA");
  t.add<&RegGetValue<WStr>>("RegGetValueW");
  t.add<&RegSetValueEx<AStr>>("RegSetValueExA");
  t.add<&RegSetValueEx<WStr>>("RegSetValueExW");
  t.add<&RegSetValue<AStr>>("RegSetValueA");
  t.add<&RegSetValue<WStr>>("RegSetValueW");
  t.add<&RegSetKeyValue<AStr>>("RegSetKeyValueA");
  t.add<&RegSetKeyValue<WStr>>("RegSetKeyValueW");
  t.add<&RegEnumKeyEx<AStr>>("RegEnumKeyExA");
  t.add<&RegEnumKeyEx<WStr>>("RegEnumKeyExW");
  t.add<&RegEnumKey<AStr>>("RegEnumKeyA");
  t.add<&RegEnumKey<WStr>>("RegEnumKeyW");
  t.add<&RegEnumValue<AStr>>("RegEnumValueA");
  t.add<&RegEnumValue<WStr>>("RegEnumValueW");
  t.add<&RegQueryInfoKey<AStr>>("RegQueryInfoKeyA");
  t.add<&RegQueryInfoKey<WStr>>("RegQueryInfoKeyW");
  t.add<&RegCloseKey>("RegCloseKey");
  t.add<&RegDeleteKey<AStr>>("RegDeleteKeyA");
  t.add<&RegDeleteKey<WStr>>("RegDeleteKeyW");
  t.add<&RegDeleteKeyEx<AStr>>("RegDeleteKeyExA");
  t.add<&RegDeleteKeyEx<WStr>>("RegDeleteKeyExW");
  t.add<&RegDeleteValue<AStr>>("RegDeleteValueA");
  t.add<&RegDeleteValue<WStr>>("RegDeleteValueW");
  t.add<constant_result<0, 1>>("RegFlushKey");
  t.add<constant_result<0, 5>>("RegNotifyChangeKeyValue");
  t.add<&OpenProcessToken>("OpenProcessToken");
  t.add<&OpenThreadToken>("OpenThreadToken");
  t.add<&GetTokenInformation>("GetTokenInformation");
  t.add<&AdjustTokenPrivileges>("AdjustTokenPrivileges");
  t.add<&LookupPrivilegeValue<AStr>>("LookupPrivilegeValueA");
  t.add<&LookupPrivilegeValue<WStr>>("LookupPrivilegeValueW");
  t.add<&GetUserName<AStr>>("GetUserNameA");
  t.add<&GetUserName<WStr>>("GetUserNameW");
  t.add<&AllocateAndInitializeSid>("AllocateAndInitializeSid");
  t.add<&FreeSid>("FreeSid");
  t.add<&CheckTokenMembership>("CheckTokenMembership");
  t.add<&ConvertSidToStringSid<AStr>>("ConvertSidToStringSidA");
  t.add<&ConvertSidToStringSid<WStr>>("ConvertSidToStringSidW");
  t.add<&LookupAccountSid<AStr>>("LookupAccountSidA");
  t.add<&LookupAccountSid<WStr>>("LookupAccountSidW");
  t.add<&OpenSCManager<AStr>>("OpenSCManagerA");
  t.add<&OpenSCManager<WStr>>("OpenSCManagerW");
  t.add<&CreateService<AStr>>("CreateServiceA");
  t.add<&CreateService<WStr>>("CreateServiceW");
  t.add<&OpenService<AStr>>("OpenServiceA");
  t.add<&OpenService<WStr>>("OpenServiceW");
  t.add<&StartService<AStr>>("StartServiceA");
  t.add<&StartService<WStr>>("StartServiceW");
  t.add<&ControlService>("ControlService");
  t.add<&QueryServiceStatus>("QueryServiceStatus");
  t.add<constant_result<1, 1>>("DeleteService");
  t.add<constant_result<1, 1>>("CloseServiceHandle");
  t.add<constant_result<1, 2>>("SetServiceStatus");
  t.add<&StartServiceCtrlDispatcher<AStr>>("StartServiceCtrlDispatcherA");
  t.add<&StartServiceCtrlDispatcher<WStr>>("StartServiceCtrlDispatcherW");
  t.add<&RegisterServiceCtrlHandler<AStr>>("RegisterServiceCtrlHandlerA");
  t.add<&RegisterServiceCtrlHandler<WStr>>("RegisterServiceCtrlHandlerW");
  t.add<&RegisterServiceCtrlHandlerEx<AStr>>("RegisterServiceCtrlHandlerExA");
  t.add<&RegisterServiceCtrlHandlerEx<WStr>>("RegisterServiceCtrlHandlerExW");
  t.add<&ChangeServiceConfig2<AStr>>("ChangeServiceConfig2A");
  t.add<&ChangeServiceConfig2<WStr>>("ChangeServiceConfig2W");
  t.add<&CryptAcquireContext<AStr>>("CryptAcquireContextA");
  t.add<&CryptAcquireContext<WStr>>("CryptAcquireContextW");
  t.add<&CryptReleaseContext>("CryptReleaseContext");
  t.add<&CryptGenRandom>("CryptGenRandom");
  t.add<&CryptCreateHash>("CryptCreateHash");
  t.add<&CryptHashData>("CryptHashData");
  t.add<&CryptGetHashParam>("CryptGetHashParam");
  t.add<constant_result<1, 1>>("CryptDestroyHash");
  t.add<constant_result<1, 1>>("CryptDestroyKey");
  t.add<&CryptDeriveKey>("CryptDeriveKey");
  t.add<&CryptImportKey>("CryptImportKey");
  t.add<&CryptEncrypt>("CryptEncrypt");
  t.add<&CryptDecrypt>("CryptDecrypt");
  t.add<&CryptSetKeyParam>("CryptSetKeyParam");
  auto n = r.table("ntdll");
  for (const char* p : {"Nt", "Zw"}) {
    const std::string pre = p;
    n.add<&NtOpenKey>(pre + "OpenKey");
    n.add<&NtOpenKeyEx>(pre + "OpenKeyEx");
    n.add<&NtCreateKey>(pre + "CreateKey");
    n.add<&NtQueryValueKey>(pre + "QueryValueKey");
    n.add<&NtSetValueKey>(pre + "SetValueKey");
    n.add<&NtDeleteValueKey>(pre + "DeleteValueKey");
  }
}

}  // namespace emu::winapi
