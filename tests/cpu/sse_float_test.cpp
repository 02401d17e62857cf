// SSE floating point: hand-computed SDM cases (flags of ucomiss, integer
// indefinite, MXCSR rounding, alignment faults) and, against the host CPU,
// the instructions and MXCSR settings (DAZ, FTZ, every rounding mode) the
// differential tables do not draw.
#include <boost/test/unit_test.hpp>

#include "tests/cpu/sse_oracle.h"

using namespace emu::cpu;
using namespace emu::cpu::test;

namespace {

// Random floats of `lane` bits and an MXCSR with random RC, DAZ and FTZ.
auto fp_inputs(int lane) {
  return [lane](Rng& g, NativeState& io, uint8_t* data) {
    random_sse_state(g, io, data, lane, true);
    uint32_t mx = fx_u32(io.fx, kFxMxcsr);
    if (g() % 4 == 0) mx |= 0x40;    // DAZ
    if (g() % 4 == 0) mx |= 0x8000;  // FTZ
    std::memcpy(io.fx + kFxMxcsr, &mx, 4);
  };
}

int check_all(const std::vector<std::string>& insns, int lane, int cases) {
  int bad = 0;
  uint64_t seed = 11;
  for (const std::string& s : insns) {
    OracleInsn o(s);
    bad += check_against_host(o, s, cases, seed++, fp_inputs(lane));
  }
  return bad;
}

Stop run_guest(Guest& g) { return g.run(100); }

}  // namespace

BOOST_AUTO_TEST_SUITE(sse_float)

// The oracle itself: the native stub really runs the instruction, and a
// planted difference is reported.
BOOST_AUTO_TEST_CASE(oracle_self_check) {
  OracleInsn o(std::string("movd eax, xmm1"));
  alignas(16) static uint8_t data[4096] = {};
  NativeState in;
  std::memset(&in, 0, sizeof in);
  const uint32_t mx = 0x1F80;
  std::memcpy(in.fx + kFxMxcsr, &mx, 4);
  const uint64_t v = 0x1122334455667788ull;
  std::memcpy(in.fx + kFxXmm + 16, &v, 8);
  in.rax = ~0ull;
  in.rflags = 0x202;
  NativeState n = in;
  o.native(n, data);
  BOOST_TEST(n.rax == 0x55667788u);
  NativeState e;
  alignas(16) static uint8_t ed[4096];
  BOOST_TEST(o.emulated(in, data, e, ed) == "halt");
  BOOST_TEST(differences(n, data, e, ed, Compare{}).empty());
  e.rax ^= 1;
  BOOST_TEST(!differences(n, data, e, ed, Compare{}).empty());
}

// ucomiss: ZF PF CF = 000 greater, 001 less, 100 equal, 111 unordered; OF SF AF cleared.
BOOST_AUTO_TEST_CASE(ucomiss_flags_by_hand) {
  Guest g(Mode::X64, R"(
    mov eax, 0x40000000      ; 2.0
    movd xmm0, eax
    mov eax, 0x3F800000      ; 1.0
    movd xmm1, eax
    mov eax, 0x7FC00000      ; QNaN
    movd xmm2, eax
    mov ecx, 0x8D5
    push rcx
    popfq                     ; every arithmetic flag set beforehand
    ucomiss xmm0, xmm1
    pushfq
    pop rbx
    ucomiss xmm1, xmm0
    pushfq
    pop rdx
    ucomiss xmm0, xmm0
    pushfq
    pop rsi
    ucomiss xmm0, xmm2
    pushfq
    pop rdi
    hlt
  )");
  BOOST_TEST(stop_name(run_guest(g).kind) == std::string("halt"));
  BOOST_TEST((g.r(RBX) & 0x8D5) == 0u);
  BOOST_TEST((g.r(RDX) & 0x8D5) == kCF);
  BOOST_TEST((g.r(RSI) & 0x8D5) == kZF);
  BOOST_TEST((g.r(RDI) & 0x8D5) == (kZF | kPF | kCF));
  // A QNaN operand does not raise #I for ucomiss.
  BOOST_TEST((g.c().context().mxcsr & 1) == 0u);
}

