// SSE integer, shuffle and transfer forms against the host CPU, for the
// operand forms the differential tables leave out (memory destinations of
// extracts, 64-bit inserts, non-temporal moves, insertps/extractps, the
// remaining SSSE3/SSE4.1 operations), plus hand-computed SDM cases.
#include <boost/test/unit_test.hpp>

#include "tests/cpu/sse_oracle.h"

using namespace emu::cpu;
using namespace emu::cpu::test;

namespace {

int check_all(const std::vector<std::string>& insns, int lane, int cases) {
  int bad = 0;
  uint64_t seed = 101;
  for (const std::string& s : insns) {
    OracleInsn o(s);
    bad += check_against_host(o, s, cases, seed++, [lane](Rng& g, NativeState& io, uint8_t* d) {
      random_sse_state(g, io, d, lane, false);
    });
  }
  return bad;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(sse_int)

BOOST_AUTO_TEST_CASE(transfers_against_host) {
  BOOST_TEST(check_all({"movd xmm3, eax", "movd ecx, xmm2", "movq xmm3, rdx", "movq rax, xmm5", "movq xmm1, [rsi+8]",
                        "movq [rsi+24], xmm1", "movq xmm1, xmm2", "movd [rsi+4], xmm7", "movd xmm7, [rsi+12]",
                        "movss xmm1, xmm2", "movss xmm1, [rsi+4]", "movss [rsi+4], xmm1", "movsd xmm1, xmm2",
                        "movsd xmm1, [rsi+8]", "movsd [rsi+8], xmm1", "movlps xmm1, [rsi+8]", "movhps [rsi+8], xmm1",
                        "movlpd [rsi], xmm2", "movhpd xmm2, [rsi+24]", "movhlps xmm1, xmm2", "movlhps xmm1, xmm2",
                        "movnti [rsi+4], eax", "movnti [rsi+8], rdx", "movntdqa xmm1, [rsi+32]",
                        "movntpd [rsi+16], xmm3", "movntdq [rsi+48], xmm3", "pmovmskb eax, xmm9",
                        "movmskps rcx, xmm2", "movmskpd edx, xmm2"},
                       0, 40) == 0);
}

BOOST_AUTO_TEST_CASE(lane_moves_against_host) {
  std::vector<std::string> v;
  for (int imm : {0, 3, 7, 13, 255}) {
    const std::string i = std::to_string(imm);
    v.push_back("pextrb eax, xmm2, " + i);
    v.push_back("pextrb [rsi+3], xmm2, " + i);
    v.push_back("pextrw ecx, xmm2, " + i);
    v.push_back("pextrw [rsi+2], xmm2, " + i);
    v.push_back("pextrd [rsi+4], xmm2, " + i);
    v.push_back("pextrq rdx, xmm2, " + i);
    v.push_back("pextrq [rsi+8], xmm2, " + i);
    v.push_back("extractps eax, xmm2, " + i);
    v.push_back("extractps [rsi+4], xmm2, " + i);
    v.push_back("pinsrb xmm1, ecx, " + i);
    v.push_back("pinsrw xmm1, edx, " + i);
    v.push_back("pinsrw xmm1, [rsi+6], " + i);
    v.push_back("pinsrd xmm1, [rsi+4], " + i);
    v.push_back("pinsrq xmm1, [rsi+8], " + i);
    v.push_back("pinsrq xmm1, rax, " + i);
    v.push_back("insertps xmm1, xmm2, " + i);
    v.push_back("insertps xmm1, [rsi+4], " + i);
  }
  BOOST_TEST(check_all(v, 0, 16) == 0);
}

BOOST_AUTO_TEST_CASE(operations_against_host) {
  BOOST_TEST(check_all({"phsubsw xmm1, xmm2", "phaddsw xmm1, [rsi]", "pmaddubsw xmm3, [rsi+16]", "pmulhrsw xmm1, xmm1",
                        "pshufb xmm1, [rsi+32]", "palignr xmm1, xmm2, 33", "palignr xmm1, xmm2, 17",
                        "mpsadbw xmm1, xmm2, 5", "mpsadbw xmm1, [rsi], 2", "phminposuw xmm1, [rsi+16]",
                        "packusdw xmm1, xmm2", "pcmpgtq xmm1, [rsi+48]", "pmuldq xmm1, xmm2", "pabsd xmm3, [rsi]",
                        "psraw xmm1, 15", "psrad xmm1, 40", "psrlq xmm1, 64", "psllq xmm1, [rsi+16]",
                        "pslldq xmm1, 3", "psrldq xmm1, 17", "pblendvb xmm1, [rsi+16], xmm0", "blendvps xmm2, xmm3, xmm0",
                        "pmovsxbq xmm1, [rsi+2]", "pmovzxwq xmm1, xmm2", "ptest xmm1, [rsi]"},
                       0, 60) == 0);
}

// pshufb: a set bit 7 in the selector zeroes the byte; otherwise the low
// four bits pick a byte (SDM). Hand-checked: reverse the bytes.
BOOST_AUTO_TEST_CASE(pshufb_by_hand) {
  Guest g(Mode::X64, R"(
    movdqu xmm0, [rel data]
    movdqu xmm1, [rel sel]
    pshufb xmm0, xmm1
    movq rax, xmm0
    pextrq rbx, xmm0, 1
    hlt
  data: db 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
  sel:  db 15,14,13,12,11,10,9,8,7,6,5,4,3,2,0x81,0x80
  )");
  BOOST_TEST(stop_name(g.run().kind) == std::string("halt"));
  BOOST_TEST(g.r(RAX) == 0x08090A0B0C0D0E0Full);
  BOOST_TEST(g.r(RBX) == 0x0000020304050607ull);
}

// psadbw: sums of absolute byte differences per quadword (SDM).
BOOST_AUTO_TEST_CASE(psadbw_by_hand) {
  Guest g(Mode::X64, R"(
    movdqu xmm0, [rel a]
    movdqu xmm1, [rel b]
    psadbw xmm0, xmm1
    movq rax, xmm0
    pextrq rbx, xmm0, 1
    hlt
  a: db 10, 0, 255, 0, 0, 0, 0, 0,   1, 2, 3, 4, 5, 6, 7, 8
  b: db 0, 10, 0, 255, 0, 0, 0, 0,   8, 7, 6, 5, 4, 3, 2, 1
  )");
  BOOST_TEST(stop_name(g.run().kind) == std::string("halt"));
  BOOST_TEST(g.r(RAX) == 530u);  // 10 + 10 + 255 + 255
  BOOST_TEST(g.r(RBX) == 32u);   // 7+5+3+1+1+3+5+7
}

// SSE registers survive 32-bit mode: movd/paddd/pmovmskb there too.
BOOST_AUTO_TEST_CASE(x86_mode_strlen_idiom) {
  Guest g(Mode::X86, R"(
    call next
  next:
    pop esi
    add esi, str - next
    pxor xmm0, xmm0
    movdqu xmm1, [esi]
    pcmpeqb xmm1, xmm0
    pmovmskb eax, xmm1
    bsf ecx, eax
    hlt
  str: db 'hello, world', 0, 'xyz'
  )");
  BOOST_TEST(stop_name(g.run().kind) == std::string("halt"));
  BOOST_TEST(g.r(RCX) == 12u);
  BOOST_TEST(g.r(RAX) == 0x1000u);
}

BOOST_AUTO_TEST_SUITE_END()
