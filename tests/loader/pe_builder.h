// Builds small PE files byte by byte for the loader tests: the test decides
// every header field, so hostile variants are one assignment away.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace test_pe {

inline void put16(std::vector<uint8_t>& b, size_t o, uint16_t v) {
  if (b.size() < o + 2) b.resize(o + 2);
  std::memcpy(&b[o], &v, 2);
}
inline void put32(std::vector<uint8_t>& b, size_t o, uint32_t v) {
  if (b.size() < o + 4) b.resize(o + 4);
  std::memcpy(&b[o], &v, 4);
}
inline void put64(std::vector<uint8_t>& b, size_t o, uint64_t v) {
  if (b.size() < o + 8) b.resize(o + 8);
  std::memcpy(&b[o], &v, 8);
}
inline uint32_t get32(const std::vector<uint8_t>& b, size_t o) {
  uint32_t v;
  std::memcpy(&v, &b[o], 4);
  return v;
}

// Section contents addressed by RVA while they are being written.
struct Section {
  std::string name;
  uint32_t rva = 0;
  uint32_t characteristics = 0x60000020;  // code | execute | read
  std::vector<uint8_t> data;
  uint32_t virtual_size = 0;               // 0: data.size()
  // Overrides applied to the header as written (hostile cases).
  int64_t raw_size_override = -1;
  int64_t raw_ptr_override = -1;

  uint32_t here() const { return rva + static_cast<uint32_t>(data.size()); }
  uint32_t append(const void* p, size_t n, size_t align = 1) {
    while (data.size() % align) data.push_back(0);
    const uint32_t at = here();
    data.insert(data.end(), static_cast<const uint8_t*>(p), static_cast<const uint8_t*>(p) + n);
    return at;
  }
  uint32_t append_str(const std::string& s) { return append(s.c_str(), s.size() + 1); }
  uint32_t append_u32(uint32_t v) { return append(&v, 4, 4); }
  uint32_t append_u64(uint64_t v) { return append(&v, 8, 8); }
  uint32_t append_ptr(uint64_t v, bool pe64) { return pe64 ? append_u64(v) : append_u32(static_cast<uint32_t>(v)); }
  uint32_t reserve(size_t n, size_t align = 4) {
    while (data.size() % align) data.push_back(0);
    const uint32_t at = here();
    data.resize(data.size() + n, 0);
    return at;
  }
  void patch32(uint32_t at_rva, uint32_t v) { put32(data, at_rva - rva, v); }
  void patch64(uint32_t at_rva, uint64_t v) { put64(data, at_rva - rva, v); }
  void patch_ptr(uint32_t at_rva, uint64_t v, bool pe64) {
    if (pe64) patch64(at_rva, v);
    else patch32(at_rva, static_cast<uint32_t>(v));
  }
};

struct PeFile {
  bool pe64 = false;
  uint64_t image_base = 0x400000;
  uint32_t section_alignment = 0x1000;
  uint32_t file_alignment = 0x200;
  uint16_t characteristics = 0x0102;  // EXECUTABLE_IMAGE | 32BIT_MACHINE
  uint16_t subsystem = 3;
  uint16_t dll_characteristics = 0;
  uint32_t entry_rva = 0x1000;
  int64_t size_of_image_override = -1;
  int64_t number_of_sections_override = -1;
  uint32_t dirs[16][2] = {};
  std::vector<Section> sections;
  bool pad_last_section = true;  // false: the file ends where the last raw data ends

  Section& add_section(const std::string& name, uint32_t characteristics) {
    uint32_t rva = section_alignment;
    if (rva < 0x1000 && section_alignment < 0x1000) rva = 0x200 * 2;
    for (auto& s : sections) {
      const uint32_t vs = std::max<uint32_t>(s.virtual_size ? s.virtual_size : s.data.size(), 1);
      rva = std::max(rva, s.rva + (vs + section_alignment - 1) / section_alignment * section_alignment);
    }
    Section s;
    s.name = name;
    s.rva = rva;
    s.characteristics = characteristics;
    sections.push_back(std::move(s));
    return sections.back();
  }
  void dir(unsigned i, uint32_t rva, uint32_t size) { dirs[i][0] = rva; dirs[i][1] = size; }

