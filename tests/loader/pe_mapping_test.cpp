// Mapping with Windows loader semantics, and each of LIEF 0.9's known gaps
// (DESIGN.md) checked against a crafted image.
#include <boost/test/unit_test.hpp>

#include "loader/loader.h"
#include "tests/loader/pe_builder.h"
#include "tests/loader/test_util.h"

using namespace emu::loader;
using test_pe::PeFile;

namespace {

bool has_note(const Process& p, const std::string& fragment) {
  for (auto& n : p.notes())
    if (n.find(fragment) != std::string::npos) return true;
  return false;
}

const Import* find_import(const Module& m, const std::string& fn) {
  for (auto& i : m.imports)
    if (i.function == fn) return &i;
  return nullptr;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(pe_mapping)

BOOST_AUTO_TEST_CASE(sections_land_at_their_rva_with_permissions) {
  for (bool pe64 : {false, true}) {
    PeFile pe = test_pe::minimal(pe64);
    pe.sections[0].data = {0x90, 0x90, 0xC3};
    auto& data = pe.add_section(".data", 0xC0000040);
    data.data = {'h', 'e', 'l', 'l', 'o'};
    data.virtual_size = 0x3000;  // bss tail
    auto p = load_pe(pe.build(), {});
    const Module& m = p->main_module();
    BOOST_TEST(m.base == pe.image_base);
    BOOST_TEST(m.entry == pe.image_base + 0x1000);
    BOOST_TEST(p->memory().read_cstring(m.base + data.rva) == "hello");
    BOOST_TEST(p->memory().read_as<uint8_t>(m.base + data.rva + 0x2FFF).value() == 0);
    BOOST_TEST((p->memory().page(m.base + 0x1000)->perms & emu::cpu::kPermExec) != 0);
    BOOST_TEST((p->memory().page(m.base + data.rva)->perms & emu::cpu::kPermWrite) != 0);
    BOOST_TEST(p->memory().read_as<uint16_t>(m.base).value() == 0x5A4D);  // headers mapped
    // Loader-written pages are not "written by the guest".
    BOOST_TEST(!p->memory().page(m.base + 0x1000)->written);
  }
}

BOOST_AUTO_TEST_CASE(low_alignment_image_maps_flat) {
  PeFile pe;
  pe.section_alignment = pe.file_alignment = 0x200;
  pe.entry_rva = 0x400;
  auto& text = pe.add_section(".text", 0x60000020);
  text.rva = 0x400;
  text.data = {0xB8, 1, 0, 0, 0, 0xC3};
  auto p = load_pe(pe.build(), {});
  BOOST_TEST(p->memory().read_as<uint8_t>(0x400400).value() == 0xB8);
  BOOST_TEST((p->memory().page(0x400400)->perms & emu::cpu::kPermWrite) != 0);  // one RWX view
}

BOOST_AUTO_TEST_CASE(virtual_size_zero_means_raw_size_and_raw_is_clamped_to_virtual) {
  PeFile pe = test_pe::minimal(false);
  auto& s = pe.add_section(".d", 0xC0000040);
  s.data.assign(0x1800, 0x41);
  s.virtual_size = 0x10;  // only 0x10 bytes are section; raw copy stops at the aligned virtual size
  auto p = load_pe(pe.build(), {});
  BOOST_TEST(p->memory().read_as<uint8_t>(0x400000 + s.rva + 0xFFF).value() == 0x41);
  // the next page belongs to nothing mapped from this section
  BOOST_TEST(!p->memory().is_mapped(0x400000 + s.rva + 0x1000));
}

BOOST_AUTO_TEST_CASE(oft_zero_descriptor_binds_every_function) {
  // LIEF gap: OriginalFirstThunk = 0 yielded only the first function.
  for (bool pe64 : {false, true}) {
    PeFile pe = test_pe::minimal(pe64);
    auto& idata = pe.add_section(".idata", 0xC0000040);
    auto slots = test_pe::add_imports(pe, idata,
                                      {{"KERNEL32.dll", {"LoadLibraryA", "GetProcAddress", "VirtualAlloc", "ExitProcess"}}},
                                      /*use_oft=*/false);
    auto p = load_pe(pe.build(), {});
    const Module* k32 = p->find_module("kernel32");
    BOOST_REQUIRE(k32);
    const char* names[] = {"LoadLibraryA", "GetProcAddress", "VirtualAlloc", "ExitProcess"};
    for (int i = 0; i < 4; ++i) {
      const uint64_t slot = test_util::read_ptr(*p, pe.image_base + slots[i]);
      BOOST_TEST(slot == p->get_proc_address(*k32, names[i]));
      const TrapTarget* t = p->trap_at(slot);
      BOOST_REQUIRE(t);
      BOOST_TEST(t->module == "kernel32");
      BOOST_TEST(t->function == names[i]);
    }
    BOOST_TEST(p->main_module().imports.size() == 4u);
  }
}

BOOST_AUTO_TEST_CASE(imports_by_ordinal_and_unknown_dll_get_stubs) {
  PeFile pe = test_pe::minimal(false);
  auto& idata = pe.add_section(".idata", 0xC0000040);
  auto slots = test_pe::add_imports(pe, idata,
                                    {{"WS2_32.dll", {"#115"}},  // WSAStartup
                                     {"nosuchlib.dll", {"Frobnicate", "#7"}},
                                     {"api-ms-win-crt-runtime-l1-1-0.dll", {"_initterm"}}},
                                    true);
  auto p = load_pe(pe.build(), {});
  const Module* ws = p->find_module("ws2_32.dll");
  BOOST_REQUIRE(ws);
  const uint64_t a = test_util::read_ptr(*p, 0x400000 + slots[0]);
  BOOST_TEST(a == p->get_proc_address(*ws, 115u));
  BOOST_TEST(p->trap_at(a)->function == "WSAStartup");
  const uint64_t f = test_util::read_ptr(*p, 0x400000 + slots[1]);
  const TrapTarget* t = p->trap_at(f);
  BOOST_REQUIRE(t);
  BOOST_TEST(t->module == "nosuchlib");
  BOOST_TEST(t->function == "Frobnicate");
  const TrapTarget* t7 = p->trap_at(test_util::read_ptr(*p, 0x400000 + slots[2]));
  BOOST_REQUIRE(t7);
  BOOST_TEST(t7->function == "ordinal_7");
  BOOST_TEST(t7->ordinal == 7u);
  const Module* ucrt = p->find_module("ucrtbase.dll");
  BOOST_REQUIRE(ucrt);
  BOOST_TEST(test_util::read_ptr(*p, 0x400000 + slots[3]) == p->get_proc_address(*ucrt, "_initterm"));
  const std::string* alias = p->imported_as(p->get_proc_address(*ucrt, "_initterm"));
  BOOST_REQUIRE(alias);
  BOOST_TEST(*alias == "api-ms-win-crt-runtime-l1-1-0");
  BOOST_TEST(*p->imported_as(a) == "ws2_32");
  // every stub is inside a registered trap range
  for (uint32_t s : slots) {
    const uint64_t v = test_util::read_ptr(*p, 0x400000 + s);
    bool in = false;
    for (auto [b, e] : p->trap_ranges()) in |= v >= b && v < e;
    BOOST_TEST(in);
  }
}

BOOST_AUTO_TEST_CASE(ordinal_only_exports_and_forwarders_listed_once) {
  // LIEF gaps: ordinal-only exports dropped, forwarders listed twice.
  for (bool pe64 : {false, true}) {
    PeFile pe = test_pe::minimal(pe64);
    pe.characteristics |= 0x2000;  // DLL
    pe.sections[0].data.assign(0x40, 0xC3);
    auto& edata = pe.add_section(".edata", 0x40000040);
    test_pe::ExportSpec e;
    e.dll_name = "exp.dll";
    e.ordinal_base = 10;
    e.function_rvas = {0x1000, 0x1010, 0, 0x1020, 0};  // ordinals 10, 11, (12 gap), 13, 14 forwarder
    e.forwarders = {{4, "KERNEL32.LoadLibraryA"}};
    e.names = {{"Fwd", 4}, {"Named", 0}};
    test_pe::add_exports(pe, edata, e);
    LoadOptions o;
    o.env.image_path = "C:\\samples\\exp.dll";
    auto p = load_pe(pe.build(), o);
    const Module& m = p->main_module();
    BOOST_TEST(m.name == "exp.dll");
    int fwd_entries = 0, ordinal_only = 0;
    for (auto& x : m.exports) {
      if (!x.forwarder.empty()) ++fwd_entries;
      if (x.name.empty()) ++ordinal_only;
    }
    BOOST_TEST(fwd_entries == 1);
    BOOST_TEST(ordinal_only == 2);  // ordinals 11 and 13
    BOOST_TEST(m.exports.size() == 4u);
    BOOST_TEST(p->get_proc_address(m, 11u) == pe.image_base + 0x1010);
    BOOST_TEST(p->get_proc_address(m, 13u) == pe.image_base + 0x1020);
    BOOST_TEST(p->get_proc_address(m, 12u) == 0u);
    BOOST_TEST(p->get_proc_address(m, "Named") == pe.image_base + 0x1000);
    const Module* k32 = p->find_module("kernel32.dll");
    BOOST_TEST(p->get_proc_address(m, "Fwd") == p->get_proc_address(*k32, "LoadLibraryA"));
    // DLL entry points: DllMain then each export once
    auto eps = p->entry_points();
    BOOST_REQUIRE(eps.size() >= 2u);
    BOOST_TEST(eps[0].type == "dll_entry.DLL_PROCESS_ATTACH");
    bool named = false, by_ordinal = false;
    for (auto& ep : eps) {
      named |= ep.type == "export.Named";
      by_ordinal |= ep.type == "export.ordinal_11";
    }
    BOOST_TEST(named);
    BOOST_TEST(by_ordinal);
  }
}

BOOST_AUTO_TEST_CASE(forwarder_loop_resolves_to_nothing) {
  PeFile pe = test_pe::minimal(false);
  pe.characteristics |= 0x2000;
  auto& edata = pe.add_section(".edata", 0x40000040);
  test_pe::ExportSpec e;
  e.function_rvas = {0, 0};
  e.forwarders = {{0, "loop.B"}, {1, "loop.A"}};
  e.names = {{"A", 0}, {"B", 1}};
  test_pe::add_exports(pe, edata, e);
  LoadOptions o;
  o.env.image_path = "C:\\x\\loop.dll";
  auto p = load_pe(pe.build(), o);
  BOOST_TEST(p->get_proc_address(p->main_module(), "A") == 0u);
}

BOOST_AUTO_TEST_CASE(relocations_ending_at_end_of_file_are_applied) {
  // LIEF gap: a relocation directory ending exactly at EOF was reported absent.
  for (bool pe64 : {false, true}) {
    PeFile pe = test_pe::minimal(pe64);
    auto& data = pe.add_section(".data", 0xC0000040);
    const uint32_t ptr_rva = data.append_ptr(pe.image_base + 0x1000, pe64);
    auto& reloc = pe.add_section(".reloc", 0x42000040);
    reloc.append_u32(ptr_rva & ~0xFFFu);
    reloc.append_u32(12);
    const uint16_t entry = static_cast<uint16_t>(((pe64 ? 10 : 3) << 12) | (ptr_rva & 0xFFF));
    reloc.append(&entry, 2);
    const uint16_t pad = 0;
    reloc.append(&pad, 2);
    pe.dir(5, reloc.rva, 12);
    pe.pad_last_section = false;
    auto file = pe.build();
    BOOST_TEST(file.size() == 0x400u + 0x200u + 0x200u + 12u);  // ends with the relocation block
    LoadOptions o;
    o.force_relocation = true;
    auto p = load_pe(file, o);
    const uint64_t base = p->main_module().base;
    BOOST_TEST(base != pe.image_base);
    BOOST_TEST(test_util::read_ptr(*p, base + ptr_rva) == base + 0x1000);
    BOOST_TEST(p->main_module().entry == base + 0x1000);
  }
}

BOOST_AUTO_TEST_CASE(stripped_relocations_cannot_move) {
  PeFile pe = test_pe::minimal(false);
  pe.characteristics |= 0x0001;
  LoadOptions o;
  o.force_relocation = true;
  BOOST_TEST(test_util::load_error_of([&] { load_pe(pe.build(), o); }) ==
             "load_error: image cannot be relocated (relocations stripped)");
}

BOOST_AUTO_TEST_CASE(delay_imports_are_bound) {
  // LIEF gap: delay imports missing.
  for (bool pe64 : {false, true}) {
    PeFile pe = test_pe::minimal(pe64);
    auto& d = pe.add_section(".didat", 0xC0000040);
    const unsigned ps = pe64 ? 8 : 4;
    const uint32_t desc = d.reserve(64, 4);
    const uint32_t name = d.append_str("USER32.dll");
    const uint32_t hmod = d.reserve(ps, 8);
    const uint32_t hint = d.reserve(2, 2);
    d.append_str("MessageBoxA");
    const uint32_t int_ = d.reserve(2 * ps, 8);
    d.patch_ptr(int_, hint, pe64);
    const uint32_t iat = d.reserve(2 * ps, 8);
    d.patch_ptr(iat, pe.image_base + 0x1000, pe64);  // points at the delay thunk before binding
    d.patch32(desc + 0, 1);  // RVA-based
    d.patch32(desc + 4, name);
    d.patch32(desc + 8, hmod);
    d.patch32(desc + 12, iat);
    d.patch32(desc + 16, int_);
    pe.dir(13, desc, 64);
    auto p = load_pe(pe.build(), {});
    const Module* u32 = p->find_module("user32.dll");
    BOOST_REQUIRE(u32);
    BOOST_TEST(test_util::read_ptr(*p, pe.image_base + iat) == p->get_proc_address(*u32, "MessageBoxA"));
    BOOST_TEST(test_util::read_ptr(*p, pe.image_base + hmod) == u32->base);
    const Import* imp = find_import(p->main_module(), "MessageBoxA");
    BOOST_REQUIRE(imp);
    BOOST_TEST(imp->delay);
    BOOST_TEST(imp->dll == "user32.dll");
  }
}

BOOST_AUTO_TEST_CASE(tls_callbacks_and_tls_data) {
  for (bool pe64 : {false, true}) {
    PeFile pe = test_pe::minimal(pe64);
    pe.sections[0].data.assign(0x20, 0xC3);
    auto& d = pe.add_section(".tls", 0xC0000040);
    const unsigned ps = pe64 ? 8 : 4;
    const uint32_t tmpl = d.append_u32(0x11223344);
    d.append_u32(0x55667788);
    const uint32_t index = d.append_u32(0xFFFF);
    const uint32_t cbs = d.reserve(3 * ps, 8);
    d.patch_ptr(cbs, pe.image_base + 0x1010, pe64);
    d.patch_ptr(cbs + ps, 0xDEAD0000, pe64);  // unmapped: reported, not run
    const uint32_t dir = d.reserve(6 * ps, 8);
    d.patch_ptr(dir, pe.image_base + tmpl, pe64);
    d.patch_ptr(dir + ps, pe.image_base + tmpl + 8, pe64);
    d.patch_ptr(dir + 2 * ps, pe.image_base + index, pe64);
    d.patch_ptr(dir + 3 * ps, pe.image_base + cbs, pe64);
    d.patch32(dir + 4 * ps, 8);  // SizeOfZeroFill
    pe.dir(9, dir, pe64 ? 40 : 24);
    auto p = load_pe(pe.build(), {});
    auto eps = p->entry_points();
    BOOST_REQUIRE(eps.size() == 2u);
    BOOST_TEST(eps[0].type == "tls_callback_0");
    BOOST_TEST(eps[0].address == pe.image_base + 0x1010);
    BOOST_TEST(eps[1].type == "module_entry");
    BOOST_TEST(has_note(*p, "points at unmapped memory"));
    BOOST_TEST(p->memory().read_as<uint32_t>(pe.image_base + index).value() == 0u);
    // TEB.ThreadLocalStoragePointer[0] holds a copy of the template
    const uint64_t tls_ptr = test_util::read_ptr(*p, p->teb() + (pe64 ? 0x58 : 0x2C));
    const uint64_t block = test_util::read_ptr(*p, tls_ptr);
    BOOST_TEST(p->memory().read_as<uint32_t>(block).value() == 0x11223344u);
    BOOST_TEST(p->memory().read_as<uint32_t>(block + 4).value() == 0x55667788u);
  }
}

BOOST_AUTO_TEST_CASE(driver_maps_with_kernel_imports) {
  PeFile pe = test_pe::minimal(true);
  pe.subsystem = 1;  // native
  pe.image_base = 0x10000;
  auto& idata = pe.add_section(".idata", 0xC0000040);
  auto slots = test_pe::add_imports(pe, idata, {{"ntoskrnl.exe", {"IoCreateDevice", "KeTickCount"}}, {"HAL.dll", {"KeGetCurrentIrql"}}}, true);
  auto p = load_pe(pe.build(), {});
  auto eps = p->entry_points();
  BOOST_REQUIRE(eps.size() == 1u);
  BOOST_TEST(eps[0].type == "driver_entry");
  const Module* nt = p->find_module("ntoskrnl.exe");
  BOOST_REQUIRE(nt);
  BOOST_TEST(nt->base >= 0xFFFFF80000000000ull);
  const uint64_t io = test_util::read_ptr(*p, 0x10000 + slots[0]);
  BOOST_TEST(p->trap_at(io)->function == "IoCreateDevice");
  // KeTickCount is data: the slot points at a KSYSTEM_TIME, not a trap
  const uint64_t tick = test_util::read_ptr(*p, 0x10000 + slots[1]);
  BOOST_TEST(p->is_data_export(tick));
  BOOST_TEST(p->trap_at(tick) == nullptr);
  BOOST_TEST(p->memory().read_as<uint32_t>(tick).value() != 0u);
  BOOST_TEST(p->trap_at(test_util::read_ptr(*p, 0x10000 + slots[2]))->module == "hal");
}

BOOST_AUTO_TEST_CASE(runtime_load_image_maps_a_second_pe) {
  PeFile main = test_pe::minimal(false);
  auto p = load_pe(main.build(), {});
  PeFile dll = test_pe::minimal(false);
  dll.characteristics |= 0x2000;
  dll.image_base = 0x400000;  // taken: must be relocated
  auto& r = dll.add_section(".reloc", 0x42000040);
  r.append_u32(0x1000);
  r.append_u32(8);
  dll.dir(5, r.rva, 8);
  const Module* m = p->load_image(dll.build(), "dropped.dll", "C:\\Users\\x\\dropped.dll");
  BOOST_REQUIRE(m);
  BOOST_TEST(m->base != 0x400000u);
  BOOST_TEST(p->find_module("dropped.dll") == m);
  BOOST_TEST(m->ldr_entry != 0u);
}

BOOST_AUTO_TEST_SUITE_END()
