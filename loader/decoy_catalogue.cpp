// The catalogue of decoy DLLs: file names, fixed base addresses per
// architecture, API-set name resolution, and the parsed export lists.
//
// x86 bases follow Speakeasy's default configuration where it names the DLL
// (ntdll 0x7C000000, kernel32 0x77000000, ...). x64 user-mode bases are the
// x86 base plus 0x7FE00000000 (Windows 7 x64 places system DLLs at
// 0x7FExxxxxxxx); kernel modules go at 0xFFFFF80000000000 plus the x86 base.
#include <algorithm>
#include <charconv>
#include <map>
#include <memory>
#include <mutex>
#include <optional>

#include "loader/decoy_image.h"
#include "loader/export_lists.h"
#include "loader/util.h"

namespace emu::loader {

namespace {

constexpr uint64_t kX64User = 0x7FE00000000ull;
constexpr uint64_t kX64Kernel = 0xFFFFF80000000000ull;
constexpr std::string_view kSys32 = "C:\\Windows\\system32\\";
constexpr std::string_view kDrivers = "C:\\Windows\\system32\\drivers\\";

#define USER(name, base) DecoySpec{name, base, kX64User + base, false, kSys32}
#define KERNEL(name, base) DecoySpec{name, base, kX64Kernel + base, true, kSys32}
#define DRIVER(name, base) DecoySpec{name, base, kX64Kernel + base, true, kDrivers}

const DecoySpec kSpecs[] = {
    USER("ntdll.dll", 0x7C000000),       USER("kernel32.dll", 0x77000000),
    USER("kernelbase.dll", 0x77100000),  USER("user32.dll", 0x77D10000),
    USER("gdi32.dll", 0x77E10000),       USER("msvcrt.dll", 0x77F10000),
    USER("advapi32.dll", 0x78000000),    USER("ws2_32.dll", 0x78C00000),
    USER("wsock32.dll", 0x78D00000),     USER("mswsock.dll", 0x78E00000),
    USER("dnsapi.dll", 0x78F10000),      USER("ucrtbase.dll", 0x7A200000),
    USER("vcruntime140.dll", 0x7A100000), USER("msvcp140.dll", 0x7A400000),
    USER("winhttp.dll", 0x7BA00000),     USER("wininet.dll", 0x7BC00000),
    USER("psapi.dll", 0x71000000),       USER("userenv.dll", 0x76500000),
    USER("gdiplus.dll", 0x75500000),     USER("shell32.dll", 0x69000000),
    USER("advpack.dll", 0x68F00000),     USER("shlwapi.dll", 0x67000000),
    USER("ole32.dll", 0x65500000),       USER("wtsapi32.dll", 0x63000000),
    USER("dbghelp.dll", 0x62000000),     USER("crypt32.dll", 0x58000000),
    USER("setupapi.dll", 0x55500000),    USER("urlmon.dll", 0x54500000),
    USER("netapi32.dll", 0x54400000),    USER("mscoree.dll", 0x53000000),
    USER("rpcrt4.dll", 0x53300000),      USER("comctl32.dll", 0x5F500000),
    USER("secur32.dll", 0x5F600000),     USER("oleaut32.dll", 0x5F800000),
    USER("bcrypt.dll", 0x5F900000),      USER("ncrypt.dll", 0x5FA00000),
    USER("netutils.dll", 0x5FB00000),    USER("iphlpapi.dll", 0x5FD00000),
    USER("winmm.dll", 0x5FF00000),       USER("mpr.dll", 0x5F400000),
    USER("version.dll", 0x5F300000),     USER("sspicli.dll", 0x5F200000),
    USER("winspool.drv", 0x5E000000),    USER("comdlg32.dll", 0x5E100000),
    USER("imm32.dll", 0x5E200000),       USER("cabinet.dll", 0x5E300000),
    USER("wintrust.dll", 0x5E400000),    USER("odbc32.dll", 0x5E500000),
    USER("rasapi32.dll", 0x5E600000),    USER("shcore.dll", 0x5E700000),
    KERNEL("ntoskrnl.exe", 0x803D0000),  KERNEL("hal.dll", 0xC1000000),
    DRIVER("fltmgr.sys", 0xC8000000),
};

#undef USER
#undef KERNEL
#undef DRIVER

std::vector<ExportName> parse_list(const EmbeddedExportList& l) {
  std::vector<ExportName> out;
  std::string_view text(l.text, l.size);
  while (!text.empty()) {
    const size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    if (line.empty() || line[0] == '#') continue;
    uint32_t ord = 0;
    auto [p, ec] = std::from_chars(line.data(), line.data() + line.size(), ord);
    if (ec != std::errc{}) continue;
    std::string_view rest(p, line.data() + line.size() - p);
    while (!rest.empty() && rest[0] == ' ') rest.remove_prefix(1);
    out.push_back({ord, std::string(rest)});
  }
  return out;
}

// "msvcr100.dll" -> "msvcrt.dll", "msvcp60.dll" -> "msvcp140.dll", else nullopt.
std::optional<std::string_view> vc_runtime_family(std::string_view n) {
  auto versioned = [&](std::string_view prefix) {
    if (!n.starts_with(prefix) || !n.ends_with(".dll")) return false;
    std::string_view v = n.substr(prefix.size(), n.size() - prefix.size() - 4);
    if (v.ends_with("d")) v.remove_suffix(1);  // debug build
    return !v.empty() && std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (versioned("msvcrt") || versioned("msvcr")) return "msvcrt.dll";
  if (n != "msvcp140.dll" && versioned("msvcp")) return "msvcp140.dll";
  return std::nullopt;
}

}  // namespace

std::span<const DecoySpec> decoy_specs() { return kSpecs; }

const DecoySpec* find_decoy_spec(std::string_view file_name) {
  for (const auto& s : kSpecs)
    if (s.file_name == file_name) return &s;
  return nullptr;
}

std::span<const DecoyInfo> decoy_catalogue() {
  static const std::vector<DecoyInfo> infos = [] {
    std::vector<DecoyInfo> v;
    for (const auto& s : kSpecs) v.push_back({s.file_name, s.base_x86, s.base_x64});
    return v;
  }();
  return infos;
}

const std::vector<ExportName>* export_list(std::string_view stem) {
  static std::mutex mu;
  static std::map<std::string, std::unique_ptr<std::vector<ExportName>>, std::less<>> cache;
  std::lock_guard lock(mu);
  if (auto it = cache.find(stem); it != cache.end()) return it->second.get();
  for (const auto& l : embedded_export_lists())
    if (stem == l.stem) {
      auto v = std::make_unique<std::vector<ExportName>>(parse_list(l));
      auto* raw = v.get();
      cache.emplace(std::string(stem), std::move(v));
      return raw;
    }
  return nullptr;
}

std::string resolve_dll_name(std::string_view name) {
  std::string n = lower(base_name(name));
  while (!n.empty() && (n.back() == ' ' || n.back() == '.')) n.pop_back();
  if (n.find('.') == std::string::npos) n += ".dll";
  if (n.starts_with("api-ms-win-crt-")) return "ucrtbase.dll";
  if (n.starts_with("api-ms-win-core-crt-")) return "msvcrt.dll";
  if (n.starts_with("api-ms-win-core-")) return "kernelbase.dll";
  if (n.starts_with("api-ms-win-security-") || n.starts_with("api-ms-win-eventing-") ||
      n.starts_with("api-ms-win-service-"))
    return "advapi32.dll";
  if (n.starts_with("api-ms-win-shell-") || n.starts_with("api-ms-win-shcore-")) return "shlwapi.dll";
  // The Visual C++ runtimes before the universal CRT (msvcr70 ... msvcr120,
  // their debug builds, msvcrt20/40) export msvcrt's C functions: the msvcrt
  // decoy serves them; their C++ libraries (msvcp60 ... msvcp120) msvcp140's.
  if (const auto v = vc_runtime_family(n)) return std::string(*v);
  return n;
}

}  // namespace emu::loader
