#include "loader/image_mapper.h"

#include <algorithm>

#include "loader/util.h"

namespace emu::loader {

namespace {

uint64_t align_up(uint64_t v, uint64_t a) { return a ? (v + a - 1) / a * a : v; }

bool range_free(const cpu::Memory& m, uint64_t base, uint64_t size) {
  if (base + size < base) return false;
  for (uint64_t a = base; a < base + size; a += cpu::kPageSize)
    if (m.is_mapped(a)) return false;
  return true;
}

uint8_t section_perms(const PeHeaders& h, uint32_t ch) {
  uint8_t p = 0;
  if (ch & kScnMemRead) p |= cpu::kPermRead;
  if (ch & kScnMemWrite) p |= cpu::kPermWrite | cpu::kPermRead;
  if (ch & kScnMemExecute) p |= cpu::kPermExec | cpu::kPermRead;
  // A section without any access bit still gets read access: packers leave
  // flags out and nothing good comes of faulting on the first read.
  if (!p) p = cpu::kPermRead;
  // 32-bit processes on Windows 7 run with DEP opt-in: an image that is not
  // NX-compatible can execute whatever it can read.
  if (h.arch == Arch::X86 && !(h.dll_characteristics & kDllCharNxCompat)) p |= cpu::kPermExec;
  return p;
}

}  // namespace

uint64_t choose_image_base(const cpu::Memory& memory, const PeHeaders& h, bool force_relocation,
                           std::vector<std::string>& notes) {
  const uint64_t size = h.mapped_size();
  const uint64_t pref = h.image_base;
  const uint64_t limit = h.arch == Arch::X86 ? 0x100000000ull : 0x800000000000ull;
  const bool usable = pref != 0 && (pref & 0xFFFF) == 0 && pref + size > pref && pref + size <= limit;
  if (!force_relocation && usable && range_free(memory, pref, size)) return pref;

  const bool has_relocs = h.dirs[kDirBaseReloc].rva != 0 && h.dirs[kDirBaseReloc].size != 0;
  if (h.characteristics & kFileRelocsStripped) fail("image cannot be relocated (relocations stripped)");
  if (!has_relocs) notes.push_back("image moved but has no relocation directory");
  const uint64_t hint = h.arch == Arch::X86 ? 0x10000000ull : 0x180000000ull;
  const uint64_t top = h.arch == Arch::X86 ? 0x7FF00000ull : 0x7FF00000000ull;
  uint64_t base = memory.find_free(size, hint, top);
  if (base == pref) base = memory.find_free(size, pref + size, top);
  if (!base) base = memory.find_free(size, 0x10000, top);
  if (!base || base == pref) fail("no room to map the image");
  notes.push_back("image relocated from " + hex(pref) + " to " + hex(base));
  return base;
}

void map_image(cpu::Memory& memory, const PeHeaders& h, std::span<const uint8_t> file,
               uint64_t base, const std::string& tag, std::vector<std::string>& notes) {
  const uint64_t size = h.mapped_size();
  const uint8_t rwx = cpu::kPermRead | cpu::kPermWrite | cpu::kPermExec;
  if (!memory.map(base, size, h.low_alignment() ? rwx : uint8_t{cpu::kPermRead}, tag)) fail("image range not free");

  if (h.low_alignment()) {
    // Below page alignment the file is mapped flat, one RWX view, offsets
    // equal to RVAs.
    memory.write(base, file.data(), static_cast<size_t>(std::min<uint64_t>(file.size(), size)));
    for (const auto& s : h.sections)
      if (s.pointer_to_raw_data != s.virtual_address) {
        notes.push_back("low alignment section " + s.name + " with PointerToRawData != VirtualAddress");
        break;
      }
    return;
  }

  // Headers: SizeOfHeaders, but at least through the section table so that
  // whoever parses the mapped headers finds it.
  uint64_t hdr = std::max<uint64_t>(h.size_of_headers, h.section_table_offset + 40ull * h.sections.size());
  hdr = std::min<uint64_t>({hdr, file.size(), size});
  memory.write(base, file.data(), static_cast<size_t>(hdr));

  std::vector<std::pair<uint64_t, uint64_t>> extents;
  for (const auto& s : h.sections) {
    const uint64_t va = s.virtual_address;
    if (va >= size) fail("section outside image");
    if (va % h.section_alignment) notes.push_back("section " + s.name + " VirtualAddress not aligned");
    const uint64_t vsize = s.virtual_size ? s.virtual_size : s.size_of_raw_data;
    uint64_t vext = align_up(std::max<uint64_t>(vsize, 1), h.section_alignment);
    if (va + vext > size) {
      notes.push_back("section " + s.name + " extends past SizeOfImage");
      vext = size - va;
    }
    // The raw offset is rounded down to 512 bytes, the raw size up to the
    // file alignment but not past the section's virtual size.
    const uint64_t raw_ptr = s.pointer_to_raw_data & ~uint64_t{0x1FF};
    uint64_t raw = align_up(s.size_of_raw_data, h.file_alignment);
    if (s.virtual_size) raw = std::min(raw, align_up(s.virtual_size, h.section_alignment));
    if (s.size_of_raw_data && raw_ptr + raw > file.size()) {
      notes.push_back("section " + s.name + " raw data past end of file");
      raw = raw_ptr < file.size() ? file.size() - raw_ptr : 0;
    }
    raw = std::min(raw, vext);
    if (raw) memory.write(base + va, file.data() + raw_ptr, static_cast<size_t>(raw));
    for (const auto& [b, e] : extents)
      if (va < e && b < va + vext) {
        notes.push_back("section " + s.name + " overlaps another");
        break;
      }
    extents.emplace_back(va, va + vext);
    if (va < hdr) notes.push_back("section " + s.name + " overlaps the headers");
    memory.protect(base + va, vext, section_perms(h, s.characteristics));
  }
}

void apply_relocations(cpu::Memory& memory, const PeHeaders& h, uint64_t base,
                       std::vector<std::string>& notes) {
  const uint64_t delta = base - h.image_base;
  if (!delta) return;
  const ImageView img(memory, base, h.mapped_size());
  const DataDirectory dir = h.dirs[kDirBaseReloc];
  if (!dir.rva || !dir.size) return;
  uint64_t pos = dir.rva;
  uint64_t end = uint64_t{dir.rva} + dir.size;
  if (!img.contains(dir.rva, 8)) {
    notes.push_back("relocation directory outside image");
    return;
  }
  if (end > img.size()) {
    notes.push_back("relocation directory runs past the image");
    end = img.size();
  }
  bool bad_type_noted = false;
  while (pos + 8 <= end) {
    const uint32_t page = *img.get<uint32_t>(pos);
    const uint32_t block = *img.get<uint32_t>(pos + 4);
    if (block == 0 && page == 0) break;  // zero padding after the last block
    if (block < 8 || block > end - pos) {
      notes.push_back("relocation block with bad size " + hex(block) + " at rva " + hex(pos) +
                      "; rest skipped");
      break;
    }
    const uint64_t count = (block - 8) / 2;
    for (uint64_t i = 0; i < count; ++i) {
      const uint16_t e = *img.get<uint16_t>(pos + 8 + 2 * i);
      const unsigned type = e >> 12;
      const uint64_t rva = uint64_t{page} + (e & 0xFFF);
      switch (type) {
        case 0: break;  // IMAGE_REL_BASED_ABSOLUTE: padding
        case 3:         // HIGHLOW
          if (auto v = img.get<uint32_t>(rva))
            memory.write_as<uint32_t>(base + rva, static_cast<uint32_t>(*v + delta));
          break;
        case 10:  // DIR64
          if (auto v = img.get<uint64_t>(rva)) memory.write_as<uint64_t>(base + rva, *v + delta);
          break;
        case 1:  // HIGH
          if (auto v = img.get<uint16_t>(rva))
            memory.write_as<uint16_t>(base + rva, static_cast<uint16_t>(*v + (delta >> 16)));
          break;
        case 2:  // LOW
          if (auto v = img.get<uint16_t>(rva))
            memory.write_as<uint16_t>(base + rva, static_cast<uint16_t>(*v + delta));
          break;
        case 4: {  // HIGHADJ: the next entry holds the low half
          if (i + 1 >= count) break;
          const int16_t low = static_cast<int16_t>(*img.get<uint16_t>(pos + 8 + 2 * ++i));
          if (auto v = img.get<uint16_t>(rva)) {
            const int64_t full = (int64_t{*v} << 16) + low + static_cast<int64_t>(delta) + 0x8000;
            memory.write_as<uint16_t>(base + rva, static_cast<uint16_t>(full >> 16));
          }
          break;
        }
        default:
          if (!bad_type_noted) notes.push_back("unsupported relocation type " + std::to_string(type));
          bad_type_noted = true;
      }
    }
    pos += block;
  }
  // The mapped headers carry the new base, as ntdll leaves them.
  const uint64_t ib = uint64_t{h.e_lfanew} + 24 + (h.arch == Arch::X64 ? 24 : 28);
  if (img.contains(ib, 8)) {
    if (h.arch == Arch::X64) memory.write_as<uint64_t>(base + ib, base);
    else memory.write_as<uint32_t>(base + ib, static_cast<uint32_t>(base));
  }
}

void mark_pristine(cpu::Memory& memory, uint64_t base, uint64_t size) {
  for (uint64_t a = cpu::page_floor(base); a < base + size; a += cpu::kPageSize)
    if (cpu::Page* p = memory.page(a)) p->written = false;
}

}  // namespace emu::loader
