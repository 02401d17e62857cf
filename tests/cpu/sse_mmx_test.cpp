// MMX register forms against the host CPU: results, the x87 side effects
// (TOP = 0, every tag valid, exponent bits of written registers all ones)
// and emms.
#include <boost/test/unit_test.hpp>

#include "tests/cpu/sse_oracle.h"

using namespace emu::cpu;
using namespace emu::cpu::test;

namespace {

// Random XMM/GPR/data inputs plus a random x87 stack (TOP, tags, values).
void mmx_inputs(Rng& g, NativeState& io, uint8_t* data) {
  random_sse_state(g, io, data, 0, false);
  const int top = static_cast<int>(g() % 8);
  const uint16_t fsw = static_cast<uint16_t>(top << 11);
  std::memcpy(io.fx + kFxFsw, &fsw, 2);
  io.fx[kFxFtw] = static_cast<uint8_t>(g());
  for (int i = 0; i < 8; ++i) {
    const uint64_t m = g();
    const uint16_t se = static_cast<uint16_t>(g() % 3 == 0 ? 0xFFFF : g());
    std::memcpy(io.fx + kFxSt + 16 * i, &m, 8);
    std::memcpy(io.fx + kFxSt + 16 * i + 8, &se, 2);
  }
}

int check_mmx(const std::vector<std::string>& insns, int cases) {
  int bad = 0;
  uint64_t seed = 555;
  Compare c;
  c.x87 = true;
  for (const std::string& s : insns) {
    OracleInsn o(s);
    bad += check_against_host(o, s, cases, seed++, mmx_inputs, c);
  }
  return bad;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(sse_mmx)

BOOST_AUTO_TEST_CASE(arithmetic_against_host) {
  std::vector<std::string> v;
  for (const char* mn : {"paddb", "paddw", "paddd", "paddq", "psubb", "psubw", "psubd", "psubq", "paddsb", "paddsw",
                         "paddusb", "paddusw", "psubsb", "psubsw", "psubusb", "psubusw", "pmullw", "pmulhw",
                         "pmulhuw", "pmulhrsw", "pmuludq", "pmaddwd", "pmaddubsw", "pavgb", "pavgw", "pminub",
                         "pmaxub", "pminsw", "pmaxsw", "psadbw", "pcmpeqb", "pcmpeqw", "pcmpeqd", "pcmpgtb",
                         "pcmpgtw", "pcmpgtd", "pand", "pandn", "por", "pxor", "psignb", "psignw", "psignd", "pabsb",
                         "pabsw", "pabsd", "phaddw", "phaddd", "phsubw", "phsubd", "phaddsw", "phsubsw",
                         "punpcklbw", "punpcklwd", "punpckldq", "punpckhbw", "punpckhwd", "punpckhdq", "packsswb",
                         "packssdw", "packuswb", "pshufb"}) {
    v.push_back(std::string(mn) + " mm1, mm2");
    v.push_back(std::string(mn) + " mm3, [rsi+8]");
  }
  BOOST_TEST(check_mmx(v, 24) == 0);
}

BOOST_AUTO_TEST_CASE(shifts_and_shuffles_against_host) {
  std::vector<std::string> v;
  for (const char* mn : {"psllw", "pslld", "psllq", "psrlw", "psrld", "psrlq", "psraw", "psrad"}) {
    for (int c : {0, 3, 15, 31, 63, 200}) v.push_back(std::string(mn) + " mm1, " + std::to_string(c));
    v.push_back(std::string(mn) + " mm1, mm2");
  }
  for (int imm : {0, 0x1B, 0xE4, 0x55}) v.push_back("pshufw mm1, mm2, " + std::to_string(imm));
  for (int imm : {0, 3, 8, 12, 16, 40}) v.push_back("palignr mm1, mm2, " + std::to_string(imm));
  BOOST_TEST(check_mmx(v, 16) == 0);
}

BOOST_AUTO_TEST_CASE(moves_against_host) {
  BOOST_TEST(check_mmx({"movd mm1, eax", "movd mm1, [rsi+4]", "movd ecx, mm2", "movd [rsi+4], mm2", "movq mm1, rdx",
                        "movq rax, mm3", "movq mm1, mm2", "movq mm1, [rsi+8]", "movq [rsi+8], mm7",
                        "movntq [rsi+16], mm2", "movq2dq xmm1, mm2", "movdq2q mm1, xmm2", "pextrw eax, mm2, 2",
                        "pinsrw mm1, ecx, 3", "pinsrw mm1, [rsi+2], 1", "pmovmskb eax, mm2", "emms",
                        "paddb mm1, mm2\nemms"},
                       40) == 0);
}

BOOST_AUTO_TEST_CASE(conversions_against_host) {
  BOOST_TEST(check_mmx({"cvtpi2ps xmm1, mm2", "cvtpi2ps xmm1, [rsi+8]", "cvtpi2pd xmm1, mm2", "cvtpi2pd xmm1, [rsi+8]",
                        "cvtps2pi mm1, xmm2", "cvttps2pi mm1, [rsi+8]", "cvtpd2pi mm1, xmm2",
                        "cvttpd2pi mm1, [rsi+16]", "cvttpd2pi mm1, xmm3"},
                       60) == 0);
}

// maskmovq/maskmovdqu store through DS:[rDI]; the native stub keeps its
// state pointer in RDI, so the cases borrow it around the instruction.
BOOST_AUTO_TEST_CASE(masked_stores_against_host) {
  BOOST_TEST(check_mmx({"push rdi\nlea rdi, [rsi+5]\nmaskmovq mm1, mm2\npop rdi",
                        "push rdi\nlea rdi, [rsi+9]\nmaskmovdqu xmm1, xmm2\npop rdi"},
                       60) == 0);
}

BOOST_AUTO_TEST_SUITE_END()
