// sldt, str, sidt, sgdt and bound against the Intel SDM: sldt stores the
// LDT selector (none at Windows user level, so 0), str the task register
// (Windows: 0x28 on x86, 0x40 on x64); sidt/sgdt store a 16-bit limit and a
// 32-bit (x86) or 64-bit (x64) base, a kernel address on Windows; bound compares a signed index with the
// signed lower/upper pair in memory and raises #BR outside it.
#include <boost/test/unit_test.hpp>

#include "tests/cpu/unit_harness.h"

using namespace emu::cpu;
using namespace emu::cpu::test;

BOOST_AUTO_TEST_SUITE(system_misc)

BOOST_AUTO_TEST_CASE(sldt_stores_null_selector) {
  // Memory form writes exactly 16 bits; the bytes after it are untouched.
  Guest a(Mode::X86, R"(
    mov dword [0x200000], 0xAAAAAAAA
    sldt [0x200000]
    mov eax, 0xFFFFFFFF
    sldt ax
    mov ebx, 0xFFFFFFFF
    sldt ebx
    hlt
  )");
  Stop s = a.run();
  BOOST_TEST(s.kind == StopKind::Halt);
  BOOST_TEST(*a.mem.read_as<uint32_t>(kData) == 0xAAAA0000u);
  BOOST_TEST(a.r(RAX) == 0xFFFF0000u);  // 16-bit register form merges
  BOOST_TEST(a.r(RBX) == 0u);           // 32-bit form zero-extends

  Guest b(Mode::X64, R"(
    mov rax, -1
    sldt rax
    hlt
  )");
  s = b.run();
  BOOST_TEST(s.kind == StopKind::Halt);
  BOOST_TEST(b.r(RAX) == 0u);
}

BOOST_AUTO_TEST_CASE(str_stores_the_windows_task_register) {
  Guest a(Mode::X86, R"(
    mov dword [0x200000], 0xAAAAAAAA
    str [0x200000]
    mov ebx, 0xFFFFFFFF
    str ebx
    hlt
  )");
  BOOST_TEST(a.run().kind == StopKind::Halt);
  BOOST_TEST(*a.mem.read_as<uint32_t>(kData) == 0xAAAA0028u);  // 16 bits written
  BOOST_TEST(a.r(RBX) == 0x28u);
  Guest b(Mode::X64, R"(
    mov rax, -1
    str rax
    hlt
  )");
  BOOST_TEST(b.run().kind == StopKind::Halt);
  BOOST_TEST(b.r(RAX) == 0x40u);
}

BOOST_AUTO_TEST_CASE(sidt_and_sgdt_store_limit_then_base) {
  // x86: 6 bytes (limit, 32-bit base); the byte after them is untouched.
  Guest a(Mode::X86, R"(
    mov dword [0x200004], 0xAAAAAAAA
    sidt [0x200000]
    sgdt [0x200010]
    hlt
  )");
  BOOST_TEST(a.run().kind == StopKind::Halt);
  const uint16_t idt_limit = *a.mem.read_as<uint16_t>(kData);
  const uint32_t idt_base = *a.mem.read_as<uint32_t>(kData + 2);
  BOOST_TEST(idt_limit == 0x7FFu);                // 256 gates of 8 bytes, minus one
  BOOST_TEST(idt_base >= 0x80000000u);            // kernel space
  BOOST_TEST(idt_base < 0xD0000000u);             // below where some VMs relocate it
  BOOST_TEST(*a.mem.read_as<uint16_t>(kData + 6) == 0xAAAAu);
  BOOST_TEST(*a.mem.read_as<uint32_t>(kData + 0x12) >= 0x80000000u);

  // x64: 10 bytes (limit, 64-bit canonical kernel base).
  Guest b(Mode::X64, R"(
    mov qword [0x200008], -1
    sidt [0x200000]
    hlt
  )");
  BOOST_TEST(b.run().kind == StopKind::Halt);
  BOOST_TEST(*b.mem.read_as<uint16_t>(kData) == 0xFFFu);  // 256 gates of 16 bytes, minus one
  const uint64_t base64 = *b.mem.read_as<uint64_t>(kData + 2);
  BOOST_TEST(base64 >= 0xFFFF800000000000ull);
  BOOST_TEST(*b.mem.read_as<uint16_t>(kData + 10) == 0xFFFFu);
}

BOOST_AUTO_TEST_CASE(bound_in_range_continues) {
  Guest g(Mode::X86, R"(
    mov dword [0x200000], -5
    mov dword [0x200004], 10
    mov eax, -5
    bound eax, [0x200000]
    mov eax, 10
    bound eax, [0x200000]
    mov word [0x200010], -2
    mov word [0x200012], 3
    mov cx, 0xFFFE
    bound cx, [0x200010]
    mov ebx, 1
    hlt
  )");
  Stop s = g.run();
  BOOST_TEST(s.kind == StopKind::Halt);
  BOOST_TEST(g.r(RBX) == 1u);
}

BOOST_AUTO_TEST_CASE(bound_out_of_range_raises_br_at_the_instruction) {
  // Above the upper bound (signed: 11 > 10).
  Guest a(Mode::X86, R"(
    mov dword [0x200000], -5
    mov dword [0x200004], 10
    mov eax, 11
    bound eax, [0x200000]
    hlt
  )");
  Stop s = a.run();
  BOOST_TEST(s.kind == StopKind::Fault);
  BOOST_TEST(s.fault == FaultKind::BoundRange);
  BOOST_TEST(s.pc == kCode + 20 + 5);  // two 10-byte stores, one mov eax
  BOOST_TEST(a.c().pc() == s.pc);      // a fault: rip stays on the bound

  // Below the lower bound, compared as signed 16-bit values (0x8000 < -2).
  Guest b(Mode::X86, R"(
    mov word [0x200010], -2
    mov word [0x200012], 3
    mov cx, 0x8000
    bound cx, [0x200010]
    hlt
  )");
  s = b.run();
  BOOST_TEST(s.kind == StopKind::Fault);
  BOOST_TEST(s.fault == FaultKind::BoundRange);
}

BOOST_AUTO_TEST_CASE(bound_reads_unmapped_bounds_as_page_fault) {
  Guest g(Mode::X86, R"(
    xor eax, eax
    bound eax, [0x10]
    hlt
  )");
  Stop s = g.run();
  BOOST_TEST(s.kind == StopKind::Fault);
  BOOST_TEST(s.fault == FaultKind::PageFault);
  BOOST_TEST(s.address == 0x10u);
}

BOOST_AUTO_TEST_SUITE_END()
