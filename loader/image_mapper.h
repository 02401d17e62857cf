// Maps a parsed PE file into guest memory the way the Windows image section
// is built (MiCreateImageFileMap): headers, then each section from its raw
// data at its VirtualAddress, then relocations when the image does not sit at
// its preferred base.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "cpu/memory.h"
#include "loader/pe_headers.h"

namespace emu::loader {

// Picks the base: ImageBase when free and usable (and relocation is not
// forced), else a free range. Throws LoadError when the image must move but
// cannot ("relocations stripped").
uint64_t choose_image_base(const cpu::Memory& memory, const PeHeaders& h, bool force_relocation,
                           std::vector<std::string>& notes);

// Maps [base, base + mapped_size) and copies headers and sections; sets page
// permissions from the section characteristics. Throws LoadError.
void map_image(cpu::Memory& memory, const PeHeaders& h, std::span<const uint8_t> file,
               uint64_t base, const std::string& tag, std::vector<std::string>& notes);

// Applies base relocations for a move by (base - h.image_base), reading the
// relocation directory from the mapped image. Bad blocks end processing with
// a note; nothing is written outside the image.
void apply_relocations(cpu::Memory& memory, const PeHeaders& h, uint64_t base,
                       std::vector<std::string>& notes);

// Clears the "written since mapped" bit of every page in the range: pages the
// loader filled are not dynamic code.
void mark_pristine(cpu::Memory& memory, uint64_t base, uint64_t size);

}  // namespace emu::loader
