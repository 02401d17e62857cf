// Basic end-to-end runs of small programs in both modes.
#include <boost/test/unit_test.hpp>

#include "tests/cpu/unit_harness.h"

using namespace emu::cpu;
using namespace emu::cpu::test;

BOOST_AUTO_TEST_SUITE(unit_smoke)

BOOST_AUTO_TEST_CASE(sum_loop_x86) {
  Guest g(Mode::X86, R"(
    xor eax, eax
    mov ecx, 100
  again:
    add eax, ecx
    dec ecx
    jnz again
    hlt
  )");
  Stop s = g.run();
  BOOST_TEST(stop_name(s.kind) == std::string("halt"));
  BOOST_TEST(g.r(RAX) == 5050u);
  BOOST_TEST(g.r(RCX) == 0u);
  // 2 + 3 * 100 + hlt
  BOOST_TEST(g.c().instructions() == 303u);
}

BOOST_AUTO_TEST_CASE(sum_loop_x64_call) {
  Guest g(Mode::X64, R"(
    mov rcx, 10
    call fn
    hlt
  fn:
    lea rax, [rcx*8 + 5]
    mov rdx, 0x123456789abcdef0
    ret
  )");
  Stop s = g.run();
  BOOST_TEST(stop_name(s.kind) == std::string("halt"));
  BOOST_TEST(g.r(RAX) == 85u);
  BOOST_TEST(g.r(RDX) == 0x123456789abcdef0ull);
  BOOST_TEST(g.r(RSP) == kStackTop - 0x100);
}

BOOST_AUTO_TEST_SUITE_END()
