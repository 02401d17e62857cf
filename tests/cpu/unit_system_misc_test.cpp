// sldt and bound against the Intel SDM: sldt stores the LDT selector (none
// at Windows user level, so 0); bound compares a signed index with the
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
