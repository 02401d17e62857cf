// The differential harness must notice a wrong interpreter: each check
// corrupts every emulated result in one place (a register, a flag, an XMM
// byte, a YMM upper-half byte, a memory byte, the stop address) and expects every implemented form
// to be reported as differing.
#include <boost/test/unit_test.hpp>

#include "tests/cpu/diff_harness.h"

using namespace emu::difftest;

namespace {

std::vector<Form> probe_forms() {
  return {make(ZYDIS_MNEMONIC_ADD, {r(32), r(32)}), make(ZYDIS_MNEMONIC_MOV, {m(32), r(32)}),
          make(ZYDIS_MNEMONIC_PADDB, {x(), x()}, 0, false), raw("clc", {0xF8})};
}

std::vector<Form> x87_probe_forms() {
  Form f = raw("fld1", {0xD9, 0xE8});
  f.x87 = true;
  f.x87_min = 0;
  f.x87_max = 5;
  return {f};
}

void expect_detected(Mutation mu, Arch arch) {
  FamilyOutcome o = run_family_collect("selftest", arch, mu == Mutation::X87 ? x87_probe_forms() : probe_forms(), mu);
  BOOST_TEST(o.cases > 0u);
  BOOST_TEST(o.forms == (mu == Mutation::X87 ? 1u : 4u));
  BOOST_TEST(o.unimplemented < o.forms, "the interpreter implements none of the probe forms");
  BOOST_TEST(o.differ == o.forms - o.unimplemented);
  BOOST_TEST(o.passed == 0u);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(diff_harness_selftest)

BOOST_AUTO_TEST_CASE(detects_register_difference) {
  expect_detected(Mutation::Gpr, Arch::X64);
  expect_detected(Mutation::Gpr, Arch::X86);
}
BOOST_AUTO_TEST_CASE(detects_flag_difference) { expect_detected(Mutation::Flags, Arch::X64); }
BOOST_AUTO_TEST_CASE(detects_xmm_difference) { expect_detected(Mutation::Xmm, Arch::X86); }
BOOST_AUTO_TEST_CASE(detects_memory_difference) { expect_detected(Mutation::Memory, Arch::X64); }
BOOST_AUTO_TEST_CASE(detects_x87_difference) { expect_detected(Mutation::X87, Arch::X64); }
BOOST_AUTO_TEST_CASE(detects_ymm_upper_difference) {
  if (!host_has_avx()) {
    BOOST_TEST_MESSAGE("host lacks AVX: YMM upper halves are not compared");
    return;
  }
  expect_detected(Mutation::YmmUpper, Arch::X64);
  expect_detected(Mutation::YmmUpper, Arch::X86);
}
BOOST_AUTO_TEST_CASE(detects_wrong_stop) { expect_detected(Mutation::Stop, Arch::X86); }

BOOST_AUTO_TEST_SUITE_END()
