// kernel32: system information, machine identity, environment, directories.
#include "winapi/core/handler.h"

namespace emu::winapi {
namespace {

uint64_t GetSystemInfo(Call& c, Ptr si) {
  const bool x64 = c.s.x64;
  std::vector<uint8_t> z(x64 ? 48 : 36, 0);
  c.s.mem.write(si, z.data(), z.size());
  c.s.write_u16(si, x64 ? 9 : 0);                    // PROCESSOR_ARCHITECTURE_AMD64 / INTEL
  c.s.write_u32(si + 4, 0x1000);                     // dwPageSize
  c.s.write_ptr(si + 8, 0x10000);
  c.s.write_ptr(si + 8 + c.s.ptr_size, x64 ? 0x7FFFFFFEFFFFull : 0x7FFEFFFF);
  const uint64_t after = si + 8 + 2 * c.s.ptr_size;
  c.s.write_ptr(after, 1);                           // active processor mask
  c.s.write_u32(after + c.s.ptr_size, 1);            // number of processors
  c.s.write_u32(after + c.s.ptr_size + 4, x64 ? 8664 : 586);
  c.s.write_u32(after + c.s.ptr_size + 8, 0x10000);  // allocation granularity
  c.s.write_u16(after + c.s.ptr_size + 12, 6);
  c.s.write_u16(after + c.s.ptr_size + 14, 0x3A09);
  return 0;
}
uint64_t GlobalMemoryStatusEx(Call& c, Ptr m) {
  c.s.write_u32(m + 4, 30);
  c.s.write_u64(m + 8, 4ull << 30);
  c.s.write_u64(m + 16, 3ull << 30);
  c.s.write_u64(m + 24, 8ull << 30);
  c.s.write_u64(m + 32, 6ull << 30);
  c.s.write_u64(m + 40, 2ull << 30);
  c.s.write_u64(m + 48, 1ull << 30);
  c.s.write_u64(m + 56, 0);
  return 1;
}
uint64_t GlobalMemoryStatus(Call& c, Ptr m) {
  c.s.write_u32(m + 4, 30);
  for (int i = 0; i < 6; ++i) c.s.write_ptr(m + 8 + i * c.s.ptr_size, 0x7FFF0000);
  return 0;
}
template <class S> uint64_t GetComputerName(Call& c, Ptr buf, Ptr size) {
  const std::string name = upper(c.s.cfg.hostname);
  const uint32_t cap = c.s.read_u32(size);
  if (cap <= name.size()) { c.s.write_u32(size, static_cast<uint32_t>(name.size() + 1)); return fail(c, 111); }
  c.s.write_str<S>(buf, name);
  c.s.write_u32(size, static_cast<uint32_t>(name.size()));
  return 1;
}
template <class S> uint64_t GetComputerNameEx(Call& c, uint32_t kind, Ptr buf, Ptr size) {
  std::string name = c.s.cfg.hostname;
  if (kind == 2 || kind == 6) name = c.s.cfg.domain;  // DnsDomain / PhysicalDnsDomain
  if (kind == 3 || kind == 7) name = c.s.cfg.hostname + "." + c.s.cfg.domain;
  const uint32_t cap = c.s.read_u32(size);
  if (cap <= name.size()) { c.s.write_u32(size, static_cast<uint32_t>(name.size() + 1)); return fail(c, kErrMoreData); }
  c.s.write_str<S>(buf, name);
  c.s.write_u32(size, static_cast<uint32_t>(name.size()));
  return 1;
}
std::string env_or(Session& s, const char* k, const char* d) {
  auto it = s.env.find(k);
  return it == s.env.end() ? d : it->second;
}
template <class S> uint64_t GetWindowsDirectory(Call& c, Ptr buf, uint32_t n) { return copy_out<S>(c, buf, n, env_or(c.s, "windir", "C:\\Windows")); }
template <class S> uint64_t GetSystemDirectory(Call& c, Ptr buf, uint32_t n) { return copy_out<S>(c, buf, n, env_or(c.s, "windir", "C:\\Windows") + "\\system32"); }
template <class S> uint64_t GetSystemWow64Directory(Call& c, Ptr, uint32_t) { return fail(c, 120); }
template <class S> uint64_t GetEnvironmentVariable(Call& c, S name, Ptr buf, uint32_t n) {
  auto it = c.s.env.find(lower(name.str));
  if (it == c.s.env.end()) return fail(c, 203);  // ERROR_ENVVAR_NOT_FOUND
  return copy_out<S>(c, buf, n, it->second);
}
template <class S> uint64_t SetEnvironmentVariable(Call& c, S name, S value) {
  if (value.null()) c.s.env.erase(lower(name.str));
  else c.s.env[lower(name.str)] = value.str;
  return 1;
}
template <class S> uint64_t GetEnvironmentStrings(Call& c) {
  std::u16string block;
  for (auto& [k, v] : c.s.env) { block += utf8_to_utf16(upper(k) + "=" + v); block.push_back(0); }
  block.push_back(0);
  const uint64_t b = c.s.heap_alloc(block.size() * 2 + 2);
  if constexpr (S::wide) c.s.mem.write(b, block.data(), block.size() * 2);
  else { auto a = narrow_units(block); c.s.mem.write(b, a.data(), a.size()); }
  return b;
}
uint64_t FreeEnvironmentStrings(Call&, Ptr) { return 1; }
template <class S> uint64_t ExpandEnvironmentStrings(Call& c, S src, Ptr dst, uint32_t n) {
  std::string out;
  const std::string& s = src.str;
  for (size_t i = 0; i < s.size();) {
    if (s[i] == '%') {
      const size_t j = s.find('%', i + 1);
      if (j != std::string::npos) {
        auto it = c.s.env.find(lower(s.substr(i + 1, j - i - 1)));
        if (it != c.s.env.end()) { out += it->second; i = j + 1; continue; }
      }
    }
    out.push_back(s[i++]);
  }
  const size_t len = (S::wide ? utf8_to_utf16(out).size() : out.size()) + 1;
  if (dst && n >= len) c.s.write_str<S>(dst, out, n);
  return len;
}
template <class S> uint64_t GetCurrentDirectory(Call& c, uint32_t n, Ptr buf) { return copy_out<S>(c, buf, n, c.s.current_dir); }
template <class S> uint64_t SetCurrentDirectory(Call& c, S dir) { c.s.current_dir = c.s.vfs.full_path(dir.str); return 1; }
uint64_t GetProductInfo(Call& c, uint32_t, uint32_t, uint32_t, uint32_t, Ptr out) { c.s.write_u32(out, 0x30); return 1; }
template <class S> uint64_t VerifyVersionInfo(Call&, Ptr, uint32_t, uint64_t) { return 1; }
uint64_t VerSetConditionMask(Call& c, uint64_t mask, uint32_t, uint32_t) {
  if (!c.s.x64) {  // ULONGLONG mask: two slots, result in edx:eax
    c.nargs = 4;
    c.set_high = true;
    c.high = c.arg(1);
    return c.arg(0);
  }
  return mask;
}
uint64_t QueryUnbiasedInterruptTime(Call& c, Ptr out) { c.s.write_u64(out, c.s.cpu.instructions() * 10); return 1; }
uint64_t GetNumaHighestNodeNumber(Call& c, Ptr out) { c.s.write_u32(out, 0); return 1; }
uint64_t GetSystemTimes(Call& c, Ptr a, Ptr b, Ptr d) {
  for (uint64_t p : {a.v, b.v, d.v}) if (p) c.s.write_u64(p, c.s.cpu.instructions());
  return 1;
}
uint64_t GetLogicalProcessorInformation(Call& c, Ptr, Ptr len) { c.s.write_u32(len, 32); return fail(c, kErrInsufficientBuffer); }
uint64_t GetSystemFirmwareTable(Call&, uint32_t, uint32_t, Ptr, uint32_t) { return 0; }
uint64_t GetActiveProcessorCount(Call&, uint32_t) { return 1; }

}  // namespace

void register_kernel32_system(ApiRegistry& r) {
  auto t = r.table("kernel32");
  t.add<&GetSystemInfo>("GetSystemInfo");
  t.add<&GetSystemInfo>("GetNativeSystemInfo");
  t.add<&GlobalMemoryStatusEx>("GlobalMemoryStatusEx");
  t.add<&GlobalMemoryStatus>("GlobalMemoryStatus");
  t.add<&GetComputerName<AStr>>("GetComputerNameA");
  t.add<&GetComputerName<WStr>>("GetComputerNameW");
  t.add<&GetComputerNameEx<AStr>>("GetComputerNameExA");
  t.add<&GetComputerNameEx<WStr>>("GetComputerNameExW");
  t.add<&GetWindowsDirectory<AStr>>("GetWindowsDirectoryA");
  t.add<&GetWindowsDirectory<WStr>>("GetWindowsDirectoryW");
  t.add<&GetWindowsDirectory<AStr>>("GetSystemWindowsDirectoryA");
  t.add<&GetWindowsDirectory<WStr>>("GetSystemWindowsDirectoryW");
  t.add<&GetSystemDirectory<AStr>>("GetSystemDirectoryA");
  t.add<&GetSystemDirectory<WStr>>("GetSystemDirectoryW");
  t.add<&GetSystemWow64Directory<AStr>>("GetSystemWow64DirectoryA");
  t.add<&GetSystemWow64Directory<WStr>>("GetSystemWow64DirectoryW");
  t.add<&GetEnvironmentVariable<AStr>>("GetEnvironmentVariableA");
  t.add<&GetEnvironmentVariable<WStr>>("GetEnvironmentVariableW");
  t.add<&SetEnvironmentVariable<AStr>>("SetEnvironmentVariableA");
  t.add<&SetEnvironmentVariable<WStr>>("SetEnvironmentVariableW");
  t.add<&GetEnvironmentStrings<AStr>>("GetEnvironmentStrings");
  t.add<&GetEnvironmentStrings<AStr>>("GetEnvironmentStringsA");
  t.add<&GetEnvironmentStrings<WStr>>("GetEnvironmentStringsW");
  t.add<&FreeEnvironmentStrings>("FreeEnvironmentStringsA");
  t.add<&FreeEnvironmentStrings>("FreeEnvironmentStringsW");
  t.add<&ExpandEnvironmentStrings<AStr>>("ExpandEnvironmentStringsA");
  t.add<&ExpandEnvironmentStrings<WStr>>("ExpandEnvironmentStringsW");
  t.add<&GetCurrentDirectory<AStr>>("GetCurrentDirectoryA");
  t.add<&GetCurrentDirectory<WStr>>("GetCurrentDirectoryW");
  t.add<&SetCurrentDirectory<AStr>>("SetCurrentDirectoryA");
  t.add<&SetCurrentDirectory<WStr>>("SetCurrentDirectoryW");
  t.add<&GetProductInfo>("GetProductInfo");
  t.add<&VerifyVersionInfo<AStr>>("VerifyVersionInfoA");
  t.add<&VerifyVersionInfo<WStr>>("VerifyVersionInfoW");
  t.add<&VerSetConditionMask>("VerSetConditionMask");
  t.add<constant_result<1, 2>>("SetConsoleCtrlHandler");
  t.add<constant_result<0, 0>>("GetSystemRegistryQuota");
  t.add<&QueryUnbiasedInterruptTime>("QueryUnbiasedInterruptTime");
  t.add<&GetNumaHighestNodeNumber>("GetNumaHighestNodeNumber");
  t.add<&GetSystemTimes>("GetSystemTimes");
  t.add<&GetLogicalProcessorInformation>("GetLogicalProcessorInformation");
  t.add<&GetSystemFirmwareTable>("GetSystemFirmwareTable");
  t.add<&GetActiveProcessorCount>("GetActiveProcessorCount");
}

}  // namespace emu::winapi
