// Odds and ends: basic SSE moves, arpl, xgetbv under the CPUID profile,
// enter with nesting, and random bytes that must end in a named stop.
#include <boost/test/unit_test.hpp>

#include <random>

#include "tests/cpu/unit_harness.h"

using namespace emu::cpu;
using namespace emu::cpu::test;

BOOST_AUTO_TEST_SUITE(unit_misc)

BOOST_AUTO_TEST_CASE(sse_moves_copy_128_bits) {
  Guest g(Mode::X64, R"(
    mov rsi, 0x200000
    mov rdi, 0x200100
    movdqa xmm0, [rsi]
    movdqu xmm9, [rsi + 1]
    movaps xmm1, xmm0
    movdqa [rdi], xmm1
    movups [rdi + 17], xmm9
    pxor xmm0, xmm0
    hlt
  )");
  for (int k = 0; k < 32; ++k) g.mem.write_as<uint8_t>(kData + k, static_cast<uint8_t>(k + 1));
  Stop s = g.run();
  BOOST_TEST(s.kind == StopKind::Halt);
  for (int k = 0; k < 16; ++k) {
    BOOST_TEST(*g.mem.read_as<uint8_t>(kData + 0x100 + k) == k + 1);
    BOOST_TEST(*g.mem.read_as<uint8_t>(kData + 0x111 + k) == k + 2);
  }
  const Context c = g.c().context();
  BOOST_TEST(c.xmm[0].lo == 0u);
  BOOST_TEST(c.xmm[0].hi == 0u);
  BOOST_TEST(c.xmm[1].lo == 0x0807060504030201ull);
  BOOST_TEST(c.xmm[9].lo == 0x0908070605040302ull);  // bytes 2..9
  BOOST_TEST(c.xmm[9].hi == 0x11100f0e0d0c0b0aull);  // bytes 10..17
}

BOOST_AUTO_TEST_CASE(arpl_adjusts_rpl) {
  Guest g(Mode::X86, R"(
    mov ax, 0x0010       ; RPL 0
    mov bx, 0x0023       ; RPL 3
    arpl ax, bx          ; ax = 0x0013, ZF = 1
    setz cl
    arpl ax, bx          ; already 3: ZF = 0
    setz ch
    hlt
  )");
  g.run();
  BOOST_TEST((g.r(RAX) & 0xffff) == 0x0013u);
  BOOST_TEST((g.r(RCX) & 0xffff) == 0x0001u);
}

BOOST_AUTO_TEST_CASE(xgetbv_is_undefined_without_osxsave) {
  Guest g(Mode::X64, "xor ecx, ecx\nxgetbv\nhlt");
  Stop s = g.run();
  BOOST_TEST(s.kind == StopKind::Fault);
  BOOST_TEST(s.fault == FaultKind::InvalidOpcode);
  BOOST_TEST(s.pc == kCode + 2);
}

BOOST_AUTO_TEST_CASE(enter_with_nesting_level) {
  // enter 8, 2 in 32-bit mode: push ebp; push [ebp-4]; push frame; ebp = frame; esp -= 8.
  Guest g(Mode::X86, R"(
    mov ebp, 0x170f00
    mov dword [ebp - 4], 0xdddd
    enter 8, 2
    hlt
  )");
  const uint32_t sp0 = static_cast<uint32_t>(g.r(RSP));
  g.run();
  const uint32_t frame = sp0 - 4;
  BOOST_TEST(g.r(RBP) == frame);
  BOOST_TEST(*g.mem.read_as<uint32_t>(sp0 - 4) == 0x170f00u);  // old ebp
  BOOST_TEST(*g.mem.read_as<uint32_t>(sp0 - 8) == 0xddddu);    // copied frame pointer
  BOOST_TEST(*g.mem.read_as<uint32_t>(sp0 - 12) == frame);     // new frame pointer
  BOOST_TEST(g.r(RSP) == sp0 - 12 - 8);
}

// Random bytes in both modes, with and without the decode cache: every run
// ends in one of the named stops, and the same input gives the same result.
BOOST_AUTO_TEST_CASE(random_code_ends_in_named_stops) {
  std::mt19937_64 rng(12345);
  for (int it = 0; it < 400; ++it) {
    std::vector<uint8_t> code(256);
    for (auto& b : code) b = static_cast<uint8_t>(rng());
    for (Mode m : {Mode::X86, Mode::X64}) {
      uint64_t results[2][3];
      for (int cached = 0; cached < 2; ++cached) {
        Guest g(m, code, kPermRead | kPermWrite | kPermExec);
        g.c().set_decode_cache_enabled(cached == 1);
        for (int r = 0; r < 16; ++r)
          if (r != RSP) g.c().set_reg(static_cast<Reg>(r), kData + 0x800 + r * 8);
        Stop s = g.run(2000);
        BOOST_TEST(static_cast<int>(s.kind) <= static_cast<int>(StopKind::Interrupted));
        results[cached][0] = static_cast<uint64_t>(s.kind);
        results[cached][1] = g.c().instructions();
        results[cached][2] = g.r(RAX) ^ g.c().pc();
      }
      BOOST_TEST(results[0][0] == results[1][0]);
      BOOST_TEST(results[0][1] == results[1][1]);
      BOOST_TEST(results[0][2] == results[1][2]);
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