  std::vector<uint8_t> build() const {
    std::vector<uint8_t> b(0x400, 0);
    b[0] = 'M';
    b[1] = 'Z';
    put32(b, 0x3C, 0x80);
    put32(b, 0x80, 0x00004550);
    put16(b, 0x84, pe64 ? 0x8664 : 0x14C);
    put16(b, 0x86, static_cast<uint16_t>(number_of_sections_override >= 0 ? number_of_sections_override
                                                                           : sections.size()));
    const uint16_t opt_size = pe64 ? 0xF0 : 0xE0;
    put16(b, 0x94, opt_size);
    put16(b, 0x96, characteristics);
    const size_t opt = 0x98;
    put16(b, opt, pe64 ? 0x20B : 0x10B);
    put32(b, opt + 16, entry_rva);
    if (pe64) put64(b, opt + 24, image_base);
    else put32(b, opt + 28, static_cast<uint32_t>(image_base));
    put32(b, opt + 32, section_alignment);
    put32(b, opt + 36, file_alignment);
    put16(b, opt + 40, 6);
    put16(b, opt + 48, 6);
    uint32_t size_of_image = section_alignment;
    for (auto& s : sections) {
      if (!section_alignment) break;
      const uint32_t vs = std::max<uint32_t>(s.virtual_size ? s.virtual_size : s.data.size(), 1);
      size_of_image = std::max(size_of_image, s.rva + (vs + section_alignment - 1) / section_alignment * section_alignment);
    }
    put32(b, opt + 56, size_of_image_override >= 0 ? static_cast<uint32_t>(size_of_image_override) : size_of_image);
    const uint32_t headers = section_alignment < 0x1000 ? 0x400 : 0x400;
    put32(b, opt + 60, headers);
    put16(b, opt + 68, subsystem);
    put16(b, opt + 70, dll_characteristics);
    if (pe64) {
      put64(b, opt + 72, 0x100000); put64(b, opt + 80, 0x1000);
      put64(b, opt + 88, 0x100000); put64(b, opt + 96, 0x1000);
      put32(b, opt + 108, 16);
    } else {
      put32(b, opt + 72, 0x100000); put32(b, opt + 76, 0x1000);
      put32(b, opt + 80, 0x100000); put32(b, opt + 84, 0x1000);
      put32(b, opt + 92, 16);
    }
    const size_t dd = opt + (pe64 ? 112 : 96);
    for (unsigned i = 0; i < 16; ++i) {
      put32(b, dd + 8 * i, dirs[i][0]);
      put32(b, dd + 8 * i + 4, dirs[i][1]);
    }
    const size_t sh = opt + opt_size;
    // Raw data: low alignment images keep file offset == RVA.
    uint32_t raw = 0x400;
    for (size_t i = 0; i < sections.size(); ++i) {
      const Section& s = sections[i];
      const size_t h = sh + 40 * i;
      if (b.size() < h + 40) b.resize(h + 40);
      std::memcpy(&b[h], s.name.data(), std::min<size_t>(8, s.name.size()));
      put32(b, h + 8, s.virtual_size ? s.virtual_size : static_cast<uint32_t>(s.data.size()));
      put32(b, h + 12, s.rva);
      const bool last = i + 1 == sections.size();
      uint32_t raw_size = static_cast<uint32_t>(s.data.size());
      if (pad_last_section || !last) raw_size = (raw_size + file_alignment - 1) / file_alignment * file_alignment;
      if (section_alignment < 0x1000) raw = s.rva;
      put32(b, h + 16, s.raw_size_override >= 0 ? static_cast<uint32_t>(s.raw_size_override) : raw_size);
      put32(b, h + 20, s.raw_ptr_override >= 0 ? static_cast<uint32_t>(s.raw_ptr_override) : raw);
      put32(b, h + 36, s.characteristics);
      if (b.size() < raw + raw_size) b.resize(raw + raw_size, 0);
      std::memcpy(&b[raw], s.data.data(), s.data.size());
      raw += raw_size;
    }
    return b;
  }
};

