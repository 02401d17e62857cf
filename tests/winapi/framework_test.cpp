// Unit tests of the API framework that need no guest execution: printf
// rendering, the virtual file system, the registry, the handle table, the
// heap allocator, calling-convention argument reading and the registry of
// handlers.
#include <boost/test/unit_test.hpp>

#include <cstring>

#include "loader/loader.h"
#include "winapi/core/api.h"
#include "winapi/core/handles.h"
#include "winapi/core/heap.h"
#include "winapi/core/printf.h"
#include "winapi/core/registry.h"
#include "winapi/core/text.h"
#include "winapi/core/vfs.h"
#include "winapi/engine.h"
#include "winapi/report/report.h"
#include "winapi/runtime/session.h"

using namespace emu::winapi;

namespace {
// Variadic arguments from a host array of slots, strings from a host table.
VarArgs slots(std::vector<uint64_t> v, unsigned size = 4, std::map<uint64_t, std::string> strs = {}) {
  VarArgs a;
  a.slot_size = size;
  auto data = std::make_shared<std::vector<uint64_t>>(std::move(v));
  auto i = std::make_shared<size_t>(0);
  a.next_slot = [data, i]() { return *i < data->size() ? (*data)[(*i)++] : 0; };
  auto table = std::make_shared<std::map<uint64_t, std::string>>(std::move(strs));
  a.read_astr = [table](uint64_t p) { return (*table)[p]; };
  a.read_wstr = [table](uint64_t p) { return utf8_to_utf16((*table)[p]); };
  return a;
}
std::string fmt(const std::string& f, VarArgs a) { return format_printf_narrow(f, a); }
}  // namespace

BOOST_AUTO_TEST_SUITE(framework)

BOOST_AUTO_TEST_CASE(printf_integers_match_host) {
  char buf[128];
  std::snprintf(buf, sizeof buf, "%d|%5d|%-5d|%05d|%x|%X|%#x|%u|%+d", -42, 42, 42, 42, 255, 255, 255, 4000000000u, 7);
  BOOST_TEST(fmt("%d|%5d|%-5d|%05d|%x|%X|%#x|%u|%+d",
                 slots({static_cast<uint32_t>(-42), 42, 42, 42, 255, 255, 255, 4000000000u, 7})) == buf);
}

BOOST_AUTO_TEST_CASE(printf_64bit_on_x86_takes_two_slots) {
  // %I64d / %lld consume two 32-bit slots on x86, low word first.
  BOOST_TEST(fmt("%I64d %lld %d", slots({0x00000001, 0x00000002, 5, 0, 9})) == "8589934593 5 9");
  BOOST_TEST(fmt("%llx", slots({0xdeadbeef, 0x1}, 8)) == "deadbeef");
}

BOOST_AUTO_TEST_CASE(printf_strings_chars_pointers) {
  BOOST_TEST(fmt("%s=%S|%c|%.3s|%5s|%-4s|", slots({0x10, 0x20, 'A', 0x10, 0x30, 0x30}, 4,
                                                  {{0x10, "argv"}, {0x20, "wide"}, {0x30, "ab"}})) ==
             "argv=wide|A|arg|   ab|ab  |");
  BOOST_TEST(fmt("%s", slots({0})) == "(null)");
  BOOST_TEST(fmt("%p", slots({0x401000})) == "00401000");
  BOOST_TEST(fmt("%p", slots({0x140001000ull}, 8)) == "0000000140001000");
  BOOST_TEST(fmt("100%% %zu", slots({77})) == "100% 77");
}

BOOST_AUTO_TEST_CASE(printf_wide_format_swaps_s_and_S) {
  VarArgs a = slots({0x10, 0x20}, 4, {{0x10, "wide"}, {0x20, "narrow"}});
  BOOST_TEST(utf16_to_utf8(format_printf(u"%s %S", true, a)) == "wide narrow");
}

BOOST_AUTO_TEST_CASE(printf_floats_and_star_width) {
  double d = 3.25;
  uint64_t bits;
  std::memcpy(&bits, &d, 8);
  BOOST_TEST(fmt("%.2f|%*d", slots({bits & 0xFFFFFFFF, bits >> 32, 4, 7})) == "3.25|   7");
}

