// Differential tests: conversions, flag instructions, string operations with
// every REP form and both directions, stack operations, short control
// transfers, and the BCD/ASCII adjustments of 32-bit mode.
#include <boost/test/unit_test.hpp>
#include <cstring>

#include "tests/cpu/diff_harness.h"

using namespace emu::difftest;

namespace {

constexpr uint16_t kRAX = 1, kRCX = 2, kRDX = 4, kRBX = 8, kRBP = 32, kRSI = 64, kRDI = 128;

std::vector<Form> misc_family() {
  std::vector<Form> v;
  v.push_back(make(ZYDIS_MNEMONIC_CBW, {}));
  v.push_back(make(ZYDIS_MNEMONIC_CWDE, {}));
  v.push_back(make(ZYDIS_MNEMONIC_CWD, {}));
  v.push_back(make(ZYDIS_MNEMONIC_CDQ, {}));
  v.push_back(raw("cdqe", {0x48, 0x98}, 2));
  v.push_back(raw("cqo", {0x48, 0x99}, 2));
  v.push_back(raw("lahf", {0x9F}));
  v.push_back(raw("sahf", {0x9E}));
  v.push_back(raw("clc", {0xF8}));
  v.push_back(raw("stc", {0xF9}));
  v.push_back(raw("cmc", {0xF5}));
  v.push_back(raw("cld", {0xFC}));
  v.push_back(raw("std", {0xFD}));
  v.push_back(raw("nop", {0x90}));
  v.push_back(raw("nop r/m32 (0f 1f 44 00 00)", {0x0F, 0x1F, 0x44, 0x00, 0x00}));
  v.push_back(raw("pause", {0xF3, 0x90}));
  for (auto& f : v) f.fix = [](Case& c, Rng& g) { c.in.rflags |= (g() % 2) ? fDF : 0; };
  Form xl = raw("xlatb", {0xD7});
  xl.fix = [](Case& c, Rng& g) { c.gpr(3) = NX_MEM + kMemLo + g() % 0x100; };
  v.push_back(xl);
  return v;
}

// String instruction encodings: op byte for 8-bit elements (+1 for wider).
struct StrOp {
  const char* name;
  uint8_t opcode;
  bool reads_src, writes_dst, compares;
};
const StrOp kStrOps[] = {{"movs", 0xA4, true, true, false}, {"cmps", 0xA6, true, false, true},
                         {"stos", 0xAA, false, true, false}, {"lods", 0xAC, true, false, false},
                         {"scas", 0xAE, false, false, true}};

std::vector<Form> string_family() {
  std::vector<Form> v;
  const char* suffix[] = {"b", "w", "d", "q"};
  for (const StrOp& op : kStrOps) {
    for (int sz = 0; sz < 4; ++sz) {
      for (int rep = 0; rep < 3; ++rep) {  // none, F3, F2
        if (rep == 2 && !op.compares) continue;
        std::vector<uint8_t> bytes;
        std::string name;
        if (rep == 1) {
          bytes.push_back(0xF3);
          name = op.compares ? "repe " : "rep ";
        } else if (rep == 2) {
          bytes.push_back(0xF2);
          name = "repne ";
        }
        if (sz == 1) bytes.push_back(0x66);
        if (sz == 3) bytes.push_back(0x48);
        bytes.push_back(uint8_t(op.opcode + (sz ? 1 : 0)));
        name += std::string(op.name) + suffix[sz];
        Form f = raw(name, bytes, sz == 3 ? 2 : 3);
        f.implicit = kRAX | kRCX | kRSI | kRDI;
        int esize = 1 << sz;
        bool compares = op.compares;
        bool has_rep = rep != 0;
        f.fix = [esize, compares, has_rep](Case& c, Rng& g) {
          if (g() % 2) c.in.rflags |= fDF;
          c.gpr(6) = NX_MEM + 0x200 + g() % 0x100;  // rsi
          c.gpr(7) = NX_MEM + 0x500 + g() % 0x100;  // rdi
          if (has_rep) c.gpr(1) = g() % 20;
          if (!compares || g() % 4 == 0) return;
          // Make runs of equal elements so REPE/REPNE stop at varied points.
          uint32_t si = uint32_t(c.gpr(6) - NX_MEM), di = uint32_t(c.gpr(7) - NX_MEM);
          for (int k = -24; k < 24; ++k) {
            for (int b = 0; b < esize; ++b) {
              uint8_t want = (g() % 2) ? c.in.mem[si + k * esize + b] : uint8_t(c.gpr(0) >> (8 * b));
              c.in.mem[di + k * esize + b] = want;
            }
            if (g() % 12 == 0) c.in.mem[di + k * esize + g() % esize] ^= 0x10;
          }
        };
        v.push_back(f);
      }
    }
  }
  return v;
}

std::vector<Form> stack_family() {
  std::vector<Form> v;
  for (int b : {16, 32, 64}) {
    uint8_t arches = b == 64 ? 2 : (b == 32 ? 1 : 3);
    for (ZydisMnemonic mn : {ZYDIS_MNEMONIC_PUSH, ZYDIS_MNEMONIC_POP}) {
      Form f = make(mn, {r(b)});
      f.arches = arches;
      v.push_back(f);
      f = make(mn, {m(b)});
      f.arches = arches;
      v.push_back(f);
    }
  }
  v.push_back(make(ZYDIS_MNEMONIC_PUSH, {imm(8)}));
  v.push_back(make(ZYDIS_MNEMONIC_PUSH, {imm(32)}));
  v.push_back(raw("push imm16 (66 6a)", {0x66, 0x6A, 0x85}));
  v.push_back(raw("pushf", {0x9C}));
  v.push_back(raw("pushf16", {0x66, 0x9C}));
  for (int w : {0, 1}) {
    // POPF with only the arithmetic flags and DF set in the popped word: TF
    // and AC would trap or fault on the host.
    Form f = raw(w ? "popf16" : "popf", w ? std::vector<uint8_t>{0x66, 0x9D} : std::vector<uint8_t>{0x9D});
    f.fix = [](Case& c, Rng& g) {
      uint32_t sp = uint32_t(c.gpr(4) - NX_MEM);
      uint64_t val = (g() & 0xCD5) | (g() % 2 ? 0x400 : 0) | 0x202;
      c.set_mem64(sp, val);
    };
    v.push_back(f);
  }
  Form lv = raw("leave", {0xC9});
  lv.implicit = kRBP;
  lv.fix = [](Case& c, Rng& g) { c.gpr(5) = NX_MEM + 0x600 + 8 * (g() % 16); };
  v.push_back(lv);
  for (int size : {0, 8, 0x28}) {
    for (int level : {0, 1}) {
      Form en = raw("enter " + std::to_string(size) + ", " + std::to_string(level),
                    {0xC8, uint8_t(size), 0x00, uint8_t(level)});
      en.implicit = kRBP;
      en.fix = [](Case& c, Rng& g) { c.gpr(5) = NX_MEM + 0x600 + 8 * (g() % 16); };
      v.push_back(en);
    }
  }
  v.push_back(raw("pushad", {0x60}, 1));
  Form pa = raw("popad", {0x61}, 1);
  v.push_back(pa);
  return v;
}

// Short branches whose taken and fall-through paths both end at the trap
// address: "jcc +2 ; inc eax" shows whether the branch was taken.
std::vector<Form> control_family() {
  std::vector<Form> v;
  const char* cc[] = {"jo", "jno", "jb", "jnb", "jz", "jnz", "jbe", "jnbe",
                      "js", "jns", "jp", "jnp", "jl", "jnl", "jle", "jnle"};
  for (int i = 0; i < 16; ++i) {
    v.push_back(raw(std::string(cc[i]) + " rel8", {uint8_t(0x70 + i), 0x02, 0xFF, 0xC0}));
    v.push_back(raw(std::string(cc[i]) + " rel32", {0x0F, uint8_t(0x80 + i), 0x02, 0, 0, 0, 0xFF, 0xC0}));
  }
  for (auto& f : v) f.implicit = kRAX;
  for (uint8_t op : {0xE0, 0xE1, 0xE2, 0xE3}) {
    const char* names[] = {"loopne", "loope", "loop", "jecxz/jrcxz"};
    Form f = raw(std::string(names[op - 0xE0]) + " rel8", {op, 0x02, 0xFF, 0xC0});
    f.implicit = kRAX | kRCX;
    f.fix = [](Case& c, Rng& g) {
      if (g() % 2) c.gpr(1) = g() % 3;
    };
    v.push_back(f);
  }
  v.push_back(raw("jmp rel8", {0xEB, 0x02, 0xFF, 0xC0}));
  v.push_back(raw("jmp rel32", {0xE9, 0x02, 0, 0, 0, 0xFF, 0xC0}));
  v.push_back(raw("call rel32 (to next)", {0xE8, 0, 0, 0, 0}));
  // Indirect forms: the target register / stack slot holds the trap address.
  Form jr = raw("jmp r (rdx)", {0xFF, 0xE2});
  jr.implicit = kRDX;
  jr.fix = [](Case& c, Rng&) { c.gpr(2) = NX_CODE_END; };
  v.push_back(jr);
  Form cr = raw("call r (rsi)", {0xFF, 0xD6});
  cr.implicit = kRSI;
  cr.fix = [](Case& c, Rng&) { c.gpr(6) = NX_CODE_END; };
  v.push_back(cr);
  Form jm = raw("jmp m (rbx+8)", {0xFF, 0x63, 0x08});
  jm.implicit = kRBX;
  jm.fix = [](Case& c, Rng& g) {
    uint32_t off = kMemLo + 8 * uint32_t(g() % 64);
    c.gpr(3) = NX_MEM + off - 8;
    c.set_mem64(off, NX_CODE_END | (c.width() == 64 ? 0 : (g() & 0xFFFFFFFF00000000ull)));
  };
  v.push_back(jm);
  for (int imm16 : {-1, 0, 8}) {
    std::vector<uint8_t> bytes = imm16 < 0 ? std::vector<uint8_t>{0xC3} : std::vector<uint8_t>{0xC2, uint8_t(imm16), 0};
    Form rt = raw(imm16 < 0 ? "ret" : "ret " + std::to_string(imm16), bytes);
    rt.fix = [](Case& c, Rng&) {
      uint32_t sp = uint32_t(c.gpr(4) - NX_MEM);
      if (c.width() == 64) {
        c.set_mem64(sp, NX_CODE_END);
      } else {
        uint32_t t = NX_CODE_END;
        std::memcpy(c.in.mem + sp, &t, 4);
      }
    };
    v.push_back(rt);
  }
  return v;
}

std::vector<Form> bcd_family() {
  std::vector<Form> v;
  v.push_back(raw("daa", {0x27}, 1, fOF));
  v.push_back(raw("das", {0x2F}, 1, fOF));
  v.push_back(raw("aaa", {0x37}, 1, fOF | fSF | fZF | fPF));
  v.push_back(raw("aas", {0x3F}, 1, fOF | fSF | fZF | fPF));
  v.push_back(raw("aam", {0xD4, 0x0A}, 1, fOF | fAF | fCF));
  v.push_back(raw("aam 7", {0xD4, 0x07}, 1, fOF | fAF | fCF));
  v.push_back(raw("aam 0 (#DE)", {0xD4, 0x00}, 1, fOF | fAF | fCF));
  v.push_back(raw("aad", {0xD5, 0x0A}, 1, fOF | fAF | fCF));
  v.push_back(raw("aad 7", {0xD5, 0x07}, 1, fOF | fAF | fCF));
  return v;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(diff_host)

BOOST_AUTO_TEST_CASE(misc_x64) { run_family("misc", Arch::X64, misc_family()); }
BOOST_AUTO_TEST_CASE(misc_x86) { run_family("misc", Arch::X86, misc_family()); }
BOOST_AUTO_TEST_CASE(string_x64) { run_family("string", Arch::X64, string_family()); }
BOOST_AUTO_TEST_CASE(string_x86) { run_family("string", Arch::X86, string_family()); }
BOOST_AUTO_TEST_CASE(stack_x64) { run_family("stack", Arch::X64, stack_family()); }
BOOST_AUTO_TEST_CASE(stack_x86) { run_family("stack", Arch::X86, stack_family()); }
BOOST_AUTO_TEST_CASE(control_x64) { run_family("control", Arch::X64, control_family()); }
BOOST_AUTO_TEST_CASE(control_x86) { run_family("control", Arch::X86, control_family()); }
BOOST_AUTO_TEST_CASE(bcd_x86) { run_family("bcd", Arch::X86, bcd_family()); }

BOOST_AUTO_TEST_SUITE_END()