// Adds an import descriptor table to `s` for the given DLLs and names
// ("#5" imports ordinal 5). use_oft=false leaves OriginalFirstThunk at 0,
// as packers do. Returns the IAT RVA of each function in order.
struct ImportSpec {
  std::string dll;
  std::vector<std::string> functions;
};
inline std::vector<uint32_t> add_imports(PeFile& pe, Section& s, const std::vector<ImportSpec>& dlls, bool use_oft) {
  const bool pe64 = pe.pe64;
  const unsigned ps = pe64 ? 8 : 4;
  const uint32_t desc = s.reserve(20 * (dlls.size() + 1), 4);
  std::vector<uint32_t> iat_slots;
  for (size_t d = 0; d < dlls.size(); ++d) {
    std::vector<uint64_t> thunks;
    for (auto& f : dlls[d].functions) {
      if (f[0] == '#') {
        thunks.push_back((pe64 ? (1ull << 63) : (1ull << 31)) | std::stoul(f.substr(1)));
      } else {
        const uint32_t hint = s.reserve(2, 2);
        s.append_str(f);
        thunks.push_back(hint);
      }
    }
    const uint32_t name = s.append_str(dlls[d].dll);
    uint32_t oft = 0;
    if (use_oft) {
      oft = s.reserve(ps * (thunks.size() + 1), 8);
      for (size_t i = 0; i < thunks.size(); ++i) s.patch_ptr(oft + ps * i, thunks[i], pe64);
    }
    const uint32_t ft = s.reserve(ps * (thunks.size() + 1), 8);
    for (size_t i = 0; i < thunks.size(); ++i) {
      s.patch_ptr(ft + ps * i, thunks[i], pe64);
      iat_slots.push_back(ft + ps * static_cast<uint32_t>(i));
    }
    s.patch32(desc + 20 * d + 0, oft);
    s.patch32(desc + 20 * d + 12, name);
    s.patch32(desc + 20 * d + 16, ft);
  }
  pe.dir(1, desc, 20 * static_cast<uint32_t>(dlls.size() + 1));
  return iat_slots;
}

// An export directory: `functions` are RVAs (0 = gap) or forwarder strings;
// `names` maps a name to a function index.
struct ExportSpec {
  std::string dll_name = "test.dll";
  uint32_t ordinal_base = 1;
  std::vector<uint32_t> function_rvas;               // 0 for forwarder slots filled below
  std::vector<std::pair<uint32_t, std::string>> forwarders;  // index, "DLL.Func"
  std::vector<std::pair<std::string, uint16_t>> names;       // sorted by name
};
inline void add_exports(PeFile& pe, Section& s, const ExportSpec& e) {
  const uint32_t dir = s.reserve(40, 4);
  const uint32_t funcs = s.reserve(4 * e.function_rvas.size(), 4);
  const uint32_t names = s.reserve(4 * e.names.size(), 4);
  const uint32_t ords = s.reserve(2 * e.names.size(), 2);
  const uint32_t dllname = s.append_str(e.dll_name);
  for (size_t i = 0; i < e.function_rvas.size(); ++i) s.patch32(funcs + 4 * static_cast<uint32_t>(i), e.function_rvas[i]);
  for (size_t i = 0; i < e.names.size(); ++i) {
    const uint32_t n = s.append_str(e.names[i].first);
    s.patch32(names + 4 * static_cast<uint32_t>(i), n);
    put16(s.data, ords + 2 * i - s.rva, e.names[i].second);
  }
  for (auto& [idx, f] : e.forwarders) s.patch32(funcs + 4 * idx, s.append_str(f));
  s.patch32(dir + 12, dllname);
  s.patch32(dir + 16, e.ordinal_base);
  s.patch32(dir + 20, static_cast<uint32_t>(e.function_rvas.size()));
  s.patch32(dir + 24, static_cast<uint32_t>(e.names.size()));
  s.patch32(dir + 28, funcs);
  s.patch32(dir + 32, names);
  s.patch32(dir + 36, ords);
  pe.dir(0, dir, s.here() - dir);
}

// A minimal valid image: one code section with `ret` at the entry.
inline PeFile minimal(bool pe64) {
  PeFile pe;
  pe.pe64 = pe64;
  pe.image_base = pe64 ? 0x140000000ull : 0x400000;
  pe.characteristics = pe64 ? 0x0022 : 0x0102;
  Section& text = pe.add_section(".text", 0x60000020);
  text.data.assign(0x10, 0xC3);
  return pe;
}

}  // namespace test_pe
