#include "loader/pe_headers.h"

#include <algorithm>
#include <cstring>

#include "loader/util.h"

namespace emu::loader {

uint64_t PeHeaders::mapped_size() const {
  const uint64_t align = std::max<uint64_t>(section_alignment, 1);
  uint64_t s = (uint64_t{size_of_image} + align - 1) / align * align;
  return cpu::page_ceil(s);
}

namespace {

bool power_of_two(uint64_t v) { return v && !(v & (v - 1)); }

}  // namespace

PeHeaders parse_pe_headers(std::span<const uint8_t> file, const LoadOptions& options,
                           std::vector<std::string>& notes) {
  ByteReader r(file);
  if (file.size() < 2 || file[0] != 'M' || file[1] != 'Z') fail("not a PE");
  if (file.size() < 0x40) fail("truncated headers");
  PeHeaders h;
  h.e_lfanew = r.u32(0x3C);
  const uint64_t nt = h.e_lfanew;
  if (nt + 4 > file.size()) fail("truncated headers");
  if (r.u32(nt) != 0x00004550) fail("not a PE");
  if (nt + 24 > file.size()) fail("truncated headers");
  h.machine = r.u16(nt + 4);
  const uint32_t nsections = r.u16(nt + 6);
  h.time_date_stamp = r.u32(nt + 8);
  const uint32_t opt_size = r.u16(nt + 20);
  h.characteristics = r.u16(nt + 22);
  const uint64_t opt = nt + 24;
  // The optional header may run past the end of a tiny file: the mapper
  // sees zeros there, so do we. Its magic must be present, though.
  if (opt + 2 > file.size()) fail("truncated headers");
  const uint16_t magic = r.u16(opt);
  if (magic == 0x10B) {
    h.arch = Arch::X86;
  } else if (magic == 0x20B) {
    h.arch = Arch::X64;
  } else {
    fail("bad optional header magic");
  }
  if (h.machine != kMachineI386 && h.machine != kMachineAmd64) fail("unsupported machine");
  if ((h.machine == kMachineI386) != (h.arch == Arch::X86)) fail("machine does not match optional header");
  const bool pe64 = h.arch == Arch::X64;
  const uint64_t min_opt = pe64 ? 0x70 : 0x60;  // up to NumberOfRvaAndSizes
  if (opt + min_opt > file.size()) fail("truncated headers");
  h.entry_rva = r.u32(opt + 16);
  h.image_base = pe64 ? r.u64(opt + 24) : r.u32(opt + 28);
  h.section_alignment = r.u32(opt + 32);
  h.file_alignment = r.u32(opt + 36);
  h.subsystem_major = r.u16(opt + 48);
  h.subsystem_minor = r.u16(opt + 50);
  h.size_of_image = r.u32(opt + 56);
  h.size_of_headers = r.u32(opt + 60);
  h.subsystem = r.u16(opt + 68);
  h.dll_characteristics = r.u16(opt + 70);
  h.stack_reserve = pe64 ? r.u64(opt + 72) : r.u32(opt + 72);
  h.stack_commit = pe64 ? r.u64(opt + 80) : r.u32(opt + 76);
  const uint32_t ndirs = std::min<uint32_t>(r.u32(opt + (pe64 ? 108 : 92)), 16);
  const uint64_t dirs = opt + (pe64 ? 112 : 96);
  for (uint32_t i = 0; i < ndirs; ++i) {
    // Directories beyond the declared optional header are ignored, as ntdll does.
    if (dirs + 8 * i + 8 > opt + opt_size) break;
    h.dirs[i].rva = r.u32(dirs + 8 * i);       // reads past EOF yield 0
    h.dirs[i].size = r.u32(dirs + 8 * i + 4);
  }
  h.nt_headers_size = static_cast<uint32_t>(24 + opt_size);

  if (!power_of_two(h.section_alignment)) fail("bad SectionAlignment");
  if (!power_of_two(h.file_alignment)) fail("bad FileAlignment");
  if (h.file_alignment > h.section_alignment) fail("FileAlignment larger than SectionAlignment");
  if (h.low_alignment() && h.file_alignment != h.section_alignment)
    fail("low alignment image with FileAlignment != SectionAlignment");
  if (h.size_of_image == 0) fail("SizeOfImage is zero");
  if (h.mapped_size() > options.max_image_size) fail("SizeOfImage too large");
  if (h.arch == Arch::X86 && h.image_base + h.mapped_size() > 0x100000000ull) {
    // A 32-bit image cannot live there; it will be relocated.
    notes.push_back("ImageBase + SizeOfImage above 4 GiB");
  }
  if (nsections > options.max_sections) fail("too many sections");

  h.section_table_offset = static_cast<uint32_t>(opt + opt_size);
  const uint64_t table_end = uint64_t{h.section_table_offset} + 40ull * nsections;
  if (table_end > file.size()) fail("section table truncated");
  h.sections.reserve(nsections);
  for (uint32_t i = 0; i < nsections; ++i) {
    const uint64_t s = h.section_table_offset + 40ull * i;
    SectionHeader sh;
    char name[9] = {};
    std::memcpy(name, file.data() + s, 8);
    sh.name = name;
    sh.virtual_size = r.u32(s + 8);
    sh.virtual_address = r.u32(s + 12);
    sh.size_of_raw_data = r.u32(s + 16);
    sh.pointer_to_raw_data = r.u32(s + 20);
    sh.characteristics = r.u32(s + 36);
    h.sections.push_back(std::move(sh));
  }
  if (nsections == 0) notes.push_back("image has no sections");
  return h;
}

}  // namespace emu::loader