// NaN and out-of-range conversions give the integer indefinite and #I;
// cvtsd2si follows MXCSR.RC, cvttsd2si truncates.
BOOST_AUTO_TEST_CASE(conversions_by_hand) {
  Guest g(Mode::X64, R"(
    mov rax, 0x7FF8000000000000
    movq xmm0, rax
    cvttsd2si ebx, xmm0
    mov rax, 0x43E0000000000000   ; 2^63
    movq xmm1, rax
    cvtsd2si rcx, xmm1
    mov rax, 0x4004000000000000   ; 2.5
    movq xmm2, rax
    cvtsd2si edx, xmm2            ; nearest even: 2
    sub rsp, 8
    mov dword [rsp], 0x1F80 | (2 << 13)  ; round up
    ldmxcsr [rsp]
    cvtsd2si esi, xmm2            ; 3
    cvttsd2si edi, xmm2           ; 2
    stmxcsr [rsp+4]
    mov r8d, [rsp+4]
    hlt
  )");
  BOOST_TEST(stop_name(run_guest(g).kind) == std::string("halt"));
  BOOST_TEST(g.r(RBX) == 0x80000000u);
  BOOST_TEST(g.r(RCX) == 0x8000000000000000ull);
  BOOST_TEST(g.r(RDX) == 2u);
  BOOST_TEST(g.r(RSI) == 3u);
  BOOST_TEST(g.r(RDI) == 2u);
  // ldmxcsr cleared the flags; cvtsd2si/cvttsd2si of 2.5 raised #P since.
  BOOST_TEST(g.r(R8) == (0x1F80u | (2u << 13) | 0x20u));
}

// Legacy SSE 128-bit memory operands must be 16-byte aligned (#GP), except
// the unaligned moves; scalar operands need no alignment.
BOOST_AUTO_TEST_CASE(alignment_faults) {
  struct Case {
    const char* insn;
    bool faults;
  } cases[] = {
      {"movdqa xmm0, [rsi+4]", true},  {"movaps [rsi+8], xmm0", true}, {"paddb xmm0, [rsi+4]", true},
      {"addps xmm0, [rsi+4]", true},   {"pshufd xmm0, [rsi+4], 1", true}, {"cvtps2pd xmm0, [rsi+4]", false},
      {"movdqu xmm0, [rsi+4]", false}, {"lddqu xmm0, [rsi+4]", false},   {"addss xmm0, [rsi+4]", false},
      {"movntdq [rsi+8], xmm0", true}, {"ptest xmm0, [rsi+4]", true},     {"pcmpistri xmm0, [rsi+4], 0", false},
      {"pmovzxbw xmm0, [rsi+4]", false}, {"fxsave [rsi+8]", true},       {"paddb xmm0, [rsi+16]", false},
  };
  for (const Case& c : cases) {
    Guest g(Mode::X64, std::string("mov rsi, ") + std::to_string(kData) + "\n" + c.insn + "\nhlt\n");
    const Stop s = run_guest(g);
    if (c.faults) {
      BOOST_TEST((s.kind == StopKind::Fault && s.fault == FaultKind::GeneralProtection), c.insn);
    } else {
      BOOST_TEST(stop_name(s.kind) == std::string("halt"), c.insn);
    }
  }
}

// ldmxcsr with a reserved bit set raises #GP and leaves MXCSR alone.
BOOST_AUTO_TEST_CASE(ldmxcsr_reserved_bits) {
  Guest g(Mode::X64, R"(
    sub rsp, 8
    mov dword [rsp], 0x11F80
    ldmxcsr [rsp]
    hlt
  )");
  const Stop s = run_guest(g);
  BOOST_TEST((s.kind == StopKind::Fault && s.fault == FaultKind::GeneralProtection));
  BOOST_TEST(g.c().context().mxcsr == 0x1F80u);
}

BOOST_AUTO_TEST_CASE(dot_products_against_host) {
  std::vector<std::string> dpps, dppd;
  for (int imm = 0; imm < 256; imm += 5) dpps.push_back("dpps xmm1, xmm2, " + std::to_string(imm));
  dpps.push_back("dpps xmm3, [rsi+32], 0xFF");
  for (int imm = 0; imm < 256; imm += 17) dppd.push_back("dppd xmm1, xmm2, " + std::to_string(imm));
  dppd.push_back("dppd xmm3, [rsi+32], 0x33");
  BOOST_TEST(check_all(dpps, 32, 40) == 0);
  BOOST_TEST(check_all(dppd, 64, 40) == 0);
}

