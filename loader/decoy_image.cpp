#include "loader/decoy_image.h"

#include <algorithm>
#include <array>
#include <functional>
#include <cctype>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <unordered_map>
#include <unordered_set>

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

// Sorts a vector that is already almost sorted (the export lists come in
// name order with a few exceptions) by merging its sorted runs pairwise:
// far fewer comparisons of names than sorting afresh.
template <class T, class Less = std::less<>> void sort_nearly_sorted(std::vector<T>& v, Less less = {}) {
  std::vector<size_t> runs = {0};
  for (size_t i = 1; i < v.size(); ++i)
    if (less(v[i], v[i - 1])) runs.push_back(i);
  runs.push_back(v.size());
  while (runs.size() > 2) {
    std::vector<size_t> merged = {0};
    for (size_t j = 0; j + 1 < runs.size(); j += 2) {
      if (j + 2 < runs.size()) {
        std::inplace_merge(v.begin() + runs[j], v.begin() + runs[j + 1], v.begin() + runs[j + 2], less);
        merged.push_back(runs[j + 2]);
      } else {
        merged.push_back(runs[j + 1]);
      }
    }
    runs = std::move(merged);
  }
}

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

// Runs once per DLL and architecture in a process (the result is cached and
// shared), but every `emulate` process pays for the DLLs it loads, so this
// works on views into the cached export list and allocates as little as it
// can: thousands of names per DLL.
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

  // (ordinal, name) pairs sorted by ordinal, names of one ordinal in list
  // order; the export lists live as long as the process.
  struct Entry {
    uint32_t ordinal;
    std::string_view name;  // empty: ordinal-only
  };
  std::vector<Entry> entries;
  entries.reserve(list->size() + 64);
  for (const auto& e : *list)
    if (e.ordinal > 0 && e.ordinal <= 0xFFFF) entries.push_back({e.ordinal, e.name});
  // Stable: the names of one ordinal keep their list order.
  sort_nearly_sorted(entries, [](const Entry& a, const Entry& b) { return a.ordinal < b.ordinal; });
  // 32-bit-only names (data/<stem>_x86.exports) follow the main list.
  if (arch == Arch::X86)
    if (const auto* extra = export_list(stem + "_x86")) {
      // The extra list is short: look the main names up in it, not the other way round.
      std::unordered_set<std::string_view> fresh;
      for (const auto& e : *extra)
        if (!e.name.empty()) fresh.insert(e.name);
      for (const auto& e : entries)
        if (!fresh.empty()) fresh.erase(e.name);
      uint32_t next = entries.empty() ? 1 : entries.back().ordinal + 1;
      for (const auto& e : *extra)
        if (next <= 0xFFFF && fresh.erase(e.name)) entries.push_back({next++, e.name});
    }
  // System call numbers for ntdll's Nt*/Zw* stubs: position in the sorted Nt list.
  std::vector<std::string_view> nt;
  if (stem == "ntdll") {
    for (const auto& e : entries) {
      const std::string_view n = e.name;
      if (n.size() > 2 && (n.starts_with("Nt") || n.starts_with("Zw")) && std::isupper(static_cast<unsigned char>(n[2])))
        nt.push_back(n.substr(2));
    }
    sort_nearly_sorted(nt);
    nt.erase(std::unique(nt.begin(), nt.end()), nt.end());
  }

  // One slot per ordinal; it is data when one of its names is a known data export.
  struct Slot {
    uint32_t ordinal;
    size_t first, count;  // its names: entries[first, first + count)
    const DataExportSpec* data = nullptr;
    uint32_t rva = 0;
  };
  std::vector<Slot> slots;
  slots.reserve(entries.size());
  uint32_t nstubs = 0, data_bytes = 0;
  size_t nnamed = 0;
  for (size_t i = 0; i < entries.size();) {
    Slot sl{entries[i].ordinal, i, 0};
    for (; i < entries.size() && entries[i].ordinal == sl.ordinal; ++i) {
      if (entries[i].name.empty()) continue;
      ++sl.count;
      ++nnamed;
      if (auto* d = find_data_export(entries[i].name)) sl.data = d;
    }
    // Names first: an ordinal-only entry beside names adds nothing.
    std::stable_partition(entries.begin() + sl.first, entries.begin() + i, [](const Entry& e) { return !e.name.empty(); });
    if (sl.data) data_bytes += align_up(sl.data->size, 16);
    else ++nstubs;
    slots.push_back(sl);
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
  std::vector<std::pair<std::string_view, uint32_t>> named;  // name, ordinal
  named.reserve(nnamed);
  for (const auto& sl : slots)
    for (size_t k = sl.first; k < sl.first + sl.count; ++k) named.emplace_back(entries[k].name, sl.ordinal);
  sort_nearly_sorted(named);
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
  t->exports.reserve(entries.size());
  t->stub_names.reserve(nstubs);
  t->min_ordinal = min_ord;
  t->rva_by_ordinal.assign(nfuncs, 0);
  uint32_t stub = 0, data_off = t->data_rva;
  for (auto& sl : slots) {
    if (sl.data) {
      sl.rva = data_off;
      t->data_slots.push_back({data_off, sl.data});
      data_off += align_up(sl.data->size, 16);
    } else {
      sl.rva = t->text_rva + stub * kStubSize;
      const std::string_view first = sl.count ? entries[sl.first].name : std::string_view{};
      bool sys = false;
      uint32_t num = 0;
      if (!nt.empty() && first.size() > 2 && (first.starts_with("Nt") || first.starts_with("Zw"))) {
        auto it = std::lower_bound(nt.begin(), nt.end(), first.substr(2));
        if (it != nt.end() && *it == first.substr(2)) { sys = true; num = static_cast<uint32_t>(it - nt.begin()); }
      }
      write_stub(b, sl.rva, arch, sys, num);
      t->stub_names.emplace_back(first, sl.ordinal);
      ++stub;
    }
    for (size_t k = sl.first; k < sl.first + sl.count; ++k)
      t->exports.push_back({entries[k].name, sl.ordinal, sl.rva, sl.data != nullptr});
    if (!sl.count) t->exports.push_back({"", sl.ordinal, sl.rva, sl.data != nullptr});
    t->rva_by_ordinal[sl.ordinal - min_ord] = sl.rva;
  }
  t->entry_rva = t->text_rva + stub * kStubSize;
  write_stub(b, t->entry_rva, arch, false, 0);
  t->stub_names.emplace_back(spec.kernel ? "DriverEntry" : "DllMain", 0);
  t->trap_cache = std::make_unique<std::atomic<const TrapTarget*>[]>(t->stub_names.size());
  // Name lookups: the sorted, de-duplicated name list, with addresses.
  t->rva_by_name.reserve(named.size());
  for (auto& [n, o] : named) t->rva_by_name.emplace_back(n, t->rva_by_ordinal[o - min_ord]);

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
    std::memcpy(&b[sp], named[i].first.data(), named[i].first.size());  // NUL: the image is zeroed
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
  // Asked for every export name of every decoy built: a hash lookup behind
  // a (first character, length) filter that turns nearly all names away.
  struct Index {
    std::unordered_map<std::string_view, const DataExportSpec*> by_name;
    std::array<uint64_t, 256> lengths{};  // bit n: some data export of length n starts with this character
  };
  static const Index* const index = [] {
    auto* x = new Index;
    for (const auto& d : kDataExports) {
      x->by_name.emplace(d.name, &d);
      x->lengths[static_cast<unsigned char>(d.name[0])] |= uint64_t{1} << std::min<size_t>(d.name.size(), 63);
    }
    return x;
  }();
  if (name.empty() ||
      !(index->lengths[static_cast<unsigned char>(name[0])] & (uint64_t{1} << std::min<size_t>(name.size(), 63))))
    return nullptr;
  const auto& by_name = index->by_name;
  auto it = by_name.find(name);
  return it == by_name.end() ? nullptr : it->second;
}

