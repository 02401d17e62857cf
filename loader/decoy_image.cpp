#include "loader/decoy_image.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <set>

#include "loader/export_lists.h"
#include "loader/util.h"

namespace emu::loader {

namespace {

// Data exports with real storage. Everything else a decoy exports is code
// (a trap stub). Sizes are the bytes reserved in the decoy's .data section.
const DataExportSpec kDataExports[] = {
    // C runtime (msvcrt.dll, ucrtbase.dll and friends)
    {"_acmdln", DataKind::AnsiCmdline, 8, 0},
    {"_wcmdln", DataKind::WideCmdline, 8, 0},
    {"__argc", DataKind::Argc, 4, 0},
    {"__argv", DataKind::AnsiArgv, 8, 0},
    {"__wargv", DataKind::WideArgv, 8, 0},
    {"_environ", DataKind::AnsiEnviron, 8, 0},
    {"__initenv", DataKind::AnsiEnviron, 8, 0},
    {"_wenviron", DataKind::WideEnviron, 8, 0},
    {"__winitenv", DataKind::WideEnviron, 8, 0},
    {"_iob", DataKind::Iob, 20 * 48, 0},
    {"_commode", DataKind::Zero, 4, 0},
    {"_fmode", DataKind::Zero, 4, 0},
    {"__mb_cur_max", DataKind::U32, 4, 1},
    {"_ctype", DataKind::CtypeTable, 257 * 2, 0},
    {"_pctype", DataKind::CtypePtr, 8, 0},
    {"_pwctype", DataKind::CtypePtr, 8, 0},
    {"_osver", DataKind::Osver, 4, 0},
    {"_winver", DataKind::Winver, 4, 0},
    {"_winmajor", DataKind::Winmajor, 4, 0},
    {"_winminor", DataKind::Winminor, 4, 0},
    {"_timezone", DataKind::Zero, 4, 0},
    {"_daylight", DataKind::Zero, 4, 0},
    {"_dstbias", DataKind::Zero, 4, 0},
    {"_adjust_fdiv", DataKind::Zero, 4, 0},
    {"__lc_codepage", DataKind::Zero, 4, 0},
    {"_sys_nerr", DataKind::U32, 4, 43},
    // ntdll.dll
    {"NlsAnsiCodePage", DataKind::U16, 4, 1252},
    {"NlsMbCodePageTag", DataKind::U8, 4, 0},
    {"NlsMbOemCodePageTag", DataKind::U8, 4, 0},
    // ntoskrnl.exe
    {"KeTickCount", DataKind::KSystemTime, 16, 0},
    {"KdDebuggerEnabled", DataKind::U8, 4, 0},
    {"KdDebuggerNotPresent", DataKind::U8, 4, 1},
    {"InitSafeBootMode", DataKind::U32, 4, 0},
    {"NtBuildNumber", DataKind::U32, 4, 0xF0001DB1},  // free build 7601
    {"KeNumberProcessors", DataKind::U8, 4, 1},
    {"MmHighestUserAddress", DataKind::Pointer, 8, 0},
    {"MmSystemRangeStart", DataKind::Pointer, 8, 0},
    {"MmUserProbeAddress", DataKind::Pointer, 8, 0},
    {"PsInitialSystemProcess", DataKind::ZeroBlockPtr, 8, 0x800},
    {"SeExports", DataKind::ZeroBlockPtr, 8, 0x200},
    {"IoFileObjectType", DataKind::ZeroBlockPtr, 8, 0x100},
    {"IoDriverObjectType", DataKind::ZeroBlockPtr, 8, 0x100},
    {"IoDeviceObjectType", DataKind::ZeroBlockPtr, 8, 0x100},
    {"IoAdapterObjectType", DataKind::ZeroBlockPtr, 8, 0x100},
    {"PsProcessType", DataKind::ZeroBlockPtr, 8, 0x100},
    {"PsThreadType", DataKind::ZeroBlockPtr, 8, 0x100},
    {"PsJobType", DataKind::ZeroBlockPtr, 8, 0x100},
    {"ExEventObjectType", DataKind::ZeroBlockPtr, 8, 0x100},
    {"ExSemaphoreObjectType", DataKind::ZeroBlockPtr, 8, 0x100},
    {"ExDesktopObjectType", DataKind::ZeroBlockPtr, 8, 0x100},
    {"ExWindowStationObjectType", DataKind::ZeroBlockPtr, 8, 0x100},
    {"MmSectionObjectType", DataKind::ZeroBlockPtr, 8, 0x100},
    {"CmKeyObjectType", DataKind::ZeroBlockPtr, 8, 0x100},
    {"SeTokenObjectType", DataKind::ZeroBlockPtr, 8, 0x100},
    {"LpcPortObjectType", DataKind::ZeroBlockPtr, 8, 0x100},
    {"TmTransactionObjectType", DataKind::ZeroBlockPtr, 8, 0x100},
    {"KeServiceDescriptorTable", DataKind::ServiceTable, 64, 0},
    {"HalDispatchTable", DataKind::Zero, 0x100, 0},
    {"HalPrivateDispatchTable", DataKind::Zero, 0x200, 0},
    {"PsLoadedModuleList", DataKind::Zero, 16, 0},
    {"KiBugCheckData", DataKind::Zero, 0x28, 0},
};

uint32_t align_up(uint32_t v, uint32_t a) { return (v + a - 1) / a * a; }

void put16(std::vector<uint8_t>& b, size_t off, uint16_t v) { std::memcpy(&b[off], &v, 2); }
void put32(std::vector<uint8_t>& b, size_t off, uint32_t v) { std::memcpy(&b[off], &v, 4); }
void put64(std::vector<uint8_t>& b, size_t off, uint64_t v) { std::memcpy(&b[off], &v, 8); }

const uint8_t kDosStub[] = {0x0E, 0x1F, 0xBA, 0x0E, 0x00, 0xB4, 0x09, 0xCD, 0x21, 0xB8, 0x01, 0x4C, 0xCD, 0x21};
const char kDosText[] = "This program cannot be run in DOS mode.\r\r\n$";

// Stub bytes: a plausible function body for readers (hook checks, syscall
// number scrapers). Execution never gets there: the address traps first.
void write_stub(std::vector<uint8_t>& b, size_t off, Arch arch, bool syscall, uint32_t ssn) {
  std::memset(&b[off], 0xCC, kStubSize);
  if (arch == Arch::X64) {
    if (syscall) {  // mov r10, rcx; mov eax, ssn; syscall; ret
      const uint8_t s[] = {0x4C, 0x8B, 0xD1, 0xB8};
      std::memcpy(&b[off], s, 4);
      put32(b, off + 4, ssn);
      b[off + 8] = 0x0F; b[off + 9] = 0x05; b[off + 10] = 0xC3;
    } else {  // sub rsp, 28h; add rsp, 28h; ret
      const uint8_t s[] = {0x48, 0x83, 0xEC, 0x28, 0x48, 0x83, 0xC4, 0x28, 0xC3};
      std::memcpy(&b[off], s, sizeof s);
    }
  } else {
    if (syscall) {  // mov eax, ssn; mov edx, 7FFE0300h; call [edx]; ret
      b[off] = 0xB8;
      put32(b, off + 1, ssn);
      const uint8_t s[] = {0xBA, 0x00, 0x03, 0xFE, 0x7F, 0xFF, 0x12, 0xC3};
      std::memcpy(&b[off + 5], s, sizeof s);
    } else {  // mov edi, edi; push ebp; mov ebp, esp; pop ebp; ret
      const uint8_t s[] = {0x8B, 0xFF, 0x55, 0x8B, 0xEC, 0x5D, 0xC3};
      std::memcpy(&b[off], s, sizeof s);
    }
  }
}

std::unique_ptr<DecoyTemplate> build_template(const DecoySpec& spec, Arch arch) {
  const std::string stem(strip_extension(spec.file_name));
  const std::vector<ExportName>* list = export_list(stem);
  if (!list) return nullptr;
  auto t = std::make_unique<DecoyTemplate>();
  t->file_name = std::string(spec.file_name);
  t->stem = stem;
  t->arch = arch;
  t->kernel = spec.kernel;
  t->preferred_base = arch == Arch::X86 ? spec.base_x86 : spec.base_x64;
  const bool pe64 = arch == Arch::X64;

  // Group names by ordinal.
  std::map<uint32_t, std::vector<std::string>> by_ord;
  std::set<std::string> known;
  for (const auto& e : *list)
    if (e.ordinal > 0 && e.ordinal <= 0xFFFF) {
      auto& v = by_ord[e.ordinal];
      if (!e.name.empty()) v.push_back(e.name);
      known.insert(e.name);
    }
  // 32-bit-only names (data/<stem>_x86.exports) follow the main list.
  if (arch == Arch::X86)
    if (const auto* extra = export_list(stem + "_x86")) {
      uint32_t next = by_ord.empty() ? 1 : by_ord.rbegin()->first + 1;
      for (const auto& e : *extra)
        if (!e.name.empty() && next <= 0xFFFF && known.insert(e.name).second) by_ord[next++].push_back(e.name);
    }
  // System call numbers for ntdll's Nt*/Zw* stubs: position in the sorted Nt list.
  std::map<std::string, uint32_t> ssn;
  if (stem == "ntdll") {
    std::set<std::string> nt;
    for (auto& [o, names] : by_ord)
      for (auto& n : names)
        if (n.size() > 2 && (n.starts_with("Nt") || n.starts_with("Zw")) && std::isupper(static_cast<unsigned char>(n[2])))
          nt.insert(n.substr(2));
    uint32_t i = 0;
    for (auto& n : nt) ssn[n] = i++;
  }

  // Classify: an ordinal is data when one of its names is a known data export.
  struct Slot {
    uint32_t ordinal;
    const std::vector<std::string>* names;
    const DataExportSpec* data = nullptr;
    uint32_t rva = 0;
  };
  std::vector<Slot> slots;
  uint32_t nstubs = 0, data_bytes = 0;
  for (auto& [o, names] : by_ord) {
    Slot s{o, &names};
    for (auto& n : names)
      if (auto* d = find_data_export(n)) s.data = d;
    if (s.data) data_bytes += align_up(s.data->size, 16);
    else ++nstubs;
    slots.push_back(s);
  }
  ++nstubs;  // the entry point stub (DllMain / DriverEntry stand-in)

  // Layout: headers | .text (stubs) | .rdata (exports) | .data
  t->headers_size = 0x1000;
  t->text_rva = 0x1000;
  t->text_size = nstubs * kStubSize;
  t->rdata_rva = align_up(t->text_rva + t->text_size, 0x1000);
  const uint32_t min_ord = slots.empty() ? 1 : slots.front().ordinal;
  const uint32_t max_ord = slots.empty() ? 1 : slots.back().ordinal;
  const uint32_t nfuncs = slots.empty() ? 0 : max_ord - min_ord + 1;
  std::vector<std::pair<std::string, uint32_t>> named;  // name, ordinal
  for (auto& s : slots)
    for (auto& n : *s.names) named.emplace_back(n, s.ordinal);
  std::sort(named.begin(), named.end());
  named.erase(std::unique(named.begin(), named.end(), [](auto& a, auto& b) { return a.first == b.first; }),
              named.end());
  uint32_t strings = static_cast<uint32_t>(t->file_name.size() + 1);
  for (auto& [n, o] : named) strings += static_cast<uint32_t>(n.size() + 1);
  const uint32_t dir = t->rdata_rva;
  const uint32_t funcs = dir + 40;
  const uint32_t names = funcs + 4 * nfuncs;
  const uint32_t ords = names + 4 * static_cast<uint32_t>(named.size());
  const uint32_t str = align_up(ords + 2 * static_cast<uint32_t>(named.size()), 4);
  t->rdata_size = str + strings - dir;
  t->data_rva = align_up(dir + t->rdata_size, 0x1000);
  t->data_size = std::max<uint32_t>(data_bytes, 16);
  const uint32_t size_of_image = align_up(t->data_rva + t->data_size, 0x1000);
  auto& b = t->image;
  b.assign(size_of_image, 0);

  // Stubs and data slots.
  uint32_t stub = 0, data_off = t->data_rva;
  for (auto& s : slots) {
    if (s.data) {
      s.rva = data_off;
      t->data_slots.push_back({data_off, s.data});
      data_off += align_up(s.data->size, 16);
    } else {
      s.rva = t->text_rva + stub * kStubSize;
      const std::string* first = s.names->empty() ? nullptr : &s.names->front();
      bool sys = false;
      uint32_t num = 0;
      if (first && !ssn.empty() && first->size() > 2 && (first->starts_with("Nt") || first->starts_with("Zw"))) {
        auto it = ssn.find(first->substr(2));
        if (it != ssn.end()) { sys = true; num = it->second; }
      }
      write_stub(b, s.rva, arch, sys, num);
      t->traps.push_back({stem, first ? *first : "ordinal_" + std::to_string(s.ordinal), s.ordinal});
      ++stub;
    }
    for (auto& n : *s.names) t->exports.push_back({n, s.ordinal, s.rva, s.data != nullptr});
    if (s.names->empty()) t->exports.push_back({"", s.ordinal, s.rva, s.data != nullptr});
    t->rva_by_ordinal[s.ordinal] = s.rva;
    for (auto& n : *s.names) t->rva_by_name.emplace(n, s.rva);
  }
  t->entry_rva = t->text_rva + stub * kStubSize;
  write_stub(b, t->entry_rva, arch, false, 0);
  t->traps.push_back({stem, spec.kernel ? "DriverEntry" : "DllMain", 0});

  // Export directory.
  put32(b, dir + 4, 0x4CE7B8EF);  // TimeDateStamp: 2010-11-20, Windows 7 SP1
  put32(b, dir + 12, str);
  put32(b, dir + 16, min_ord);
  put32(b, dir + 20, nfuncs);
  put32(b, dir + 24, static_cast<uint32_t>(named.size()));
  put32(b, dir + 28, funcs);
  put32(b, dir + 32, names);
  put32(b, dir + 36, ords);
  for (auto& s : slots) put32(b, funcs + 4 * (s.ordinal - min_ord), s.rva);
  uint32_t sp = str;
  std::memcpy(&b[sp], t->file_name.c_str(), t->file_name.size() + 1);
  sp += static_cast<uint32_t>(t->file_name.size() + 1);
  for (size_t i = 0; i < named.size(); ++i) {
    put32(b, names + 4 * static_cast<uint32_t>(i), sp);
    put16(b, ords + 2 * static_cast<uint32_t>(i), static_cast<uint16_t>(named[i].second - min_ord));
    std::memcpy(&b[sp], named[i].first.c_str(), named[i].first.size() + 1);
    sp += static_cast<uint32_t>(named[i].first.size() + 1);
  }

  // Headers.
  b[0] = 'M'; b[1] = 'Z';
  put16(b, 0x02, 0x90); put16(b, 0x04, 3); put16(b, 0x08, 4); put16(b, 0x0C, 0xFFFF);
  put16(b, 0x10, 0xB8); put16(b, 0x18, 0x40);
  put32(b, 0x3C, 0x80);
  std::memcpy(&b[0x40], kDosStub, sizeof kDosStub);
  std::memcpy(&b[0x40 + sizeof kDosStub], kDosText, sizeof kDosText - 1);
  const uint32_t pe = 0x80;
  put32(b, pe, 0x00004550);
  const uint32_t fh = pe + 4;
  put16(b, fh, pe64 ? 0x8664 : 0x014C);
  put16(b, fh + 2, 3);
  put32(b, fh + 4, 0x4CE7B8EF);
  const uint16_t opt_size = pe64 ? 0xF0 : 0xE0;
  put16(b, fh + 16, opt_size);
  put16(b, fh + 18, pe64 ? 0x2022 : 0x2102);  // DLL | EXECUTABLE | (32BIT_MACHINE or LARGE_ADDRESS_AWARE)
  const uint32_t opt = fh + 20;
  put16(b, opt, pe64 ? 0x20B : 0x10B);
  b[opt + 2] = 9;
  put32(b, opt + 4, align_up(t->text_size, 0x200));
  put32(b, opt + 8, align_up(t->rdata_size, 0x200) + align_up(t->data_size, 0x200));
  put32(b, opt + 16, t->entry_rva);
  put32(b, opt + 20, t->text_rva);
  if (pe64) {
    put64(b, opt + 24, t->preferred_base);
    t->image_base_offset = opt + 24;
  } else {
    put32(b, opt + 24, t->rdata_rva);
    put32(b, opt + 28, static_cast<uint32_t>(t->preferred_base));
    t->image_base_offset = opt + 28;
  }
  put32(b, opt + 32, 0x1000);
  put32(b, opt + 36, 0x200);
  put16(b, opt + 40, 6); put16(b, opt + 42, 1);  // OS version
  put16(b, opt + 44, 6); put16(b, opt + 46, 1);  // image version
  put16(b, opt + 48, 6); put16(b, opt + 50, 1);  // subsystem version
  put32(b, opt + 56, size_of_image);
  put32(b, opt + 60, 0x400);
  put16(b, opt + 68, spec.kernel ? 1 : 3);
  put16(b, opt + 70, 0x0140);  // DYNAMIC_BASE | NX_COMPAT
  const uint32_t dd = opt + (pe64 ? 112 : 96);
  if (pe64) {
    put64(b, opt + 72, 0x40000); put64(b, opt + 80, 0x1000);
    put64(b, opt + 88, 0x100000); put64(b, opt + 96, 0x1000);
    put32(b, opt + 108, 16);
  } else {
    put32(b, opt + 72, 0x40000); put32(b, opt + 76, 0x1000);
    put32(b, opt + 80, 0x100000); put32(b, opt + 84, 0x1000);
    put32(b, opt + 92, 16);
  }
  put32(b, dd, dir);
  put32(b, dd + 4, t->rdata_size);
  const uint32_t sh = opt + opt_size;
  struct Sec { const char* name; uint32_t rva, size, ch; };
  const Sec secs[3] = {
      {".text", t->text_rva, t->text_size, 0x60000020},
      {".rdata", t->rdata_rva, t->rdata_size, 0x40000040},
      {".data", t->data_rva, t->data_size, 0xC0000040},
  };
  // Raw offsets equal RVAs: the mapped image is also a valid PE file, so a
  // dump of a decoy parses like the DLL it stands for.
  for (int i = 0; i < 3; ++i) {
    const uint32_t s = sh + 40 * i;
    std::memcpy(&b[s], secs[i].name, std::strlen(secs[i].name));
    put32(b, s + 8, secs[i].size);
    put32(b, s + 12, secs[i].rva);
    put32(b, s + 16, align_up(secs[i].size, 0x200));
    put32(b, s + 20, secs[i].rva);
    put32(b, s + 36, secs[i].ch);
  }
  return t;
}

}  // namespace

const DataExportSpec* find_data_export(std::string_view name) {
  for (const auto& d : kDataExports)
    if (d.name == name) return &d;
  return nullptr;
}

const DecoyTemplate* decoy_template(std::string_view file_name, Arch arch) {
  static std::mutex mu;
  static std::map<std::pair<std::string, int>, std::unique_ptr<DecoyTemplate>> cache;
  const DecoySpec* spec = find_decoy_spec(file_name);
  if (!spec) return nullptr;
  std::lock_guard lock(mu);
  auto key = std::make_pair(std::string(file_name), static_cast<int>(arch));
  auto it = cache.find(key);
  if (it == cache.end()) it = cache.emplace(key, build_template(*spec, arch)).first;
  return it->second.get();
}

}  // namespace emu::loader
