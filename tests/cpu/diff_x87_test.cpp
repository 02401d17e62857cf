// Differential tests: x87 loads, stores, integer conversions, arithmetic,
// compares and control-word handling, with random precision and rounding
// control. Status-word bits compared: exception flags, C0-C3 (except where
// the SDM leaves them undefined) and TOP; stack values bit for bit.
#include <boost/test/unit_test.hpp>

#include "tests/cpu/diff_harness.h"

using namespace emu::difftest;

namespace {

constexpr uint16_t kC0 = 0x0100, kC2 = 0x0400, kC3 = 0x4000;
constexpr uint16_t kArithUndef = kC0 | kC2 | kC3;

Form fpu(ZydisMnemonic mn, std::vector<Op> ops, int min_depth, int max_depth, uint16_t fsw_undef = kArithUndef,
         uint32_t flag_undef = 0) {
  Form f = make(mn, std::move(ops), flag_undef, false);
  f.x87 = true;
  f.mem_float = true;
  f.any_rounding = true;
  f.x87_min = min_depth;
  f.x87_max = max_depth;
  f.fsw_undef = fsw_undef;
  return f;
}
Form fpu_int(ZydisMnemonic mn, std::vector<Op> ops, int min_depth, int max_depth) {
  Form f = fpu(mn, std::move(ops), min_depth, max_depth);
  f.mem_float = false;
  return f;
}

std::vector<Form> x87_family() {
  std::vector<Form> v;
  for (int b : {32, 64, 80}) v.push_back(fpu(ZYDIS_MNEMONIC_FLD, {m(b)}, 0, 6));
  v.push_back(fpu(ZYDIS_MNEMONIC_FLD, {st(2)}, 3, 6));
  for (int b : {16, 32, 64}) v.push_back(fpu_int(ZYDIS_MNEMONIC_FILD, {m(b)}, 0, 6));
  for (int b : {32, 64}) v.push_back(fpu(ZYDIS_MNEMONIC_FST, {m(b)}, 1, 5));
  for (int b : {32, 64, 80}) v.push_back(fpu(ZYDIS_MNEMONIC_FSTP, {m(b)}, 1, 5));
  v.push_back(fpu(ZYDIS_MNEMONIC_FST, {st(3)}, 4, 6));
  v.push_back(fpu(ZYDIS_MNEMONIC_FSTP, {st(1)}, 2, 6));
  for (int b : {16, 32}) v.push_back(fpu_int(ZYDIS_MNEMONIC_FIST, {m(b)}, 1, 5));
  for (int b : {16, 32, 64}) {
    v.push_back(fpu_int(ZYDIS_MNEMONIC_FISTP, {m(b)}, 1, 5));
    v.push_back(fpu_int(ZYDIS_MNEMONIC_FISTTP, {m(b)}, 1, 5));
  }
  for (ZydisMnemonic mn : {ZYDIS_MNEMONIC_FADD, ZYDIS_MNEMONIC_FSUB, ZYDIS_MNEMONIC_FSUBR, ZYDIS_MNEMONIC_FMUL,
                           ZYDIS_MNEMONIC_FDIV, ZYDIS_MNEMONIC_FDIVR}) {
    v.push_back(fpu(mn, {st(0), st(2)}, 3, 6));
    v.push_back(fpu(mn, {st(1), st(0)}, 2, 6));
    v.push_back(fpu(mn, {m(32)}, 1, 6));
    v.push_back(fpu(mn, {m(64)}, 1, 6));
  }
  for (ZydisMnemonic mn : {ZYDIS_MNEMONIC_FADDP, ZYDIS_MNEMONIC_FSUBP, ZYDIS_MNEMONIC_FSUBRP, ZYDIS_MNEMONIC_FMULP,
                           ZYDIS_MNEMONIC_FDIVP, ZYDIS_MNEMONIC_FDIVRP})
    v.push_back(fpu(mn, {st(1), st(0)}, 2, 6));
  for (ZydisMnemonic mn : {ZYDIS_MNEMONIC_FIADD, ZYDIS_MNEMONIC_FIMUL, ZYDIS_MNEMONIC_FISUB, ZYDIS_MNEMONIC_FIDIV}) {
    v.push_back(fpu_int(mn, {m(32)}, 1, 6));
    v.push_back(fpu_int(mn, {m(16)}, 1, 6));
  }
  for (ZydisMnemonic mn : {ZYDIS_MNEMONIC_FCHS, ZYDIS_MNEMONIC_FABS, ZYDIS_MNEMONIC_FSQRT, ZYDIS_MNEMONIC_FRNDINT})
    v.push_back(fpu(mn, {}, 1, 6));
  v.push_back(fpu(ZYDIS_MNEMONIC_FXCH, {st(3)}, 4, 7));
  for (ZydisMnemonic mn : {ZYDIS_MNEMONIC_FLD1, ZYDIS_MNEMONIC_FLDZ, ZYDIS_MNEMONIC_FLDPI, ZYDIS_MNEMONIC_FLDL2E,
                           ZYDIS_MNEMONIC_FLDLN2})
    v.push_back(fpu(mn, {}, 0, 6));
  // Compares: condition codes are the result, so all of them are compared.
  v.push_back(fpu(ZYDIS_MNEMONIC_FCOM, {st(2)}, 3, 6, 0));
  v.push_back(fpu(ZYDIS_MNEMONIC_FCOM, {m(64)}, 1, 6, 0));
  v.push_back(fpu(ZYDIS_MNEMONIC_FCOM, {m(32)}, 1, 6, 0));
  v.push_back(fpu(ZYDIS_MNEMONIC_FCOMP, {st(1)}, 2, 6, 0));
  v.push_back(fpu(ZYDIS_MNEMONIC_FCOMPP, {}, 2, 6, 0));
  v.push_back(fpu(ZYDIS_MNEMONIC_FUCOM, {st(1)}, 2, 6, 0));
  Form ucomp = fpu(ZYDIS_MNEMONIC_INVALID, {}, 2, 6, 0);
  ucomp.name = "fucomp st1";
  ucomp.raw = {0xDD, 0xE9};
  v.push_back(ucomp);
  v.push_back(fpu(ZYDIS_MNEMONIC_FUCOMPP, {}, 2, 6, 0));
  v.push_back(fpu(ZYDIS_MNEMONIC_FTST, {}, 1, 6, 0));
  v.push_back(fpu(ZYDIS_MNEMONIC_FXAM, {}, 0, 6, 0));
  for (ZydisMnemonic mn : {ZYDIS_MNEMONIC_FCOMI, ZYDIS_MNEMONIC_FCOMIP, ZYDIS_MNEMONIC_FUCOMI, ZYDIS_MNEMONIC_FUCOMIP})
    v.push_back(fpu(mn, {st(0), st(1)}, 2, 6, 0));
  // Fixed encodings where the encoder has only one register choice.
  Form stsw = fpu(ZYDIS_MNEMONIC_INVALID, {}, 0, 6, 0);
  stsw.name = "fnstsw ax";
  stsw.raw = {0xDF, 0xE0};
  v.push_back(stsw);
  v.push_back(fpu(ZYDIS_MNEMONIC_FNSTSW, {m(16)}, 0, 6, 0));
  v.push_back(fpu(ZYDIS_MNEMONIC_FNSTCW, {m(16)}, 0, 6, 0));
  Form ldcw = fpu(ZYDIS_MNEMONIC_FLDCW, {m(16)}, 0, 6, 0);
  ldcw.mem_float = false;
  ldcw.fix = [](Case& c, Rng& g) {
    // Keep every exception masked: an unmasked one would trap on the host.
    uint16_t cw = uint16_t(0x003F | ((g() % 4) << 8) | ((g() % 4) << 10) | (g() % 2 ? 0x1000 : 0));
    c.set(c.locs[0], cw);
  };
  v.push_back(ldcw);
  v.push_back(fpu(ZYDIS_MNEMONIC_FNINIT, {}, 0, 6, 0));
  v.push_back(fpu(ZYDIS_MNEMONIC_FNCLEX, {}, 0, 6, 0));
  v.push_back(fpu(ZYDIS_MNEMONIC_FFREE, {st(1)}, 2, 6));
  v.push_back(fpu(ZYDIS_MNEMONIC_FINCSTP, {}, 0, 6));
  v.push_back(fpu(ZYDIS_MNEMONIC_FDECSTP, {}, 0, 6));
  return v;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(diff_host)

BOOST_AUTO_TEST_CASE(x87_x64) { run_family("x87", Arch::X64, x87_family()); }
BOOST_AUTO_TEST_CASE(x87_x86) { run_family("x87", Arch::X86, x87_family()); }

BOOST_AUTO_TEST_SUITE_END()