DecoyTemplate::~DecoyTemplate() {
  if (trap_cache)
    for (size_t i = 0; i < stub_names.size(); ++i) delete trap_cache[i].load();
}

const TrapTarget* DecoyTemplate::trap(size_t index) const {
  if (index >= stub_names.size()) return nullptr;
  if (const TrapTarget* t = trap_cache[index].load(std::memory_order_acquire)) return t;
  const auto& [name, ordinal] = stub_names[index];
  auto* made = new TrapTarget{stem, name.empty() ? "ordinal_" + std::to_string(ordinal) : std::string(name), ordinal};
  const TrapTarget* expected = nullptr;
  if (trap_cache[index].compare_exchange_strong(expected, made, std::memory_order_acq_rel)) return made;
  delete made;  // another thread made it first
  return expected;
}

uint32_t DecoyTemplate::rva_of(std::string_view name) const {
  auto it = std::lower_bound(rva_by_name.begin(), rva_by_name.end(), name,
                             [](const auto& e, std::string_view n) { return e.first < n; });
  return it != rva_by_name.end() && it->first == name ? it->second : 0;
}

uint32_t DecoyTemplate::rva_of(uint32_t ordinal) const {
  if (ordinal < min_ordinal || ordinal - min_ordinal >= rva_by_ordinal.size()) return 0;
  return rva_by_ordinal[ordinal - min_ordinal];
}

const DecoyTemplate* decoy_template(std::string_view file_name, Arch arch) {
  // Built on first use, then shared read-only by every process (and every
  // thread of `emulate --jobs`). Never destroyed: templates live until the
  // process exits, and freeing thousands of names at exit is wasted time.
  static std::mutex mu;
  static auto* const cache = new std::map<std::pair<std::string, int>, std::unique_ptr<DecoyTemplate>>;
  const DecoySpec* spec = find_decoy_spec(file_name);
  if (!spec) return nullptr;
  std::lock_guard lock(mu);
  auto key = std::make_pair(std::string(file_name), static_cast<int>(arch));
  auto it = cache->find(key);
  if (it == cache->end()) it = cache->emplace(key, build_template(*spec, arch)).first;
  return it->second.get();
}

}  // namespace emu::loader