BOOST_AUTO_TEST_CASE(vfs_rules_full_path_ext_default) {
  Config cfg;
  FileRule a; a.mode = FileRule::Mode::FullPath; a.emu_path = "c:\\data\\secret.bin"; a.content.fill_byte = 0x41; a.content.fill_size = 3;
  FileRule b; b.mode = FileRule::Mode::ByExt; b.ext = "txt"; b.content.fill_byte = 0x42; b.content.fill_size = 2;
  FileRule p; p.mode = FileRule::Mode::FullPath; p.emu_path = "\\\\.\\pipe*"; p.content.fill_byte = 0x43; p.content.fill_size = 1;
  FileRule d; d.mode = FileRule::Mode::Default; d.content.fill_byte = 0x90; d.content.fill_size = 4;
  cfg.files = {a, b, p, d};
  cfg.current_dir = "C:\\Windows\\system32";
  Vfs v(cfg);
  BOOST_TEST(v.find("\\??\\C:\\DATA\\Secret.bin")->data == std::vector<uint8_t>(3, 0x41));
  BOOST_TEST(v.find("c:\\x\\notes.TXT")->data == std::vector<uint8_t>(2, 0x42));
  BOOST_TEST(v.find("\\\\.\\pipe\\x")->data == std::vector<uint8_t>(1, 0x43));
  BOOST_TEST(v.find("other.dat")->data == std::vector<uint8_t>(4, 0x90));
  BOOST_TEST(v.full_path("a\\..\\b.txt") == "C:\\Windows\\system32\\b.txt");
  auto w = v.create("c:\\drop\\out.exe");
  w->data = {1, 2};
  BOOST_TEST(v.written_files().size() == 1u);
  BOOST_TEST(v.find("C:\\DROP\\OUT.EXE") == w);
  BOOST_TEST(v.remove("c:\\drop\\out.exe"));
  cfg.files.clear();
  Vfs empty(cfg);
  BOOST_TEST(!empty.find("c:\\missing.txt"));
}

BOOST_AUTO_TEST_CASE(registry_seed_create_and_canonical) {
  Config cfg;
  cfg.registry_keys = {{"HKEY_LOCAL_MACHINE\\Software\\Test", {{"Start", "REG_DWORD", "0x00000003"}, {"Name", "REG_SZ", "ab"}}}};
  Registry reg(cfg);
  RegKey* k = reg.find("hklm\\software\\test");
  BOOST_REQUIRE(k);
  BOOST_TEST(k->values["start"].type == kRegDword);
  BOOST_TEST(k->values["start"].data == std::vector<uint8_t>({3, 0, 0, 0}));
  BOOST_TEST(k->values["name"].data == std::vector<uint8_t>({'a', 0, 'b', 0, 0, 0}));
  BOOST_TEST(Registry::canonical("\\Registry\\Machine\\System") == "HKEY_LOCAL_MACHINE\\System");
  BOOST_TEST(Registry::root_name(0x80000001) == "HKEY_CURRENT_USER");
  reg.create("HKEY_CURRENT_USER\\A\\B\\C");
  BOOST_TEST(reg.find("HKEY_CURRENT_USER\\A\\B"));
  BOOST_TEST(reg.find("HKEY_CURRENT_USER\\A")->subkeys.count("b") == 1u);
  BOOST_TEST(!reg.find("HKEY_CURRENT_USER\\Nope"));
}

BOOST_AUTO_TEST_CASE(handle_table_kinds_and_names) {
  HandleTable t;
  auto m = std::make_shared<SyncObject>();
  m->name = "Global\\mtx";
  const uint64_t h1 = t.add(m);
  const uint64_t h2 = t.add(std::make_shared<FileObject>());
  BOOST_TEST(h1 == 0x80u);
  BOOST_TEST(h2 == 0x84u);
  BOOST_TEST(t.get<SyncObject>(h1) == m);
  BOOST_TEST(!t.get<FileObject>(h1));
  BOOST_TEST(t.find_named("sync", "Global\\mtx") == m);
  BOOST_TEST(t.close(h1));
  BOOST_TEST(!t.close(h1));
  BOOST_TEST(t.add(m) == 0x88u);  // never reused
}

BOOST_AUTO_TEST_CASE(heap_allocates_frees_and_reuses) {
  emu::cpu::Memory mem;
  GuestHeap h(mem, "heap", 0, 0, 0x7FFE0000);
  const uint64_t a = h.alloc(100, true);
  const uint64_t b = h.alloc(100, false);
  BOOST_REQUIRE(a);
  BOOST_TEST(a % 16 == 0u);
  BOOST_TEST(b >= a + 100);
  BOOST_TEST(mem.read_as<uint32_t>(a).value() == 0u);
  BOOST_TEST(*h.size_of(a) == 100u);
  mem.write_as<uint32_t>(a, 0x11223344);
  const uint64_t c = h.realloc(a, 5000, false);
  BOOST_TEST(mem.read_as<uint32_t>(c).value() == 0x11223344u);
  BOOST_TEST(h.free(b));
  BOOST_TEST(!h.free(b));
  BOOST_TEST(h.alloc(1ull << 40, false) == 0u);
}