BOOST_AUTO_TEST_CASE(sse3_against_host) {
  BOOST_TEST(check_all({"haddps xmm1, xmm2", "hsubps xmm1, [rsi+16]", "addsubps xmm3, xmm1", "movshdup xmm1, xmm2",
                        "movsldup xmm1, [rsi]", "lddqu xmm4, [rsi+3]"},
                       32, 200) == 0);
  BOOST_TEST(check_all({"haddpd xmm1, xmm2", "hsubpd xmm1, [rsi+16]", "addsubpd xmm3, xmm1", "movddup xmm1, xmm2",
                        "movddup xmm1, [rsi+8]"},
                       64, 200) == 0);
}

// The reciprocal approximations must match the host bit for bit.
BOOST_AUTO_TEST_CASE(approximations_against_host) {
  BOOST_TEST(check_all({"rcpps xmm1, xmm2", "rcpss xmm1, [rsi+4]", "rsqrtps xmm1, [rsi]", "rsqrtss xmm1, xmm2"}, 32,
                       300) == 0);
}

// Arithmetic, compares and conversions under DAZ and FTZ as well as every rounding mode.
BOOST_AUTO_TEST_CASE(daz_ftz_rounding_against_host) {
  BOOST_TEST(check_all({"addps xmm1, xmm2", "mulss xmm1, xmm2", "divps xmm1, [rsi]", "sqrtss xmm1, xmm2",
                        "minps xmm1, xmm2", "maxss xmm1, [rsi+4]", "cmpps xmm1, xmm2, 1", "cmpss xmm1, xmm2, 6",
                        "comiss xmm1, xmm2", "ucomiss xmm1, [rsi+8]", "cvtss2sd xmm1, xmm2", "cvtps2dq xmm1, xmm2",
                        "cvttss2si eax, xmm2", "cvtss2si rax, [rsi+4]", "roundps xmm1, xmm2, 4",
                        "roundss xmm1, xmm2, 1", "cvtdq2ps xmm1, xmm2", "cvtsi2ss xmm1, rax"},
                       32, 150) == 0);
  BOOST_TEST(check_all({"addpd xmm1, xmm2", "subsd xmm1, [rsi+8]", "mulpd xmm1, xmm2", "divsd xmm1, xmm2",
                        "sqrtpd xmm1, xmm2", "minsd xmm1, xmm2", "maxpd xmm1, [rsi]", "cmppd xmm1, xmm2, 2",
                        "cmpsd xmm1, xmm2, 5", "comisd xmm1, xmm2", "cvtsd2ss xmm1, xmm2", "cvtpd2ps xmm1, xmm2",
                        "cvtpd2dq xmm1, xmm2", "cvttpd2dq xmm1, [rsi]", "cvtsd2si eax, xmm2", "roundpd xmm1, xmm2, 12",
                        "roundsd xmm1, [rsi+8], 3", "cvtsi2sd xmm1, rax"},
                       64, 150) == 0);
}

// Every predicate; in the legacy encoding imm8 bits 7:3 are ignored.
BOOST_AUTO_TEST_CASE(compare_predicates_against_host) {
  std::vector<std::string> v;
  for (int p = 0; p < 8; ++p) {
    v.push_back("cmpps xmm1, xmm2, " + std::to_string(p));
    v.push_back("cmpss xmm1, [rsi+4], " + std::to_string(p));
  }
  for (int p : {8, 13, 31, 0x87, 0xFF}) v.push_back("cmpps xmm1, xmm2, " + std::to_string(p));
  BOOST_TEST(check_all(v, 32, 100) == 0);
}

// ldmxcsr / stmxcsr through memory with every valid rounding/DAZ/FTZ/mask combination.
BOOST_AUTO_TEST_CASE(mxcsr_moves_against_host) {
  OracleInsn ld(std::string("ldmxcsr [rsi+12]\nstmxcsr [rsi+100]\naddss xmm1, xmm2"));
  const int bad = check_against_host(ld, "ldmxcsr/stmxcsr", 200, 5, [](Rng& g, NativeState& io, uint8_t* d) {
    random_sse_state(g, io, d, 32, false);
    // Keep every exception masked (an unmasked one would trap natively).
    const uint32_t mx = (static_cast<uint32_t>(g()) & 0xFFC0u & ~0x1F80u) | 0x1F80u | (g() & 0x3F);
    std::memcpy(d + 12, &mx, 4);
  });
  BOOST_TEST(bad == 0);
}

BOOST_AUTO_TEST_SUITE_END()
