// SSE4.2 string compares and crc32: hand-computed cases from the SDM's
// definitions, and every imm8 mode of pcmpistri/pcmpistrm/pcmpestri/
// pcmpestrm against the host CPU.
#include <boost/test/unit_test.hpp>

#include "tests/cpu/sse_oracle.h"

using namespace emu::cpu;
using namespace emu::cpu::test;

namespace {

// Random strings over a small alphabet with embedded zero terminators, so
// that every aggregation finds matches, partial matches and ends.
void string_inputs(Rng& g, NativeState& io, uint8_t* data) {
  random_sse_state(g, io, data, 0, false);
  const uint8_t alphabet[] = {'a', 'b', 'c', 'a', 'b', 0x80, 0xFF, 0x7F, 1, 0};
  auto fill = [&](uint8_t* p, int n) {
    for (int k = 0; k < n; ++k) p[k] = alphabet[g() % sizeof alphabet];
    if (g() % 3 == 0) p[g() % n] = 0;
    if (g() % 4 == 0) std::memset(p, 'a', n);
  };
  for (int r = 0; r < 16; ++r) fill(io.fx + kFxXmm + 16 * r, 16);
  fill(data, 64);
  // Explicit lengths: in range, negative, beyond the element count.
  auto len = [&]() -> uint64_t {
    switch (g() % 4) {
      case 0: return static_cast<uint64_t>(static_cast<int64_t>(g() % 41) - 20);
      case 1: return g();
      default: return g() % 17;
    }
  };
  io.rax = len();
  io.rdx = len();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(sse_string)

// "equal any" (imm 0x00) on unsigned bytes: xmm1 = "ab", xmm2 = "xxbxa": the
// first match is b at index 2; CF = 1, ZF = SF = 1 (both strings end).
BOOST_AUTO_TEST_CASE(pcmpistri_equal_any_by_hand) {
  Guest g(Mode::X64, R"(
    movdqu xmm1, [rel set]
    movdqu xmm2, [rel text]
    pcmpistri xmm1, xmm2, 0x00
    hlt
  set: db 'ab', 0, 0,0,0,0,0,0,0,0,0,0,0,0,0
  text: db 'xxbxa', 0, 0,0,0,0,0,0,0,0,0,0
  )");
  BOOST_TEST(stop_name(g.run().kind) == std::string("halt"));
  BOOST_TEST(g.r(RCX) == 2u);
  const uint32_t f = g.c().eflags();
  BOOST_TEST((f & kCF) != 0u);
  BOOST_TEST((f & kZF) != 0u);
  BOOST_TEST((f & kSF) != 0u);
  BOOST_TEST((f & kOF) == 0u);
}

// "equal ordered" (imm 0x0C), substring search as strstr does: "lo" in
// "hello world" starts at 3. No match gives ECX = 16 and CF = 0.
BOOST_AUTO_TEST_CASE(pcmpistri_substring_by_hand) {
  Guest g(Mode::X64, R"(
    movdqu xmm1, [rel needle]
    movdqu xmm2, [rel hay]
    pcmpistri xmm1, xmm2, 0x0C
    mov ebx, ecx
    movdqu xmm1, [rel none]
    pcmpistri xmm1, xmm2, 0x0C
    hlt
  needle: db 'lo', 0, 0,0,0,0,0,0,0,0,0,0,0,0,0
  hay: db 'hello world', 0, 0,0,0,0
  none: db 'xyz', 0,0,0,0,0,0,0,0,0,0,0,0,0
  )");
  BOOST_TEST(stop_name(g.run().kind) == std::string("halt"));
  BOOST_TEST(g.r(RBX) == 3u);
  BOOST_TEST(g.r(RCX) == 16u);
  BOOST_TEST((g.c().eflags() & kCF) == 0u);
}

// "ranges" with a byte mask (imm 0x44): characters of "aZ9" inside 'a'-'z'.
BOOST_AUTO_TEST_CASE(pcmpistrm_ranges_mask_by_hand) {
  Guest g(Mode::X64, R"(
    movdqu xmm1, [rel range]
    movdqu xmm2, [rel text]
    pcmpistrm xmm1, xmm2, 0x44
    hlt
  range: db 'az', 0, 0,0,0,0,0,0,0,0,0,0,0,0,0
  text: db 'aZ9q', 0, 0,0,0,0,0,0,0,0,0,0,0
  )");
  BOOST_TEST(stop_name(g.run().kind) == std::string("halt"));
  const Context c = g.c().context();
  BOOST_TEST(c.xmm[0].lo == 0xFF0000FFull);
  BOOST_TEST(c.xmm[0].hi == 0u);
}

// CRC-32C check value of "123456789" is 0xE3069283 (crc32 with ~0 in and out).
BOOST_AUTO_TEST_CASE(crc32_check_value) {
  Guest g(Mode::X64, R"(
    mov eax, -1
    lea rsi, [rel msg]
    crc32 eax, byte [rsi]
    crc32 eax, word [rsi+1]
    crc32 eax, dword [rsi+3]
    mov ecx, [rsi+7]
    crc32 eax, cx
    not eax
    hlt
  msg: db '123456789'
  )");
  BOOST_TEST(stop_name(g.run().kind) == std::string("halt"));
  BOOST_TEST(g.r(RAX) == 0xE3069283u);
}

BOOST_AUTO_TEST_CASE(crc32_all_forms_against_host) {
  int bad = 0;
  for (const char* insn : {"crc32 eax, cl", "crc32 eax, cx", "crc32 eax, ecx", "crc32 rax, cl", "crc32 rax, rcx",
                           "crc32 eax, byte [rsi+5]", "crc32 eax, word [rsi+5]", "crc32 eax, dword [rsi+5]",
                           "crc32 rax, qword [rsi+5]"}) {
    OracleInsn o{std::string(insn)};
    bad += check_against_host(o, insn, 64, 7, [](Rng& g, NativeState& io, uint8_t* d) {
      random_sse_state(g, io, d, 0, false);
    });
  }
  BOOST_TEST(bad == 0);
}

// Every imm8 mode (bit 7 is ignored) of the four string compares, register
// and unaligned memory sources, 32- and 64-bit explicit lengths.
BOOST_AUTO_TEST_CASE(pcmpstr_all_modes_against_host) {
  int bad = 0, forms = 0;
  const uint8_t ops[] = {0x63, 0x62, 0x61, 0x60};  // istri, istrm, estri, estrm
  for (uint8_t op : ops) {
    for (int imm = 0; imm < 128; ++imm) {
      std::vector<std::vector<uint8_t>> encodings = {
          {0x66, 0x0F, 0x3A, op, 0xCA, uint8_t(imm)},        // xmm1, xmm2
          {0x66, 0x0F, 0x3A, op, 0x4E, 0x03, uint8_t(imm)},  // xmm1, [rsi+3]
      };
      if (op <= 0x61 && imm % 8 == 0) encodings.push_back({0x66, 0x48, 0x0F, 0x3A, op, 0xCA, uint8_t(imm)});
      for (auto& e : encodings) {
        OracleInsn o(e);
        std::ostringstream name;
        name << "pcmp op " << std::hex << int(op) << " imm " << imm << " encoding bytes " << e.size();
        bad += check_against_host(o, name.str(), 12, 1000 + imm, string_inputs);
        ++forms;
      }
    }
  }
  BOOST_TEST_MESSAGE("pcmpXstrX forms checked: " << forms);
  BOOST_TEST(bad == 0);
}

BOOST_AUTO_TEST_SUITE_END()
