// Differential tests of the VEX forms (AVX, AVX2, FMA) against the host CPU.
//
// Every form runs with random YMM upper halves in every register, and the
// harness compares bits 255:128 of all YMM registers after each case, so a
// VEX.128 write that forgets to zero the upper half, a VEX.256 write that
// loses it, or a legacy SSE instruction that touches it shows as a
// difference. Scalar double forms run with random MXCSR rounding, DAZ, FTZ and
// float-biased inputs (NaN, denormal, infinities); MXCSR flags are compared.
// Memory operands of VEX forms are sometimes misaligned: the aligned moves
// must fault (#GP), every other form must not.
#include <boost/test/unit_test.hpp>

#include <cstring>

#include "tests/cpu/diff_harness.h"

using namespace emu::difftest;

namespace {

Form vex(ZydisMnemonic mn, std::vector<Op> ops, int lane = 0, bool rounding = false) {
  Form f = make(mn, std::move(ops), 0, false);
  f.vex = true;
  f.lane = lane;
  f.any_rounding = rounding;
  return f;
}

// vop x, x, x/m128 and vop y, y, y/m256.
void packed3(std::vector<Form>& v, ZydisMnemonic mn, int lane = 0) {
  v.push_back(vex(mn, {x(), x(), x()}, lane));
  v.push_back(vex(mn, {x(), x(), m(128)}, lane));
  v.push_back(vex(mn, {y(), y(), y()}, lane));
  v.push_back(vex(mn, {y(), y(), m(256)}, lane));
}
// vop x, x, x/m64 (scalar double), random rounding.
void scalar3(std::vector<Form>& v, ZydisMnemonic mn) {
  v.push_back(vex(mn, {x(), x(), x()}, 64, true));
  v.push_back(vex(mn, {x(), x(), m(64)}, 64, true));
}

std::vector<Form> avx_int_family() {
  std::vector<Form> v;
  for (ZydisMnemonic mn : {ZYDIS_MNEMONIC_VPCMPEQB, ZYDIS_MNEMONIC_VPCMPEQW, ZYDIS_MNEMONIC_VPADDQ,
                           ZYDIS_MNEMONIC_VPSUBD, ZYDIS_MNEMONIC_VPSUBQ, ZYDIS_MNEMONIC_VPAND, ZYDIS_MNEMONIC_VPOR,
                           ZYDIS_MNEMONIC_VPXOR})
    packed3(v, mn);
  packed3(v, ZYDIS_MNEMONIC_VXORPS, 32);
  // vpcmpeq* with equal lanes now and then (random lanes are almost never equal).
  for (Form& f : v) {
    if (f.mn != ZYDIS_MNEMONIC_VPCMPEQB && f.mn != ZYDIS_MNEMONIC_VPCMPEQW) continue;
    f.fix = [](Case& c, Rng& g) {
      const Loc& a = c.locs[1];
      const Loc& b = c.locs[2];
      for (int half = 0; half < 2; ++half) {
        uint8_t* src = half ? c.ymmh(a.reg) : c.xmm(a.reg);
        uint8_t* dst = b.kind == K::Mem ? c.in.mem + b.off + 16 * half : (half ? c.ymmh(b.reg) : c.xmm(b.reg));
        if (b.kind == K::Mem && b.bits == 128 && half) break;
        for (int k = 0; k < 16; ++k)
          if (g() % 2) dst[k] = src[k];
      }
    };
  }
  for (ZydisMnemonic mn : {ZYDIS_MNEMONIC_VPSLLQ, ZYDIS_MNEMONIC_VPSRLQ}) {
    for (Op w : {x(), y()}) {
      v.push_back(vex(mn, {w, w, x()}));
      v.push_back(vex(mn, {w, w, m(128)}));
      v.push_back(vex(mn, {w, w, immu(8)}));
    }
  }
  return v;
}

// Shift counts from xmm/m128: mostly in range, sometimes >= 64 (result zero), sometimes huge.
void fix_shift_counts(std::vector<Form>& v) {
  for (Form& f : v) {
    if (f.mn != ZYDIS_MNEMONIC_VPSLLQ && f.mn != ZYDIS_MNEMONIC_VPSRLQ) continue;
    if (f.ops[2].kind == K::ImmU) continue;  // the harness draws imm8 biased to 0..63
    f.fix = [](Case& c, Rng& g) {
      const Loc& n = c.locs[2];
      uint64_t count = g() % 4 == 0 ? g() : g() % 80;
      uint8_t* p = n.kind == K::Mem ? c.in.mem + n.off : c.xmm(n.reg);
      std::memcpy(p, &count, 8);
    };
  }
}

std::vector<Form> avx_move_family() {
  std::vector<Form> v;
  for (auto [mn, lane] : {std::pair{ZYDIS_MNEMONIC_VMOVDQA, 0}, {ZYDIS_MNEMONIC_VMOVDQU, 0},
                          {ZYDIS_MNEMONIC_VMOVAPD, 64}}) {
    v.push_back(vex(mn, {x(), x()}, lane));
    v.push_back(vex(mn, {x(), m(128)}, lane));
    v.push_back(vex(mn, {m(128), x()}, lane));
    v.push_back(vex(mn, {y(), y()}, lane));
    v.push_back(vex(mn, {y(), m(256)}, lane));
    v.push_back(vex(mn, {m(256), y()}, lane));
  }
  v.push_back(vex(ZYDIS_MNEMONIC_VMOVNTDQ, {m(128), x()}));
  v.push_back(vex(ZYDIS_MNEMONIC_VMOVNTDQ, {m(256), y()}));
  v.push_back(vex(ZYDIS_MNEMONIC_VMOVQ, {x(), x()}));
  v.push_back(vex(ZYDIS_MNEMONIC_VMOVQ, {x(), m(64)}));
  v.push_back(vex(ZYDIS_MNEMONIC_VMOVQ, {m(64), x()}));
  v.push_back(vex(ZYDIS_MNEMONIC_VMOVQ, {x(), r(64)}));
  v.push_back(vex(ZYDIS_MNEMONIC_VMOVQ, {r(64), x()}));
  v.push_back(vex(ZYDIS_MNEMONIC_VMOVSD, {x(), x(), x()}, 64));
  v.push_back(vex(ZYDIS_MNEMONIC_VMOVSD, {x(), m(64)}, 64));
  v.push_back(vex(ZYDIS_MNEMONIC_VMOVSD, {m(64), x()}, 64));
  // The other register encoding of vmovsd (VEX.LIG.F2.0F 11 /r): vmovsd xmm1, xmm2, xmm3.
  {
    Form f = raw("vmovsd xmm1, xmm2, xmm3 (11 /r)", {0xC5, 0xEB, 0x11, 0xD9});
    f.lane = 64;
    v.push_back(f);
  }
  v.push_back(vex(ZYDIS_MNEMONIC_VINSERTF128, {y(), y(), x(), immu(8)}));
  v.push_back(vex(ZYDIS_MNEMONIC_VINSERTF128, {y(), y(), m(128), immu(8)}));
  v.push_back(vex(ZYDIS_MNEMONIC_VPMOVMSKB, {r(32), x()}));
  v.push_back(vex(ZYDIS_MNEMONIC_VPMOVMSKB, {r(32), y()}));
  // The encoder always picks the 32-bit register; VEX.W1 (and r64 in 64-bit mode) as raw bytes.
  v.push_back(raw("vpmovmskb rax, xmm1 (W1)", {0xC4, 0xE1, 0xF9, 0xD7, 0xC1}));
  v.push_back(raw("vpmovmskb rdx, ymm7 (W1)", {0xC4, 0xE1, 0xFD, 0xD7, 0xD7}));
  v.push_back(raw("vpmovmskb r9, xmm12", {0xC4, 0x41, 0x79, 0xD7, 0xCC}, 2));
  v.push_back(vex(ZYDIS_MNEMONIC_VZEROUPPER, {}));
  // Encodings the CPU rejects (#UD): an unused VEX.vvvv other than 1111, and
  // VEX.L=1 where only VEX.128 exists.
  v.push_back(raw("vmovdqa xmm0, xmm1 with vvvv=1110 (#UD)", {0xC5, 0xF1, 0x6F, 0xC1}));
  v.push_back(raw("vpmovmskb eax, xmm1 with vvvv=0000 (#UD)", {0xC5, 0x81, 0xD7, 0xC1}, 2));
  v.push_back(raw("vmovq xmm0, xmm1 with L=1 (#UD)", {0xC5, 0xFE, 0x7E, 0xC1}));
  v.push_back(raw("vcvtdq2pd with vvvv=1101 (#UD)", {0xC5, 0xD6, 0xE6, 0xC1}));
  return v;
}

std::vector<Form> avx_fp_family() {
  std::vector<Form> v;
  for (ZydisMnemonic mn : {ZYDIS_MNEMONIC_VADDSD, ZYDIS_MNEMONIC_VSUBSD, ZYDIS_MNEMONIC_VMULSD,
                           ZYDIS_MNEMONIC_VDIVSD, ZYDIS_MNEMONIC_VFMADD213SD, ZYDIS_MNEMONIC_VFMADD231SD,
                           ZYDIS_MNEMONIC_VFMSUB213SD})
    scalar3(v, mn);
  v.push_back(vex(ZYDIS_MNEMONIC_VCOMISD, {x(), x()}, 64));
  v.push_back(vex(ZYDIS_MNEMONIC_VCOMISD, {x(), m(64)}, 64));
  v.push_back(vex(ZYDIS_MNEMONIC_VCVTDQ2PD, {x(), x()}));
  v.push_back(vex(ZYDIS_MNEMONIC_VCVTDQ2PD, {x(), m(64)}));
  v.push_back(vex(ZYDIS_MNEMONIC_VCVTDQ2PD, {y(), x()}));
  v.push_back(vex(ZYDIS_MNEMONIC_VCVTDQ2PD, {y(), m(128)}));
  // FMA: the interesting cases are where a separate multiply and add would
  // round twice; make the addend cancel the product now and then.
  for (Form& f : v) {
    if (f.mn != ZYDIS_MNEMONIC_VFMADD213SD && f.mn != ZYDIS_MNEMONIC_VFMADD231SD &&
        f.mn != ZYDIS_MNEMONIC_VFMSUB213SD)
      continue;
    f.fix = [mn = f.mn](Case& c, Rng& g) {
      if (g() % 3) return;
      auto get = [&](const Loc& l) {
        double d;
        std::memcpy(&d, l.kind == K::Mem ? c.in.mem + l.off : c.xmm(l.reg), 8);
        return d;
      };
      const double x1 = get(c.locs[0]), x2 = get(c.locs[1]);
      // 213: x2 * x1 -/+ x3 -> x3 = -/+ product rounded; 231: x2 * x3 + x1 -> x1 = -(x2 * x3).
      if (mn == ZYDIS_MNEMONIC_VFMADD231SD) {
        const double p = x2 * get(c.locs[2]);
        const double a = -p;
        std::memcpy(c.xmm(c.locs[0].reg), &a, 8);
      } else {
        const double p = x2 * x1;
        const double a = mn == ZYDIS_MNEMONIC_VFMSUB213SD ? p : -p;
        const Loc& l = c.locs[2];
        std::memcpy(l.kind == K::Mem ? c.in.mem + l.off : c.xmm(l.reg), &a, 8);
      }
    };
  }
  // DAZ and FTZ now and then on every floating-point form (with a random
  // rounding mode from the harness): denormal inputs and tiny results.
  for (Form& f : v) {
    if (f.lane != 64) continue;
    auto inner = f.fix;
    f.fix = [inner](Case& c, Rng& g) {
      if (inner) inner(c, g);
      if (g() % 4 == 0) c.set_mxcsr(c.mxcsr() | (g() % 2 ? 0x0040u : 0u) | (g() % 2 ? 0x8000u : 0u));
    };
  }
  return v;
}

std::vector<Form> avx_all() {
  std::vector<Form> v = avx_int_family();
  fix_shift_counts(v);
  for (auto* part : {&avx_move_family, &avx_fp_family}) {
    std::vector<Form> p = part();
    v.insert(v.end(), p.begin(), p.end());
  }
  return v;
}

void run_avx(Arch arch) {
  if (!host_has_avx()) {
    BOOST_TEST_MESSAGE("host lacks AVX/AVX2/FMA: VEX differential tests skipped");
    return;
  }
  run_family("avx", arch, avx_all());
}

}  // namespace

BOOST_AUTO_TEST_SUITE(diff_host)

BOOST_AUTO_TEST_CASE(avx_x64) { run_avx(Arch::X64); }
BOOST_AUTO_TEST_CASE(avx_x86) { run_avx(Arch::X86); }

BOOST_AUTO_TEST_SUITE_END()
