// Differential tests: SSE, SSE2, SSSE3, SSE4.1 and the SSE4.2 integer forms.
// Every result bit is architecturally defined (NaN propagation, default NaN,
// integer indefinite, MXCSR exception flags), so XMM registers and MXCSR are
// compared bit for bit; only rcpps/rsqrtps-style approximations are left out
// because their results differ between CPU implementations.
#include <boost/test/unit_test.hpp>

#include "tests/cpu/diff_harness.h"

using namespace emu::difftest;

namespace {

// Form helpers: "x, x/m" pairs, with an optional immediate.
void xx(std::vector<Form>& v, ZydisMnemonic mn, int lane = 0, int mem_bits = 128, bool rounding = false) {
  v.push_back(make(mn, {x(), x()}, 0, false));
  v.push_back(make(mn, {x(), m(mem_bits)}, 0, false));
  for (size_t i = v.size() - 2; i < v.size(); ++i) {
    v[i].lane = lane;
    v[i].any_rounding = rounding;
  }
}
void xxi(std::vector<Form>& v, ZydisMnemonic mn, int lane = 0, int mem_bits = 128, uint64_t imm_mask = 0xFF,
         bool rounding = false) {
  v.push_back(make(mn, {x(), x(), immu(8)}, 0, false));
  v.push_back(make(mn, {x(), m(mem_bits), immu(8)}, 0, false));
  for (size_t i = v.size() - 2; i < v.size(); ++i) {
    v[i].lane = lane;
    v[i].any_rounding = rounding;
    if (imm_mask != 0xFF) v[i].fix = [imm_mask](Case& c, Rng&) { c.set(c.locs[2], c.get(c.locs[2]) & imm_mask); };
  }
}
Form sse(ZydisMnemonic mn, std::vector<Op> ops, int lane = 0) {
  Form f = make(mn, std::move(ops), 0, false);
  f.lane = lane;
  for (auto& op : f.ops)
    if (op.kind == K::Gpr && op.bits == 64) f.arches = 2;
  return f;
}

std::vector<Form> sse_move_family() {
  std::vector<Form> v;
  for (auto [mn, lane] : {std::pair{ZYDIS_MNEMONIC_MOVDQA, 0}, {ZYDIS_MNEMONIC_MOVDQU, 0}, {ZYDIS_MNEMONIC_MOVAPS, 32},
                          {ZYDIS_MNEMONIC_MOVUPS, 32}, {ZYDIS_MNEMONIC_MOVAPD, 64}, {ZYDIS_MNEMONIC_MOVUPD, 64}}) {
    v.push_back(sse(mn, {x(), x()}, lane));
    v.push_back(sse(mn, {x(), m(128)}, lane));
    v.push_back(sse(mn, {m(128), x()}, lane));
  }
  v.push_back(sse(ZYDIS_MNEMONIC_MOVSS, {x(), x()}, 32));
  v.push_back(sse(ZYDIS_MNEMONIC_MOVSS, {x(), m(32)}, 32));
  v.push_back(sse(ZYDIS_MNEMONIC_MOVSS, {m(32), x()}, 32));
  v.push_back(sse(ZYDIS_MNEMONIC_MOVSD, {x(), x()}, 64));
  v.push_back(sse(ZYDIS_MNEMONIC_MOVSD, {x(), m(64)}, 64));
  v.push_back(sse(ZYDIS_MNEMONIC_MOVSD, {m(64), x()}, 64));
  for (ZydisMnemonic mn : {ZYDIS_MNEMONIC_MOVLPS, ZYDIS_MNEMONIC_MOVHPS, ZYDIS_MNEMONIC_MOVLPD, ZYDIS_MNEMONIC_MOVHPD}) {
    v.push_back(sse(mn, {x(), m(64)}));
    v.push_back(sse(mn, {m(64), x()}));
  }
  v.push_back(sse(ZYDIS_MNEMONIC_MOVHLPS, {x(), x()}));
  v.push_back(sse(ZYDIS_MNEMONIC_MOVLHPS, {x(), x()}));
  v.push_back(sse(ZYDIS_MNEMONIC_MOVD, {x(), r(32)}));
  v.push_back(sse(ZYDIS_MNEMONIC_MOVD, {x(), m(32)}));
  v.push_back(sse(ZYDIS_MNEMONIC_MOVD, {r(32), x()}));
  v.push_back(sse(ZYDIS_MNEMONIC_MOVD, {m(32), x()}));
  v.push_back(sse(ZYDIS_MNEMONIC_MOVQ, {x(), r(64)}));
  v.push_back(sse(ZYDIS_MNEMONIC_MOVQ, {r(64), x()}));
  v.push_back(sse(ZYDIS_MNEMONIC_MOVQ, {x(), m(64)}));
  v.push_back(sse(ZYDIS_MNEMONIC_MOVQ, {m(64), x()}));
  v.push_back(sse(ZYDIS_MNEMONIC_MOVQ, {x(), x()}));
  v.push_back(sse(ZYDIS_MNEMONIC_MOVMSKPS, {r(32), x()}, 32));
  v.push_back(sse(ZYDIS_MNEMONIC_MOVMSKPD, {r(32), x()}, 64));
  v.push_back(sse(ZYDIS_MNEMONIC_PMOVMSKB, {r(32), x()}));
  v.push_back(sse(ZYDIS_MNEMONIC_MOVNTDQ, {m(128), x()}));
  v.push_back(sse(ZYDIS_MNEMONIC_MOVNTPS, {m(128), x()}));
  v.push_back(sse(ZYDIS_MNEMONIC_LDDQU, {x(), m(128)}));
  v.push_back(sse(ZYDIS_MNEMONIC_PEXTRW, {r(32), x(), immu(8)}));
  v.push_back(sse(ZYDIS_MNEMONIC_PINSRW, {x(), r(32), immu(8)}));
  v.push_back(sse(ZYDIS_MNEMONIC_PINSRW, {x(), m(16), immu(8)}));
  return v;
}

std::vector<Form> sse_int_family() {
  std::vector<Form> v;
  for (ZydisMnemonic mn :
       {ZYDIS_MNEMONIC_PADDB,   ZYDIS_MNEMONIC_PADDW,   ZYDIS_MNEMONIC_PADDD,   ZYDIS_MNEMONIC_PADDQ,
        ZYDIS_MNEMONIC_PSUBB,   ZYDIS_MNEMONIC_PSUBW,   ZYDIS_MNEMONIC_PSUBD,   ZYDIS_MNEMONIC_PSUBQ,
        ZYDIS_MNEMONIC_PADDSB,  ZYDIS_MNEMONIC_PADDSW,  ZYDIS_MNEMONIC_PADDUSB, ZYDIS_MNEMONIC_PADDUSW,
        ZYDIS_MNEMONIC_PSUBSB,  ZYDIS_MNEMONIC_PSUBSW,  ZYDIS_MNEMONIC_PSUBUSB, ZYDIS_MNEMONIC_PSUBUSW,
        ZYDIS_MNEMONIC_PMULLW,  ZYDIS_MNEMONIC_PMULHW,  ZYDIS_MNEMONIC_PMULHUW, ZYDIS_MNEMONIC_PMULUDQ,
        ZYDIS_MNEMONIC_PMADDWD, ZYDIS_MNEMONIC_PAVGB,   ZYDIS_MNEMONIC_PAVGW,   ZYDIS_MNEMONIC_PMINUB,
        ZYDIS_MNEMONIC_PMAXUB,  ZYDIS_MNEMONIC_PMINSW,  ZYDIS_MNEMONIC_PMAXSW,  ZYDIS_MNEMONIC_PSADBW,
        ZYDIS_MNEMONIC_PCMPEQB, ZYDIS_MNEMONIC_PCMPEQW, ZYDIS_MNEMONIC_PCMPEQD, ZYDIS_MNEMONIC_PCMPGTB,
        ZYDIS_MNEMONIC_PCMPGTW, ZYDIS_MNEMONIC_PCMPGTD, ZYDIS_MNEMONIC_PAND,    ZYDIS_MNEMONIC_PANDN,
        ZYDIS_MNEMONIC_POR,     ZYDIS_MNEMONIC_PXOR,    ZYDIS_MNEMONIC_ANDPS,   ZYDIS_MNEMONIC_ANDNPS,
        ZYDIS_MNEMONIC_ORPS,    ZYDIS_MNEMONIC_XORPS,   ZYDIS_MNEMONIC_ANDPD,   ZYDIS_MNEMONIC_ANDNPD,
        ZYDIS_MNEMONIC_ORPD,    ZYDIS_MNEMONIC_XORPD})
    xx(v, mn);
  for (ZydisMnemonic mn : {ZYDIS_MNEMONIC_PSLLW, ZYDIS_MNEMONIC_PSLLD, ZYDIS_MNEMONIC_PSLLQ, ZYDIS_MNEMONIC_PSRLW,
                           ZYDIS_MNEMONIC_PSRLD, ZYDIS_MNEMONIC_PSRLQ, ZYDIS_MNEMONIC_PSRAW, ZYDIS_MNEMONIC_PSRAD}) {
    xx(v, mn);
    // Counts from a register: small ones mostly, so results are not all zero.
    for (size_t i = v.size() - 2; i < v.size(); ++i)
      v[i].fix = [](Case& c, Rng& g) {
        if (g() % 4 == 0) return;
        uint64_t cnt = g() % 70;
        if (c.locs[1].kind == K::Xmm) {
          std::memcpy(c.xmm(c.locs[1].reg), &cnt, 8);
        } else {
          c.set_mem64(c.locs[1].off, cnt);
        }
      };
    v.push_back(sse(mn, {x(), immu(8)}));
  }
  v.push_back(sse(ZYDIS_MNEMONIC_PSLLDQ, {x(), immu(8)}));
  v.push_back(sse(ZYDIS_MNEMONIC_PSRLDQ, {x(), immu(8)}));
  return v;
}

std::vector<Form> sse_shuffle_family() {
  std::vector<Form> v;
  xxi(v, ZYDIS_MNEMONIC_PSHUFD);
  xxi(v, ZYDIS_MNEMONIC_PSHUFLW);
  xxi(v, ZYDIS_MNEMONIC_PSHUFHW);
  xxi(v, ZYDIS_MNEMONIC_SHUFPS, 32);
  xxi(v, ZYDIS_MNEMONIC_SHUFPD, 64);
  for (ZydisMnemonic mn : {ZYDIS_MNEMONIC_PUNPCKLBW, ZYDIS_MNEMONIC_PUNPCKLWD, ZYDIS_MNEMONIC_PUNPCKLDQ,
                           ZYDIS_MNEMONIC_PUNPCKLQDQ, ZYDIS_MNEMONIC_PUNPCKHBW, ZYDIS_MNEMONIC_PUNPCKHWD,
                           ZYDIS_MNEMONIC_PUNPCKHDQ, ZYDIS_MNEMONIC_PUNPCKHQDQ, ZYDIS_MNEMONIC_UNPCKLPS,
                           ZYDIS_MNEMONIC_UNPCKHPS, ZYDIS_MNEMONIC_UNPCKLPD, ZYDIS_MNEMONIC_UNPCKHPD,
                           ZYDIS_MNEMONIC_PACKSSWB, ZYDIS_MNEMONIC_PACKSSDW, ZYDIS_MNEMONIC_PACKUSWB})
    xx(v, mn);
  return v;
}

std::vector<Form> sse_fp_family() {
  std::vector<Form> v;
  const std::pair<ZydisMnemonic, ZydisMnemonic> scalar_packed[] = {
      {ZYDIS_MNEMONIC_ADDSS, ZYDIS_MNEMONIC_ADDPS}, {ZYDIS_MNEMONIC_SUBSS, ZYDIS_MNEMONIC_SUBPS},
      {ZYDIS_MNEMONIC_MULSS, ZYDIS_MNEMONIC_MULPS}, {ZYDIS_MNEMONIC_DIVSS, ZYDIS_MNEMONIC_DIVPS},
      {ZYDIS_MNEMONIC_MINSS, ZYDIS_MNEMONIC_MINPS}, {ZYDIS_MNEMONIC_MAXSS, ZYDIS_MNEMONIC_MAXPS},
      {ZYDIS_MNEMONIC_SQRTSS, ZYDIS_MNEMONIC_SQRTPS}};
  const std::pair<ZydisMnemonic, ZydisMnemonic> scalar_packed_d[] = {
      {ZYDIS_MNEMONIC_ADDSD, ZYDIS_MNEMONIC_ADDPD}, {ZYDIS_MNEMONIC_SUBSD, ZYDIS_MNEMONIC_SUBPD},
      {ZYDIS_MNEMONIC_MULSD, ZYDIS_MNEMONIC_MULPD}, {ZYDIS_MNEMONIC_DIVSD, ZYDIS_MNEMONIC_DIVPD},
      {ZYDIS_MNEMONIC_MINSD, ZYDIS_MNEMONIC_MINPD}, {ZYDIS_MNEMONIC_MAXSD, ZYDIS_MNEMONIC_MAXPD},
      {ZYDIS_MNEMONIC_SQRTSD, ZYDIS_MNEMONIC_SQRTPD}};
  for (auto [s, p] : scalar_packed) {
    xx(v, s, 32, 32, true);
    xx(v, p, 32, 128, true);
  }
  for (auto [s, p] : scalar_packed_d) {
    xx(v, s, 64, 64, true);
    xx(v, p, 64, 128, true);
  }
  xxi(v, ZYDIS_MNEMONIC_CMPSS, 32, 32, 7);
  xxi(v, ZYDIS_MNEMONIC_CMPPS, 32, 128, 7);
  xxi(v, ZYDIS_MNEMONIC_CMPSD, 64, 64, 7);
  xxi(v, ZYDIS_MNEMONIC_CMPPD, 64, 128, 7);
  xx(v, ZYDIS_MNEMONIC_UCOMISS, 32, 32);
  xx(v, ZYDIS_MNEMONIC_COMISS, 32, 32);
  xx(v, ZYDIS_MNEMONIC_UCOMISD, 64, 64);
  xx(v, ZYDIS_MNEMONIC_COMISD, 64, 64);
  return v;
}

std::vector<Form> sse_cvt_family() {
  std::vector<Form> v;
  auto add = [&](Form f, int lane) {
    f.lane = lane;
    f.any_rounding = true;
    v.push_back(f);
  };
  for (int b : {32, 64}) {
    add(sse(ZYDIS_MNEMONIC_CVTSI2SS, {x(), r(b)}), 0);
    add(sse(ZYDIS_MNEMONIC_CVTSI2SD, {x(), r(b)}), 0);
    add(make(ZYDIS_MNEMONIC_CVTSI2SS, {x(), m(b)}), 0);
    add(make(ZYDIS_MNEMONIC_CVTSI2SD, {x(), m(b)}), 0);
    for (auto [mn, lane] : {std::pair{ZYDIS_MNEMONIC_CVTSS2SI, 32}, {ZYDIS_MNEMONIC_CVTTSS2SI, 32},
                            {ZYDIS_MNEMONIC_CVTSD2SI, 64}, {ZYDIS_MNEMONIC_CVTTSD2SI, 64}}) {
      add(sse(mn, {r(b), x()}, lane), lane);
      Form fm = make(mn, {r(b), m(lane)}, 0, false);
      if (b == 64) fm.arches = 2;
      add(fm, lane);
    }
  }
  for (auto [mn, lane, mb] : {std::tuple{ZYDIS_MNEMONIC_CVTSS2SD, 32, 32}, {ZYDIS_MNEMONIC_CVTSD2SS, 64, 64},
                              {ZYDIS_MNEMONIC_CVTDQ2PS, 0, 128}, {ZYDIS_MNEMONIC_CVTPS2DQ, 32, 128},
                              {ZYDIS_MNEMONIC_CVTTPS2DQ, 32, 128}, {ZYDIS_MNEMONIC_CVTDQ2PD, 0, 64},
                              {ZYDIS_MNEMONIC_CVTPD2DQ, 64, 128}, {ZYDIS_MNEMONIC_CVTTPD2DQ, 64, 128},
                              {ZYDIS_MNEMONIC_CVTPS2PD, 32, 64}, {ZYDIS_MNEMONIC_CVTPD2PS, 64, 128}}) {
    xx(v, mn, lane, mb, true);
  }
  return v;
}

std::vector<Form> sse4_family() {
  std::vector<Form> v;
  // SSSE3
  for (ZydisMnemonic mn : {ZYDIS_MNEMONIC_PSHUFB, ZYDIS_MNEMONIC_PABSB, ZYDIS_MNEMONIC_PABSW, ZYDIS_MNEMONIC_PABSD,
                           ZYDIS_MNEMONIC_PHADDW, ZYDIS_MNEMONIC_PHADDD, ZYDIS_MNEMONIC_PHADDSW, ZYDIS_MNEMONIC_PHSUBW,
                           ZYDIS_MNEMONIC_PHSUBD, ZYDIS_MNEMONIC_PMADDUBSW, ZYDIS_MNEMONIC_PMULHRSW,
                           ZYDIS_MNEMONIC_PSIGNB, ZYDIS_MNEMONIC_PSIGNW, ZYDIS_MNEMONIC_PSIGND})
    xx(v, mn);
  xxi(v, ZYDIS_MNEMONIC_PALIGNR);
  // SSE4.1
  for (ZydisMnemonic mn : {ZYDIS_MNEMONIC_PMINSB, ZYDIS_MNEMONIC_PMINSD, ZYDIS_MNEMONIC_PMAXSB, ZYDIS_MNEMONIC_PMAXSD,
                           ZYDIS_MNEMONIC_PMINUW, ZYDIS_MNEMONIC_PMINUD, ZYDIS_MNEMONIC_PMAXUW, ZYDIS_MNEMONIC_PMAXUD,
                           ZYDIS_MNEMONIC_PMULLD, ZYDIS_MNEMONIC_PMULDQ, ZYDIS_MNEMONIC_PCMPEQQ, ZYDIS_MNEMONIC_PACKUSDW,
                           ZYDIS_MNEMONIC_PHMINPOSUW, ZYDIS_MNEMONIC_PCMPGTQ})
    xx(v, mn);
  xx(v, ZYDIS_MNEMONIC_PTEST);
  xx(v, ZYDIS_MNEMONIC_PBLENDVB);
  xx(v, ZYDIS_MNEMONIC_BLENDVPS, 32);
  xx(v, ZYDIS_MNEMONIC_BLENDVPD, 64);
  xxi(v, ZYDIS_MNEMONIC_PBLENDW);
  xxi(v, ZYDIS_MNEMONIC_BLENDPS, 32, 128, 0xF);
  xxi(v, ZYDIS_MNEMONIC_BLENDPD, 64, 128, 0x3);
  xxi(v, ZYDIS_MNEMONIC_ROUNDSS, 32, 32, 0xF, true);
  xxi(v, ZYDIS_MNEMONIC_ROUNDSD, 64, 64, 0xF, true);
  xxi(v, ZYDIS_MNEMONIC_ROUNDPS, 32, 128, 0xF, true);
  xxi(v, ZYDIS_MNEMONIC_ROUNDPD, 64, 128, 0xF, true);
  xxi(v, ZYDIS_MNEMONIC_INSERTPS, 32, 32);
  xxi(v, ZYDIS_MNEMONIC_DPPS, 32, 128, 0xFF, true);
  xxi(v, ZYDIS_MNEMONIC_MPSADBW, 0, 128, 0x7);
  const std::pair<ZydisMnemonic, int> widen[] = {
      {ZYDIS_MNEMONIC_PMOVZXBW, 64}, {ZYDIS_MNEMONIC_PMOVZXBD, 32}, {ZYDIS_MNEMONIC_PMOVZXBQ, 16},
      {ZYDIS_MNEMONIC_PMOVZXWD, 64}, {ZYDIS_MNEMONIC_PMOVZXWQ, 32}, {ZYDIS_MNEMONIC_PMOVZXDQ, 64},
      {ZYDIS_MNEMONIC_PMOVSXBW, 64}, {ZYDIS_MNEMONIC_PMOVSXBD, 32}, {ZYDIS_MNEMONIC_PMOVSXBQ, 16},
      {ZYDIS_MNEMONIC_PMOVSXWD, 64}, {ZYDIS_MNEMONIC_PMOVSXWQ, 32}, {ZYDIS_MNEMONIC_PMOVSXDQ, 64}};
  for (auto [mn, mb] : widen) xx(v, mn, 0, mb);
  v.push_back(sse(ZYDIS_MNEMONIC_PEXTRB, {r(32), x(), immu(8)}));
  v.push_back(sse(ZYDIS_MNEMONIC_PEXTRB, {m(8), x(), immu(8)}));
  v.push_back(sse(ZYDIS_MNEMONIC_PEXTRW, {m(16), x(), immu(8)}));
  v.push_back(sse(ZYDIS_MNEMONIC_PEXTRD, {r(32), x(), immu(8)}));
  v.push_back(sse(ZYDIS_MNEMONIC_PEXTRD, {m(32), x(), immu(8)}));
  v.push_back(sse(ZYDIS_MNEMONIC_PEXTRQ, {r(64), x(), immu(8)}));
  v.push_back(sse(ZYDIS_MNEMONIC_EXTRACTPS, {r(32), x(), immu(8)}, 32));
  v.push_back(sse(ZYDIS_MNEMONIC_PINSRB, {x(), r(32), immu(8)}));
  v.push_back(sse(ZYDIS_MNEMONIC_PINSRB, {x(), m(8), immu(8)}));
  v.push_back(sse(ZYDIS_MNEMONIC_PINSRD, {x(), r(32), immu(8)}));
  v.push_back(sse(ZYDIS_MNEMONIC_PINSRD, {x(), m(32), immu(8)}));
  v.push_back(sse(ZYDIS_MNEMONIC_PINSRQ, {x(), r(64), immu(8)}));
  // SSE4.2 string compare (ECX result, flags) and CRC32.
  xxi(v, ZYDIS_MNEMONIC_PCMPISTRI, 0, 128, 0x7F);
  xxi(v, ZYDIS_MNEMONIC_PCMPISTRM, 0, 128, 0x7F);
  for (auto [db, sb] : {std::pair{32, 8}, {32, 16}, {32, 32}, {64, 8}, {64, 64}}) {
    v.push_back(make(ZYDIS_MNEMONIC_CRC32, {r(db), r(sb)}));
    v.push_back(make(ZYDIS_MNEMONIC_CRC32, {r(db), m(sb)}));
  }
  return v;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(diff_host)

BOOST_AUTO_TEST_CASE(sse_move_x64) { run_family("sse_move", Arch::X64, sse_move_family()); }
BOOST_AUTO_TEST_CASE(sse_move_x86) { run_family("sse_move", Arch::X86, sse_move_family()); }
BOOST_AUTO_TEST_CASE(sse_int_x64) { run_family("sse_int", Arch::X64, sse_int_family()); }
BOOST_AUTO_TEST_CASE(sse_int_x86) { run_family("sse_int", Arch::X86, sse_int_family()); }
BOOST_AUTO_TEST_CASE(sse_shuffle_x64) { run_family("sse_shuffle", Arch::X64, sse_shuffle_family()); }
BOOST_AUTO_TEST_CASE(sse_shuffle_x86) { run_family("sse_shuffle", Arch::X86, sse_shuffle_family()); }
BOOST_AUTO_TEST_CASE(sse_fp_x64) { run_family("sse_fp", Arch::X64, sse_fp_family()); }
BOOST_AUTO_TEST_CASE(sse_fp_x86) { run_family("sse_fp", Arch::X86, sse_fp_family()); }
BOOST_AUTO_TEST_CASE(sse_cvt_x64) { run_family("sse_cvt", Arch::X64, sse_cvt_family()); }
BOOST_AUTO_TEST_CASE(sse_cvt_x86) { run_family("sse_cvt", Arch::X86, sse_cvt_family()); }
BOOST_AUTO_TEST_CASE(sse4_x64) { run_family("sse4", Arch::X64, sse4_family()); }
BOOST_AUTO_TEST_CASE(sse4_x86) { run_family("sse4", Arch::X86, sse4_family()); }

BOOST_AUTO_TEST_SUITE_END()
