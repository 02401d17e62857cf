// The YMM register file and the edges of the VEX support that the
// differential tests cannot reach: VEX instructions that are not
// implemented (and EVEX forms of implemented mnemonics) stop as
// Unimplemented with their mnemonic; vzeroupper outside 64-bit mode leaves
// YMM8-15 alone; the CPUID profile advertises no AVX, AVX2 or FMA.
#include <boost/test/unit_test.hpp>

#include "cpu/isa.h"
#include "tests/cpu/unit_harness.h"

using namespace emu::cpu;
using namespace emu::cpu::test;

namespace {

void expect_unimplemented(const std::string& src, const std::string& mnemonic) {
  Guest g(Mode::X64, "nop\n" + src + "\nhlt");
  const Stop s = g.run();
  BOOST_TEST(s.kind == StopKind::Unimplemented, src);
  BOOST_TEST(s.mnemonic == mnemonic, src);
  BOOST_TEST(s.pc == kCode + 1, src);
  BOOST_TEST(g.c().instructions() == 1u, src);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(unit_avx)

BOOST_AUTO_TEST_CASE(unimplemented_vex_instructions_stop_by_name) {
  expect_unimplemented("vaddps ymm0, ymm1, ymm2", "vaddps");
  expect_unimplemented("vpshufb xmm0, xmm1, xmm2", "vpshufb");
  expect_unimplemented("vbroadcastss ymm0, [rsp]", "vbroadcastss");
  expect_unimplemented("vzeroall", "vzeroall");
  // EVEX (AVX-512) encodings of mnemonics whose VEX forms are implemented.
  expect_unimplemented("vaddsd xmm16, xmm1, xmm2", "vaddsd");
  expect_unimplemented("vmovdqu64 zmm1, [rsp]", "vmovdqu64");
  expect_unimplemented("vpxorq zmm0, zmm1, zmm2", "vpxorq");
}

BOOST_AUTO_TEST_CASE(vzeroupper_in_x86_mode_keeps_ymm8_to_15) {
  Guest g(Mode::X86, "vzeroupper\nhlt");
  Context c = g.c().context();
  for (int k = 0; k < 16; ++k) c.ymm_hi[k] = Xmm{0x1111111111111111ull * (k + 1), ~0ull};
  g.c().set_context(c);
  BOOST_TEST(g.run().kind == StopKind::Halt);
  const Context after = g.c().context();
  for (int k = 0; k < 8; ++k) {
    BOOST_TEST(after.ymm_hi[k].lo == 0u);
    BOOST_TEST(after.ymm_hi[k].hi == 0u);
  }
  for (int k = 8; k < 16; ++k) BOOST_TEST(after.ymm_hi[k].lo == c.ymm_hi[k].lo);
}

BOOST_AUTO_TEST_CASE(upper_halves_follow_the_encoding) {
  // Legacy SSE keeps bits 255:128, VEX.128 clears them, VEX.256 writes them.
  Guest g(Mode::X64, R"(
    paddq xmm1, xmm2
    vpaddq xmm3, xmm3, xmm2
    vpaddq ymm4, ymm5, ymm5
    hlt
  )");
  Context c = g.c().context();
  for (int k = 0; k < 16; ++k) c.ymm_hi[k] = Xmm{uint64_t(k), uint64_t(100 + k)};
  g.c().set_context(c);
  BOOST_TEST(g.run().kind == StopKind::Halt);
  const Context a = g.c().context();
  BOOST_TEST(a.ymm_hi[1].lo == 1u);
  BOOST_TEST(a.ymm_hi[1].hi == 101u);
  BOOST_TEST(a.ymm_hi[3].lo == 0u);
  BOOST_TEST(a.ymm_hi[3].hi == 0u);
  BOOST_TEST(a.ymm_hi[4].lo == 10u);
  BOOST_TEST(a.ymm_hi[4].hi == 210u);
}

BOOST_AUTO_TEST_CASE(cpuid_advertises_no_avx_and_xgetbv_is_undefined) {
  Guest g(Mode::X64, R"(
    mov eax, 1
    cpuid
    mov r8d, ecx
    mov eax, 7
    xor ecx, ecx
    cpuid
    mov r9d, ebx
    hlt
  )");
  BOOST_TEST(g.run().kind == StopKind::Halt);
  const uint32_t ecx1 = static_cast<uint32_t>(g.r(R8)), ebx7 = static_cast<uint32_t>(g.r(R9));
  BOOST_TEST((ecx1 & (1u << 28)) == 0u);  // AVX
  BOOST_TEST((ecx1 & (1u << 27)) == 0u);  // OSXSAVE
  BOOST_TEST((ecx1 & (1u << 12)) == 0u);  // FMA
  BOOST_TEST((ebx7 & (1u << 5)) == 0u);   // AVX2
  Guest x(Mode::X64, "xor ecx, ecx\nxgetbv\nhlt");
  const Stop s = x.run();
  BOOST_TEST(s.kind == StopKind::Fault);
  BOOST_TEST(s.fault == FaultKind::InvalidOpcode);
  BOOST_TEST(is_implemented(ZYDIS_MNEMONIC_VFMADD231SD));
}

BOOST_AUTO_TEST_SUITE_END()
