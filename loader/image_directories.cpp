#include "loader/image_directories.h"

#include <unordered_map>
#include <unordered_set>

namespace emu::loader {

std::vector<Export> read_exports(const ImageView& img, const DataDirectory& dir,
                                 std::vector<std::string>& notes) {
  std::vector<Export> out;
  if (!dir.rva || !img.contains(dir.rva, 40)) {
    if (dir.rva) notes.push_back("export directory outside image");
    return out;
  }
  const uint64_t d = dir.rva;
  const uint32_t ord_base = *img.get<uint32_t>(d + 16);
  uint32_t nfuncs = *img.get<uint32_t>(d + 20);
  uint32_t nnames = *img.get<uint32_t>(d + 24);
  const uint32_t funcs = *img.get<uint32_t>(d + 28);
  const uint32_t names = *img.get<uint32_t>(d + 32);
  const uint32_t ords = *img.get<uint32_t>(d + 36);
  if (nfuncs > kMaxExports || !img.contains(funcs, 4ull * nfuncs)) {
    notes.push_back("export address table too large or outside image; truncated");
    nfuncs = std::min<uint64_t>(kMaxExports, funcs < img.size() ? (img.size() - funcs) / 4 : 0);
  }
  if (nnames > kMaxExports || !img.contains(names, 4ull * nnames) || !img.contains(ords, 2ull * nnames)) {
    notes.push_back("export name table too large or outside image; truncated");
    uint64_t n = std::min<uint64_t>(kMaxExports, names < img.size() ? (img.size() - names) / 4 : 0);
    n = std::min<uint64_t>(n, ords < img.size() ? (img.size() - ords) / 2 : 0);
    nnames = static_cast<uint32_t>(std::min<uint64_t>(n, nnames));
  }
  std::unordered_multimap<uint32_t, std::string> names_of;
  names_of.reserve(nnames);
  for (uint32_t i = 0; i < nnames; ++i) {
    const uint16_t idx = *img.get<uint16_t>(ords + 2ull * i);
    auto name = img.cstring(*img.get<uint32_t>(names + 4ull * i));
    if (!name || name->empty()) continue;
    names_of.emplace(idx, std::move(*name));
  }
  const uint64_t dir_end = uint64_t{dir.rva} + dir.size;
  out.reserve(nfuncs);
  for (uint32_t i = 0; i < nfuncs; ++i) {
    const uint32_t rva = *img.get<uint32_t>(funcs + 4ull * i);
    if (!rva) continue;
    Export e;
    e.ordinal = ord_base + i;
    if (rva >= dir.rva && rva < dir_end) {
      e.forwarder = img.cstring(rva, 256).value_or("");
      if (e.forwarder.empty()) continue;
    } else {
      e.address = img.base() + rva;
    }
    auto [b, en] = names_of.equal_range(i);
    if (b == en) {
      out.push_back(std::move(e));
      continue;
    }
    for (auto it = b; it != en; ++it) {
      Export named = e;
      named.name = it->second;
      out.push_back(std::move(named));
    }
  }
  return out;
}

namespace {

// Reads one thunk array (OFT or FT). Stops at a zero entry, at the end of
// the image or at the global import budget.
void read_thunks(const ImageView& img, bool pe64, uint64_t lookup_rva, uint64_t iat_rva,
                 uint64_t& budget, uint32_t max_imports, ImportDescriptor& d, std::vector<std::string>& notes,
                 uint64_t va_bias) {
  const unsigned ps = pe64 ? 8 : 4;
  const uint64_t ord_flag = pe64 ? (1ull << 63) : (1ull << 31);
  bool bad_name_noted = false;
  for (uint64_t i = 0;; ++i) {
    auto v = img.ptr(lookup_rva + i * ps, pe64);
    if (!v) {
      notes.push_back("import thunks of " + d.dll + " run past the image");
      return;
    }
    if (*v == 0) return;
    if (++budget > max_imports) fail("import count too large");
    ImportThunk t;
    t.iat_rva = iat_rva + i * ps;
    if (*v & ord_flag) {
      t.ordinal = static_cast<uint32_t>(*v & 0xFFFF);
    } else {
      uint64_t name_rva = (*v & 0x7FFFFFFF) - va_bias;
      if (!pe64) name_rva &= 0xFFFFFFFF;
      auto name = img.cstring(name_rva + 2, 512);
      if (!name) {
        if (!bad_name_noted) notes.push_back("import name of " + d.dll + " outside image");
        bad_name_noted = true;
        t.name = "invalid_import_" + std::to_string(i);
      } else {
        t.name = std::move(*name);
      }
    }
    d.thunks.push_back(std::move(t));
  }
}

}  // namespace

std::vector<ImportDescriptor> read_imports(const ImageView& img, const PeHeaders& h,
                                           uint32_t max_imports, std::vector<std::string>& notes) {
  std::vector<ImportDescriptor> out;
  const DataDirectory dir = h.dirs[kDirImport];
  if (!dir.rva) return out;
  const bool pe64 = h.arch == Arch::X64;
  uint64_t budget = 0;
  unsigned repeats = 0;
  std::unordered_set<uint64_t> seen_iat;
  for (uint32_t i = 0;; ++i) {
    const uint64_t d = uint64_t{dir.rva} + 20ull * i;
    if (!img.contains(d, 20)) {
      if (i == 0) notes.push_back("import directory outside image");
      else notes.push_back("import directory runs past the image");
      break;
    }
    if (i >= kMaxImportDescriptors) fail("too many import descriptors");
    const uint32_t oft = *img.get<uint32_t>(d);
    const uint32_t name = *img.get<uint32_t>(d + 12);
    const uint32_t ft = *img.get<uint32_t>(d + 16);
    // ntdll stops at the first descriptor without a name or an IAT.
    if (!name || !ft) break;
    // Two descriptors writing the same IAT would bind it twice; a table
    // built that way is a loop, not an import list.
    if (!seen_iat.insert(ft).second) {
      if (++repeats > 64) fail("import descriptor loop");
      notes.push_back("import descriptor repeats an earlier IAT; skipped");
      continue;
    }
    ImportDescriptor desc;
    desc.dll = img.cstring(name, 256).value_or("");
    if (desc.dll.empty()) {
      notes.push_back("import descriptor with unreadable DLL name skipped");
      continue;
    }
    // OriginalFirstThunk when it is usable, else the IAT itself (Borland,
    // UPX, ASPack and friends leave OFT at zero).
    const uint64_t lookup = (oft && img.contains(oft, pe64 ? 8 : 4)) ? oft : ft;
    read_thunks(img, pe64, lookup, ft, budget, max_imports, desc, notes, 0);
    out.push_back(std::move(desc));
  }
  return out;
}

std::vector<ImportDescriptor> read_delay_imports(const ImageView& img, const PeHeaders& h,
                                                 uint32_t max_imports, std::vector<std::string>& notes) {
  std::vector<ImportDescriptor> out;
  const DataDirectory dir = h.dirs[kDirDelayImport];
  if (!dir.rva) return out;
  const bool pe64 = h.arch == Arch::X64;
  uint64_t budget = 0;
  std::unordered_set<uint64_t> seen_iat;
  for (uint32_t i = 0;; ++i) {
    const uint64_t d = uint64_t{dir.rva} + 32ull * i;
    if (!img.contains(d, 32)) {
      notes.push_back("delay import directory outside image");
      break;
    }
    if (i >= kMaxImportDescriptors) fail("too many delay import descriptors");
    const uint32_t attrs = *img.get<uint32_t>(d);
    uint64_t name = *img.get<uint32_t>(d + 4);
    uint64_t hmod = *img.get<uint32_t>(d + 8);
    uint64_t iat = *img.get<uint32_t>(d + 12);
    uint64_t int_ = *img.get<uint32_t>(d + 16);
    if (!name || !iat) break;
    // Visual C++ 6 wrote virtual addresses (Attributes bit 0 clear).
    const uint64_t bias = (attrs & 1) ? 0 : (h.image_base & 0xFFFFFFFF);
    auto unbias = [&](uint64_t v) { return v ? ((v - bias) & 0xFFFFFFFF) : 0; };
    name = unbias(name);
    hmod = unbias(hmod);
    iat = unbias(iat);
    int_ = unbias(int_);
    if (!seen_iat.insert(iat).second) fail("delay import descriptor loop");
    ImportDescriptor desc;
    desc.delay = true;
    desc.dll = img.cstring(name, 256).value_or("");
    if (desc.dll.empty()) {
      notes.push_back("delay import descriptor with unreadable DLL name skipped");
      continue;
    }
    desc.module_handle_rva = hmod;
    const uint64_t lookup = (int_ && img.contains(int_, pe64 ? 8 : 4)) ? int_ : iat;
    read_thunks(img, pe64, lookup, iat, budget, max_imports, desc, notes, bias);
    out.push_back(std::move(desc));
  }
  return out;
}

TlsInfo read_tls(const cpu::Memory& memory, const ImageView& img, const PeHeaders& h,
                 std::vector<std::string>& notes) {
  TlsInfo t;
  const DataDirectory dir = h.dirs[kDirTls];
  if (!dir.rva) return t;
  const bool pe64 = h.arch == Arch::X64;
  const unsigned ps = pe64 ? 8 : 4;
  if (!img.contains(dir.rva, ps * 4 + 8)) {
    notes.push_back("TLS directory outside image");
    return t;
  }
  t.present = true;
  t.start = *img.ptr(dir.rva, pe64);
  t.end = *img.ptr(dir.rva + ps, pe64);
  t.index_address = *img.ptr(dir.rva + 2 * ps, pe64);
  t.callbacks_address = *img.ptr(dir.rva + 3 * ps, pe64);
  t.zero_fill = *img.get<uint32_t>(dir.rva + 4 * ps);
  if (!t.callbacks_address) return t;
  // The callback array is read from memory (it may live outside the image,
  // in practice it does not); a pointer that is not mapped is reported.
  for (unsigned i = 0; i < 256; ++i) {
    const uint64_t slot = t.callbacks_address + uint64_t{i} * ps;
    uint64_t cb = 0;
    if (pe64) {
      auto v = memory.read_as<uint64_t>(slot);
      if (!v) { notes.push_back("TLS callback array unreadable at " + hex(slot)); break; }
      cb = *v;
    } else {
      auto v = memory.read_as<uint32_t>(slot);
      if (!v) { notes.push_back("TLS callback array unreadable at " + hex(slot)); break; }
      cb = *v;
    }
    if (!cb) break;
    if (!memory.is_mapped(cb)) {
      notes.push_back("TLS callback " + std::to_string(i) + " points at unmapped memory: " + hex(cb));
      continue;
    }
    t.callbacks.push_back(cb);
  }
  return t;
}

}  // namespace emu::loader