BOOST_AUTO_TEST_CASE(calling_conventions_read_arguments) {
  // A shellcode process gives a real address space and CPU without running it.
  std::vector<uint8_t> code(16, 0xC3);
  for (auto arch : {emu::loader::Arch::X86, emu::loader::Arch::X64}) {
    emu::loader::LoadOptions o;
    o.raw_arch = arch;
    auto proc = emu::loader::load_shellcode(code, o);
    Config cfg;
    Session s(cfg, *proc, nullptr);
    s.cpu.set_context(proc->initial_context(proc->main_thread()));
    const uint64_t sp = (s.cpu.reg(emu::cpu::RSP) - 0x100) & ~0xFull;
    s.cpu.set_reg(emu::cpu::RSP, sp);
    s.write_ptr(sp, 0x1234);  // return address
    if (s.x64) {
      s.cpu.set_reg(emu::cpu::RCX, 1);
      s.cpu.set_reg(emu::cpu::RDX, 2);
      s.cpu.set_reg(emu::cpu::R8, 3);
      s.cpu.set_reg(emu::cpu::R9, 4);
      s.write_u64(sp + 0x28, 5);  // past the shadow space
      s.write_u64(sp + 0x30, 6);
      Call c(s, "t.f", Conv::Stdcall, 6);
      for (unsigned i = 0; i < 6; ++i) BOOST_TEST(c.arg(i) == i + 1);
      s.return_from_api(Conv::Stdcall, 6, c.return_address, c.sp, 7);
      BOOST_TEST(s.cpu.reg(emu::cpu::RSP) == sp + 8);
    } else {
      for (unsigned i = 0; i < 3; ++i) s.write_u32(sp + 4 + 4 * i, 10 + i);
      Call std_call(s, "t.f", Conv::Stdcall, 3);
      BOOST_TEST(std_call.arg(2) == 12u);
      s.cpu.set_reg(emu::cpu::RCX, 0xC);
      s.cpu.set_reg(emu::cpu::RDX, 0xD);
      Call fast(s, "t.g", Conv::Fastcall, 3);
      BOOST_TEST(fast.arg(0) == 0xCu);
      BOOST_TEST(fast.arg(1) == 0xDu);
      BOOST_TEST(fast.arg(2) == 10u);
      s.return_from_api(Conv::Stdcall, 3, std_call.return_address, sp, 0x55);
      BOOST_TEST(s.cpu.reg(emu::cpu::RSP) == sp + 16);
      BOOST_TEST(s.cpu.pc() == 0x1234u);
      BOOST_TEST(s.cpu.reg(emu::cpu::RAX) == 0x55u);
      s.cpu.set_reg(emu::cpu::RSP, sp);
      s.return_from_api(Conv::Cdecl, 3, 0x1234, sp, 0);
      BOOST_TEST(s.cpu.reg(emu::cpu::RSP) == sp + 4);
    }
  }
}

BOOST_AUTO_TEST_CASE(registry_of_handlers_and_aliases) {
  const auto& r = ApiRegistry::instance();
  BOOST_TEST(r.find("kernel32", "CreateFileA"));
  BOOST_TEST(r.find("KERNELBASE.dll", "CreateFileW"));
  BOOST_TEST(r.find("api-ms-win-crt-stdio-l1-1-0", "__stdio_common_vfprintf"));
  BOOST_TEST(r.find("msvcr100", "_except_handler4_common"));
  BOOST_TEST(r.find("wsock32", "connect"));
  BOOST_TEST(!r.find("kernel32", "NoSuchFunction"));
  BOOST_TEST(ApiRegistry::canonical_dll("ucrtbase.dll") == "msvcrt");
  // Every A/W pair that exists shares the argument kinds except the strings.
  for (auto& [dll, table] : r.tables())
    for (auto& [name, def] : table) {
      if (name.empty() || name.back() != 'A') continue;
      if (name == "GetStringTypeA") continue;  // Windows' A form takes an extra LCID
      auto w = table.find(name.substr(0, name.size() - 1) + "W");
      if (w == table.end()) continue;
      BOOST_TEST(def.kinds.size() == w->second.kinds.size(), dll << "." << name);
    }
}

BOOST_AUTO_TEST_CASE(text_helpers) {
  BOOST_TEST(sha256_hex(std::string_view("abc")) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  BOOST_TEST(sha256_hex(std::string_view("")) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  BOOST_TEST(utf16_to_utf8(utf8_to_utf16("h\xc3\xa9llo \xf0\x9f\x98\x80")) == "h\xc3\xa9llo \xf0\x9f\x98\x80");
  BOOST_TEST(api_hash({"kernel32.getprocaddress", "user32.messageboxa"}) ==
             sha256_hex(std::string_view("kernel32.getprocaddress,user32.messageboxa")));
  BOOST_TEST(normalize_instr("mov dword ptr [0x00000000], 0x14") == "mov dword ptr [0], 0x14");
  BOOST_TEST(normalize_instr("add eax, 0x00000009") == "add eax, 9");
}

BOOST_AUTO_TEST_SUITE_END()
