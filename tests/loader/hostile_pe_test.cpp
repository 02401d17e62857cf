// Hostile PE files built by the test: each ends in a named load error or a
// correct load, never a crash, a hang or an unnamed exception.
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <random>

#include "loader/loader.h"
#include "tests/loader/pe_builder.h"
#include "tests/loader/test_util.h"

using namespace emu::loader;
using test_pe::PeFile;
using test_util::load_error_of;

namespace {

std::string error_of(const std::vector<uint8_t>& file, LoadOptions o = {}) {
  return load_error_of([&] { load_pe(file, o); });
}

bool loads_with_note(const std::vector<uint8_t>& file, const std::string& note, LoadOptions o = {}) {
  auto p = load_pe(file, o);
  for (auto& n : p->notes())
    if (n.find(note) != std::string::npos) return true;
  return false;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(hostile_pe)

BOOST_AUTO_TEST_CASE(not_a_pe_and_truncated_headers) {
  BOOST_TEST(error_of({}) == "load_error: not a PE");
  BOOST_TEST(error_of({'M', 'Z'}) == "load_error: truncated headers");
  auto good = test_pe::minimal(false).build();
  for (size_t cut : {0x3Fu, 0x80u, 0x90u, 0xA0u})
    BOOST_TEST(error_of({good.begin(), good.begin() + cut}) == "load_error: truncated headers", cut);
  // section table cut off
  BOOST_TEST(error_of({good.begin(), good.begin() + 0x180}) == "load_error: section table truncated");
  auto bad_sig = good;
  bad_sig[0x81] = 'X';
  BOOST_TEST(error_of(bad_sig) == "load_error: not a PE");
  auto far_lfanew = good;
  test_pe::put32(far_lfanew, 0x3C, 0x7FFFFFF0);
  BOOST_TEST(error_of(far_lfanew) == "load_error: truncated headers");
  auto bad_magic = good;
  test_pe::put16(bad_magic, 0x98, 0x107);
  BOOST_TEST(error_of(bad_magic) == "load_error: bad optional header magic");
  BOOST_TEST(!looks_like_pe(bad_magic));
  BOOST_TEST(looks_like_pe(good));
}

BOOST_AUTO_TEST_CASE(size_of_image_4gib) {
  PeFile pe = test_pe::minimal(false);
  pe.size_of_image_override = 0xFFFFF000;
  BOOST_TEST(error_of(pe.build()) == "load_error: SizeOfImage too large");
  pe.size_of_image_override = 0;
  BOOST_TEST(error_of(pe.build()) == "load_error: SizeOfImage is zero");
}

BOOST_AUTO_TEST_CASE(bad_alignments) {
  PeFile pe = test_pe::minimal(false);
  pe.section_alignment = 0x1001;
  BOOST_TEST(error_of(pe.build()) == "load_error: bad SectionAlignment");
  pe.section_alignment = 0;
  pe.size_of_image_override = 0x2000;  // the builder cannot derive it without an alignment
  BOOST_TEST(error_of(pe.build()) == "load_error: bad SectionAlignment");
  pe.section_alignment = 0x1000;
  pe.size_of_image_override = -1;
  pe.file_alignment = 0x2000;
  BOOST_TEST(error_of(pe.build()) == "load_error: FileAlignment larger than SectionAlignment");
}

BOOST_AUTO_TEST_CASE(sections_outside_or_overlapping) {
  PeFile pe = test_pe::minimal(false);
  auto& s = pe.add_section(".far", 0xC0000040);
  s.data = {1};
  pe.size_of_image_override = 0x2000;  // .far at 0x2000 lies outside
  BOOST_TEST(error_of(pe.build()) == "load_error: section outside image");

  PeFile ov = test_pe::minimal(false);
  auto& a = ov.add_section(".a", 0xC0000040);
  a.data.assign(0x100, 0xAA);
  const auto a_rva = a.rva;  // `a` dangles once another section is added
  auto& b = ov.add_section(".b", 0xC0000040);
  b.data.assign(0x100, 0xBB);
  b.rva = a_rva;  // same place: the later section wins, as with Windows' copy order
  const auto file = ov.build();
  BOOST_TEST(loads_with_note(file, "overlaps"));
  auto p = load_pe(file, {});
  BOOST_TEST(p->memory().read_as<uint8_t>(0x400000 + a_rva).value() == 0xBB);
}

BOOST_AUTO_TEST_CASE(raw_data_past_end_of_file) {
  PeFile pe = test_pe::minimal(false);
  auto& s = pe.add_section(".big", 0xC0000040);
  s.data.assign(0x10, 0x42);
  s.raw_size_override = 0x100000;  // claims a megabyte the file does not have
  auto file = pe.build();
  BOOST_TEST(loads_with_note(file, "raw data past end of file"));
  auto p = load_pe(file, {});
  BOOST_TEST(p->memory().read_as<uint8_t>(0x400000 + s.rva).value() == 0x42);
  s.raw_ptr_override = 0x7FFFFE00;  // starts past the end
  BOOST_TEST(loads_with_note(pe.build(), "raw data past end of file"));
}

BOOST_AUTO_TEST_CASE(zero_sections) {
  PeFile pe;
  pe.entry_rva = 0x10;
  pe.size_of_image_override = 0x1000;
  auto file = pe.build();
  BOOST_TEST(loads_with_note(file, "no sections"));
  auto p = load_pe(file, {});
  BOOST_TEST(p->main_module().entry == 0x400010u);
}

BOOST_AUTO_TEST_CASE(too_many_sections) {
  PeFile pe = test_pe::minimal(false);
  pe.number_of_sections_override = 0xFFFF;
  BOOST_TEST(error_of(pe.build()) == "load_error: too many sections");
}

BOOST_AUTO_TEST_CASE(relocation_blocks_with_bad_sizes) {
  for (uint32_t bad : {0u, 3u, 7u, 0x7FFFFFFFu}) {
    PeFile pe = test_pe::minimal(false);
    auto& d = pe.add_section(".data", 0xC0000040);
    const uint32_t ptr = d.append_u32(0x401000);
    auto& r = pe.add_section(".reloc", 0x42000040);
    // one good block, then a bad one
    r.append_u32(ptr & ~0xFFFu);
    r.append_u32(12);
    const uint16_t e[2] = {static_cast<uint16_t>(0x3000 | (ptr & 0xFFF)), 0};
    r.append(e, 4);
    r.append_u32(0x1000);
    r.append_u32(bad);
    pe.dir(5, r.rva, 24);
    LoadOptions o;
    o.force_relocation = true;
    auto p = load_pe(pe.build(), o);
    const uint64_t base = p->main_module().base;
    BOOST_TEST(p->memory().read_as<uint32_t>(base + ptr).value() == base + 0x1000);
    bool noted = false;
    for (auto& n : p->notes()) noted |= n.find("relocation block with bad size") != std::string::npos;
    BOOST_TEST(noted, "block size " << bad);
  }
}

BOOST_AUTO_TEST_CASE(relocation_targets_outside_the_image_are_ignored) {
  PeFile pe = test_pe::minimal(true);
  auto& r = pe.add_section(".reloc", 0x42000040);
  r.append_u32(0x7FFFF000);
  r.append_u32(12);
  const uint16_t e[2] = {0xAFF8, 0};
  r.append(e, 4);
  pe.dir(5, r.rva, 12);
  LoadOptions o;
  o.force_relocation = true;
  BOOST_TEST(error_of(pe.build(), o) == "");
}

BOOST_AUTO_TEST_CASE(import_descriptor_loop) {
  PeFile pe = test_pe::minimal(false);
  auto& s = pe.add_section(".idata", 0xC0000040);
  const uint32_t name = s.append_str("kernel32.dll");
  const uint32_t hint = s.reserve(2, 2);
  s.append_str("Sleep");
  const uint32_t iat = s.reserve(8, 4);
  s.patch32(iat, hint);
  const uint32_t desc = s.reserve(20 * 200, 4);  // 200 descriptors sharing one IAT
  for (uint32_t i = 0; i < 200; ++i) {
    s.patch32(desc + 20 * i + 12, name);
    s.patch32(desc + 20 * i + 16, iat);
  }
  pe.dir(1, desc, 20 * 200);
  BOOST_TEST(error_of(pe.build()) == "load_error: import descriptor loop");
}

BOOST_AUTO_TEST_CASE(unterminated_import_thunks) {
  // A thunk array with no terminator: 70000 entries, over the import cap.
  PeFile pe = test_pe::minimal(false);
  auto& s = pe.add_section(".idata", 0xC0000040);
  const uint32_t name = s.append_str("kernel32.dll");
  const uint32_t desc = s.reserve(40, 4);
  const uint32_t iat = s.reserve(4 * 70000, 4);
  for (uint32_t i = 0; i < 70000; ++i) s.patch32(iat + 4 * i, 0x80000001);
  s.patch32(desc + 12, name);
  s.patch32(desc + 16, iat);
  pe.dir(1, desc, 40);
  BOOST_TEST(error_of(pe.build()) == "load_error: import count too large");
  // The same array running into the end of the image stops there.
  LoadOptions o;
  o.max_imports = 1u << 20;
  BOOST_TEST(error_of(pe.build(), o) == "");
}

BOOST_AUTO_TEST_CASE(import_names_outside_the_image) {
  PeFile pe = test_pe::minimal(false);
  auto& s = pe.add_section(".idata", 0xC0000040);
  const uint32_t name = s.append_str("kernel32.dll");
  const uint32_t desc = s.reserve(40, 4);
  const uint32_t iat = s.reserve(8, 4);
  s.patch32(iat, 0x7FFFFFF0);
  s.patch32(desc + 12, name);
  s.patch32(desc + 16, iat);
  pe.dir(1, desc, 40);
  BOOST_TEST(loads_with_note(pe.build(), "import name of kernel32.dll outside image"));
}

BOOST_AUTO_TEST_CASE(thousands_of_descriptors_with_bad_names_stay_bounded) {
  // Found by fuzzing: ~60000 imports whose names point outside the image
  // produced a note each. Notes are capped and the load stays quick.
  PeFile pe = test_pe::minimal(false);
  auto& s = pe.add_section(".idata", 0xC0000040);
  const uint32_t name = s.append_str("nosuch.dll");
  const uint32_t n = 4000, per = 15;
  const uint32_t desc = s.reserve(20 * (n + 1), 4);
  for (uint32_t i = 0; i < n; ++i) {
    const uint32_t iat = s.reserve(4 * (per + 1), 4);
    for (uint32_t k = 0; k < per; ++k) s.patch32(iat + 4 * k, 0x7FFF0000);
    s.patch32(desc + 20 * i + 12, name);
    s.patch32(desc + 20 * i + 16, iat);
  }
  pe.dir(1, desc, 20 * (n + 1));
  const auto start = std::chrono::steady_clock::now();
  auto p = load_pe(pe.build(), {});
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  BOOST_TEST(p->main_module().imports.size() == size_t{n} * per);
  BOOST_TEST(p->notes().size() <= 257u);
  BOOST_TEST(p->notes().back() == "further notes suppressed");
  BOOST_TEST(secs < 10.0);
}

BOOST_AUTO_TEST_CASE(export_table_with_absurd_counts) {
  PeFile pe = test_pe::minimal(false);
  pe.characteristics |= 0x2000;
  auto& s = pe.add_section(".edata", 0x40000040);
  const uint32_t dir = s.reserve(40, 4);
  s.patch32(dir + 16, 1);
  s.patch32(dir + 20, 0xFFFFFFFF);
  s.patch32(dir + 24, 0xFFFFFFFF);
  s.patch32(dir + 28, dir);
  s.patch32(dir + 32, dir);
  s.patch32(dir + 36, dir);
  pe.dir(0, dir, 40);
  BOOST_TEST(loads_with_note(pe.build(), "export"));
}

BOOST_AUTO_TEST_CASE(tls_callback_array_unmapped) {
  PeFile pe = test_pe::minimal(false);
  auto& s = pe.add_section(".tls", 0xC0000040);
  const uint32_t dir = s.reserve(24, 4);
  s.patch32(dir + 12, 0x10);  // AddressOfCallBacks in unmapped memory
  pe.dir(9, dir, 24);
  BOOST_TEST(loads_with_note(pe.build(), "TLS callback array unreadable"));
}

BOOST_AUTO_TEST_CASE(mutated_images_never_escape) {
  // Byte flips over a rich image (imports, exports, relocations, TLS):
  // every outcome is a load or a LoadError, and quick.
  PeFile pe = test_pe::minimal(false);
  pe.characteristics |= 0x2000;
  auto& d = pe.add_section(".rdata", 0xC0000040);
  test_pe::add_imports(pe, d, {{"kernel32.dll", {"Sleep", "#3"}}, {"user32.dll", {"MessageBoxA"}}}, true);
  test_pe::ExportSpec e;
  e.function_rvas = {0x1000, 0};
  e.forwarders = {{1, "kernel32.Sleep"}};
  e.names = {{"A", 0}, {"B", 1}};
  test_pe::add_exports(pe, d, e);
  auto& r = pe.add_section(".reloc", 0x42000040);
  r.append_u32(0x1000);
  r.append_u32(12);
  const uint16_t ent[2] = {0x3004, 0};
  r.append(ent, 4);
  pe.dir(5, r.rva, 12);
  const auto base = pe.build();
  std::mt19937 rng(1234);
  LoadOptions o;
  o.max_image_size = 16 << 20;
  const auto start = std::chrono::steady_clock::now();
  int loaded = 0, errors = 0;
  for (int i = 0; i < 1500; ++i) {
    auto f = base;
    const int flips = 1 + rng() % 8;
    for (int k = 0; k < flips; ++k) {
      // bias towards the headers and tables where it matters
      const size_t at = (rng() % 2) ? rng() % 0x400 : rng() % f.size();
      f[at] = static_cast<uint8_t>(rng());
    }
    o.force_relocation = (i % 3) == 0;
    try {
      auto p = load_pe(f, o);
      p->entry_points();
      ++loaded;
    } catch (const LoadError&) {
      ++errors;
    }
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  BOOST_TEST_MESSAGE("mutations: " << loaded << " loaded, " << errors << " load errors, " << secs << " s");
  BOOST_TEST(loaded + errors == 1500);
  BOOST_TEST(secs < 60.0);
}

BOOST_AUTO_TEST_SUITE_END()
