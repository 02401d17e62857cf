// x87: the register stack (TOP, tags, overflow and underflow), condition
// codes, rounding control and the state images, by hand from the SDM; the
// transcendental functions, fscale/fprem/fxtract, fcmovcc and the
// environment instructions against the host CPU.
#include <boost/test/unit_test.hpp>

#include "tests/cpu/sse_oracle.h"

using namespace emu::cpu;
using namespace emu::cpu::test;

namespace {

constexpr uint16_t kIE = 0x01, kStackFault = 0x40, kC0 = 0x100, kC1 = 0x200, kC2 = 0x400, kC3 = 0x4000;

Stop run_guest(Guest& g) { return g.run(1000); }
uint16_t fsw_of(Guest& g) { return g.c().context().fpu_status; }
int top_of(Guest& g) { return (fsw_of(g) >> 11) & 7; }

bool is_indefinite(long double v) {
  uint8_t b[10];
  std::memcpy(b, &v, 10);
  uint64_t m;
  std::memcpy(&m, b, 8);
  return m == 0xC000000000000000ull && b[8] == 0xFF && b[9] == 0xFF;
}

// Random 80-bit values: specials, small integers, moderate and arbitrary.
void rand_f80(Rng& g, uint8_t* p, bool moderate) {
  uint64_t m = g() | (1ull << 63);
  uint16_t se;
  switch (g() % (moderate ? 3 : 6)) {
    case 0: se = static_cast<uint16_t>(0x3FFF + int(g() % 8) - 4); break;
    case 1: {
      long double v = static_cast<long double>(static_cast<int64_t>(g() % 2001) - 1000) / 7;
      std::memcpy(p, &v, 10);
      return;
    }
    case 2: se = static_cast<uint16_t>(0x3FFF + int(g() % 40) - 20); break;
    case 3: se = 0x7FFF; m = (g() % 2) ? (1ull << 63) : (m | (1ull << 62)); break;  // inf or QNaN
    case 4: se = 0; m = (g() % 2) ? 0 : (m >> 1); break;                            // zero or denormal
    default: se = static_cast<uint16_t>(g() % 0x7FFF); break;
  }
  if (g() % 2) se |= 0x8000;
  std::memcpy(p, &m, 8);
  std::memcpy(p + 8, &se, 2);
}

// Random x87 state: depth entries in [lo, hi], random TOP, FCW with random
// precision and rounding control (exceptions masked), random EFLAGS.
auto x87_inputs(int lo, int hi, bool moderate) {
  return [=](Rng& g, NativeState& io, uint8_t* data) {
    random_sse_state(g, io, data, 64, false);
    const uint16_t pc[] = {0x000, 0x200, 0x300};
    const uint16_t fcw = static_cast<uint16_t>(0x007F | pc[g() % 3] | ((g() % 4) << 10));
    std::memcpy(io.fx + kFxFcw, &fcw, 2);
    const int top = static_cast<int>(g() % 8);
    const uint16_t fsw = static_cast<uint16_t>(top << 11);
    std::memcpy(io.fx + kFxFsw, &fsw, 2);
    const int depth = lo + static_cast<int>(g() % (hi - lo + 1));
    uint8_t ftw = 0;
    for (int i = 0; i < 8; ++i) {
      rand_f80(g, io.fx + kFxSt + 16 * i, moderate);
      if (i < depth) ftw |= uint8_t(1u << ((top + i) & 7));
    }
    io.fx[kFxFtw] = ftw;
  };
}

int check_x87(const std::vector<std::string>& insns, int lo, int hi, bool moderate, int cases,
              uint16_t fsw_mask = 0x7F3F, Compare base = Compare{}) {
  int bad = 0;
  uint64_t seed = 77;
  for (const std::string& s : insns) {
    OracleInsn o(s);
    Compare c = base;
    c.x87 = true;
    c.fsw_mask = fsw_mask;
    bad += check_against_host(o, s, cases, seed++, x87_inputs(lo, hi, moderate), c);
  }
  return bad;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(x87)

// Pushes decrement TOP and fill tags; pops undo both; faddp adds.
BOOST_AUTO_TEST_CASE(stack_top_and_tags) {
  Guest g(Mode::X64, R"(
    fninit
    fld1
    fldz
    fnstsw ax
    mov ebx, eax
    faddp st1, st0
    fnstsw ax
    hlt
  )");
  BOOST_TEST(stop_name(run_guest(g).kind) == std::string("halt"));
  BOOST_TEST(((g.r(RBX) >> 11) & 7) == 6u);
  BOOST_TEST(((g.r(RAX) >> 11) & 7) == 7u);
  const Context c = g.c().context();
  BOOST_TEST(c.st[0] == 1.0L);
  // Physical register 7 holds 1.0 (valid), everything else is empty.
  BOOST_TEST(c.fpu_tag == 0x3FFF);
}

// A ninth push overflows: #IS with C1 = 1, the indefinite is pushed.
BOOST_AUTO_TEST_CASE(stack_overflow) {
  std::string src = "fninit\n";
  for (int k = 0; k < 9; ++k) src += "fld1\n";
  Guest g(Mode::X64, src + "hlt\n");
  BOOST_TEST(stop_name(run_guest(g).kind) == std::string("halt"));
  const uint16_t sw = fsw_of(g);
  BOOST_TEST((sw & (kIE | kStackFault | kC1)) == (kIE | kStackFault | kC1));
  BOOST_TEST(is_indefinite(g.c().context().st[0]));
}

// An operation on an empty register underflows: #IS with C1 = 0.
BOOST_AUTO_TEST_CASE(stack_underflow) {
  Guest g(Mode::X64, "fninit\nfld1\nfadd st0, st3\nhlt\n");
  BOOST_TEST(stop_name(run_guest(g).kind) == std::string("halt"));
  const uint16_t sw = fsw_of(g);
  BOOST_TEST((sw & (kIE | kStackFault | kC1)) == (kIE | kStackFault));
  BOOST_TEST(is_indefinite(g.c().context().st[0]));
}

// fcom: C3 C2 C0 = 000 (>), 001 (<), 100 (=); fcompp pops both.
BOOST_AUTO_TEST_CASE(compare_condition_codes) {
  Guest g(Mode::X64, R"(
    fninit
    fld1                 ; st1 = 1
    fldz                 ; st0 = 0
    fcom st1
    fnstsw ax
    mov ebx, eax
    fxch st1             ; st0 = 1, st1 = 0
    fcom st1
    fnstsw ax
    mov ecx, eax
    fld st0
    fcompp
    fnstsw ax
    mov edx, eax
    hlt
  )");
  BOOST_TEST(stop_name(run_guest(g).kind) == std::string("halt"));
  const uint16_t cc = kC0 | kC2 | kC3;
  BOOST_TEST((g.r(RBX) & cc) == kC0);
  BOOST_TEST((g.r(RCX) & cc) == 0u);
  BOOST_TEST((g.r(RDX) & cc) == kC3);
  BOOST_TEST(top_of(g) == 7);  // three pushes, two pops
}

// fistp follows RC: 2.5 -> 2 (nearest even), 3 (up), 2 (down), 2 (chop);
// -2.5 -> -3 (down); fisttp always chops.
BOOST_AUTO_TEST_CASE(rounding_control) {
  Guest g(Mode::X64, R"(
    fninit
    sub rsp, 64
    mov dword [rsp], 0x40200000      ; 2.5f
    mov dword [rsp+4], 0xC0200000    ; -2.5f
    fld dword [rsp]
    fistp dword [rsp+8]
    mov word [rsp+40], 0x0B7F        ; RC = up
    fldcw [rsp+40]
    fld dword [rsp]
    fistp dword [rsp+12]
    mov word [rsp+40], 0x077F        ; RC = down
    fldcw [rsp+40]
    fld dword [rsp]
    fistp dword [rsp+16]
    fld dword [rsp+4]
    fistp dword [rsp+20]
    mov word [rsp+40], 0x0F7F        ; RC = chop
    fldcw [rsp+40]
    fld dword [rsp+4]
    frndint
    fistp dword [rsp+24]
    mov word [rsp+40], 0x0B7F        ; RC = up, fisttp still chops
    fldcw [rsp+40]
    fld dword [rsp]
    fisttp dword [rsp+28]
    fnstcw [rsp+44]
    mov eax, [rsp+8]
    mov ebx, [rsp+12]
    mov ecx, [rsp+16]
    mov edx, [rsp+20]
    mov esi, [rsp+24]
    mov edi, [rsp+28]
    movzx r8d, word [rsp+44]
    hlt
  )");
  BOOST_TEST(stop_name(run_guest(g).kind) == std::string("halt"));
  BOOST_TEST(g.r(RAX) == 2u);
  BOOST_TEST(g.r(RBX) == 3u);
  BOOST_TEST(g.r(RCX) == 2u);
  BOOST_TEST(static_cast<int32_t>(g.r(RDX)) == -3);
  BOOST_TEST(static_cast<int32_t>(g.r(RSI)) == -2);
  BOOST_TEST(g.r(RDI) == 2u);
  BOOST_TEST(g.r(R8) == 0x0B7Fu);
}

// FXSAVE layout: FCW at 0, FSW at 2, abridged FTW at 4, MXCSR at 24,
// ST(0) at 32, XMM0 at 160; fxrstor brings the state back.
BOOST_AUTO_TEST_CASE(fxsave_layout_and_restore) {
  Guest g(Mode::X64, R"(
    fninit
    fld1
    fldpi
    mov eax, 0x12345678
    movd xmm0, eax
    mov rsi, 0x200000
    fxsave [rsi]
    movzx eax, word [rsi]
    movzx ebx, word [rsi+2]
    movzx ecx, byte [rsi+4]
    mov edx, [rsi+24]
    mov edi, [rsi+160]
    mov r8, [rsi+40]               ; exponent word of ST(0) = pi
    fninit
    pxor xmm0, xmm0
    fxrstor [rsi]
    movd r9d, xmm0
    fnstsw ax
    hlt
  )");
  BOOST_TEST(stop_name(run_guest(g).kind) == std::string("halt"));
  BOOST_TEST(g.r(RBX) == (6u << 11));
  BOOST_TEST(g.r(RCX) == 0xC0u);  // physical registers 6 and 7 in use
  BOOST_TEST(g.r(RDX) == 0x1F80u);
  BOOST_TEST(g.r(RDI) == 0x12345678u);
  BOOST_TEST((g.r(R8) & 0xFFFF) == 0x4000u);
  BOOST_TEST(g.r(R9) == 0x12345678u);
  BOOST_TEST((g.r(RAX) & 0xFFFF) == (6u << 11));
  const Context c = g.c().context();
  BOOST_TEST(c.st[1] == 1.0L);
  BOOST_TEST(c.fpu_control == 0x037F);
}

// In 32-bit mode fxsave stores XMM0-7 only.
BOOST_AUTO_TEST_CASE(fxsave_32bit_stores_eight_xmm) {
  Guest g(Mode::X86, R"(
    mov esi, 0x200000
    mov dword [esi+288], 0xAAAAAAAA
    mov eax, 1
    movd xmm7, eax
    fxsave [esi]
    mov eax, [esi+160+16*7]
    mov ebx, [esi+288]
    hlt
  )");
  BOOST_TEST(stop_name(run_guest(g).kind) == std::string("halt"));
  BOOST_TEST(g.r(RAX) == 1u);
  BOOST_TEST(g.r(RBX) == 0xAAAAAAAAu);
}

// fnsave stores the 108-byte image and reinitialises; frstor restores.
BOOST_AUTO_TEST_CASE(fnsave_frstor_round_trip) {
  Guest g(Mode::X64, R"(
    fninit
    fld1
    fldl2t
    mov rsi, 0x200000
    fnsave [rsi]
    fnstcw [rsi+200]
    fnstsw [rsi+202]
    frstor [rsi]
    fnstsw ax
    movzx ebx, word [rsi+200]
    movzx ecx, word [rsi+202]
    movzx edx, word [rsi+8]        ; full tag word in the image
    hlt
  )");
  BOOST_TEST(stop_name(run_guest(g).kind) == std::string("halt"));
  BOOST_TEST(g.r(RBX) == 0x037Fu);
  BOOST_TEST(g.r(RCX) == 0u);
  BOOST_TEST(((g.r(RAX) >> 11) & 7) == 6u);
  BOOST_TEST(g.r(RDX) == 0x0FFFu);  // registers 6, 7 valid (00), the rest empty (11)
  BOOST_TEST(g.c().context().st[1] == 1.0L);
}

// Shellcode's GetPC: fnstenv stores the address of the last x87
// instruction (FIP) and its opcode (FOP); a control instruction (fnstcw)
// in between does not change them. FXSAVE reports them too.
BOOST_AUTO_TEST_CASE(last_instruction_pointer) {
  Guest g(Mode::X86, R"(
    nop
    fcmovnbe st0, st1      ; DB D1 at kCode + 1
    fnstcw [esp-20]
    fnstenv [esp-12]
    pop eax                ; FIP
    mov ebx, [esp-12+16-4] ; FCS | FOP << 16
    mov esi, 0x200000
    mov ebp, load
  load:
    fld dword [esi+4]      ; D9 46 04, FDP = 0x200004
    fxsave [esi+16]
    mov ecx, [esi+16+8]
    mov edx, [esi+16+16]
    movzx edi, word [esi+16+6]
    hlt
  )");
  BOOST_TEST(stop_name(run_guest(g).kind) == std::string("halt"));
  BOOST_TEST(g.r(RAX) == kCode + 1);
  BOOST_TEST((g.r(RBX) >> 16) == 0x3D1u);
  BOOST_TEST((g.r(RBX) & 0xFFFF) == 0x1Bu);
  BOOST_TEST(g.r(RCX) == g.r(RBP));
  BOOST_TEST(g.r(RDX) == 0x200004u);
  BOOST_TEST(g.r(RDI) == 0x146u);
}

BOOST_AUTO_TEST_CASE(functions_against_host) {
  // C1/C0/C2/C3 after the transcendental functions: C1 is the round-up
  // indicator, C2 the out-of-range flag; C0 and C3 are undefined.
  const uint16_t defined = 0x7F3F & ~(kC0 | kC3);
  BOOST_TEST(check_x87({"fsin", "fcos", "fsincos", "fptan", "f2xm1", "fpatan", "fyl2x", "fyl2xp1"}, 2, 6, true, 150,
                       defined) == 0);
  BOOST_TEST(check_x87({"fscale", "fxtract"}, 2, 6, false, 150, defined) == 0);
  // fprem/fprem1: C0 C3 C1 are quotient bits, C2 = incomplete: all compared.
  BOOST_TEST(check_x87({"fprem", "fprem1"}, 2, 6, false, 300) == 0);
}

BOOST_AUTO_TEST_CASE(constants_moves_and_fcmov_against_host) {
  const uint16_t defined = 0x7F3F & ~(kC0 | kC2 | kC3);
  BOOST_TEST(check_x87({"fldl2t", "fldlg2", "fld st3", "fst st5", "fincstp", "fdecstp", "ffreep st1"}, 1, 6, false,
                       100, defined) == 0);
  std::vector<std::string> fcmov;
  for (const char* cc : {"b", "e", "be", "u", "nb", "ne", "nbe", "nu"}) fcmov.push_back(std::string("fcmov") + cc + " st0, st2");
  BOOST_TEST(check_x87(fcmov, 3, 6, false, 60, defined) == 0);
  BOOST_TEST(check_x87({"fild word [rsi+6]", "fild qword [rsi+8]", "fiadd dword [rsi+4]", "ficom word [rsi+2]",
                        "ficomp dword [rsi+4]", "fidivr word [rsi]", "fisubr dword [rsi]", "fcomp qword [rsi+16]",
                        "fxch", "fbld [rsi+16]", "fbstp [rsi+32]"},
                       1, 6, false, 100, 0x7F3F) == 0);
}

BOOST_AUTO_TEST_CASE(environment_against_host) {
  // FXSAVE's MXCSR_MASK is this implementation's (0xFFFF), not the host's.
  BOOST_TEST(check_x87({"fnstenv [rsi]", "fldenv [rsi+64]\nfnstsw ax", "fnsave [rsi+16]", "fxsave [rsi+32]",
                        "fxsave64 [rsi+32]"},
                       0, 8, false, 60, 0x7F3F, [] {
                         Compare k;
                         k.data_ignore = {{32 + 28, 4}};
                         return k;
                       }()) == 0);
}

BOOST_AUTO_TEST_SUITE_END()
