// Flag instructions, nops and hints, cpuid, rdtsc, and the instructions that
// stop the run: int3, int n, into, int1, ud0/ud1/ud2, hlt, syscall,
// sysenter, in/out (#GP at user level).
#include <type_traits>

#include "cpu/family.h"
#include "cpu/ops_common.h"

namespace emu::cpu {
namespace {

const Insn* h_nop(State&, const Insn* i) { return i + 1; }

template <uint32_t Set, uint32_t Clear> const Insn* h_df(State& s, const Insn* i) {
  s.eflags = (s.eflags | Set) & ~Clear;
  return i + 1;
}
const Insn* h_clc(State& s, const Insn* i) { flags_set_cf(s, false); return i + 1; }
const Insn* h_stc(State& s, const Insn* i) { flags_set_cf(s, true); return i + 1; }
const Insn* h_cmc(State& s, const Insn* i) { flags_set_cf(s, !get_cf(s)); return i + 1; }

// lahf: AH = SF ZF 0 AF 0 PF 1 CF.
const Insn* h_lahf(State& s, const Insn* i) {
  s.set_reg<uint8_t>(RAX * 8 + 1, static_cast<uint8_t>((arith_flags(s) & 0xD5) | 0x02));
  return i + 1;
}
// sahf: SF ZF AF PF CF from AH; OF kept.
const Insn* h_sahf(State& s, const Insn* i) {
  const uint32_t ah = s.reg<uint8_t>(RAX * 8 + 1);
  const uint32_t f = (arith_flags(s) & kOF) | (ah & (kSF | kZF | kAF | kPF | kCF));
  set_arith_flags(s, f);
  return i + 1;
}
// salc (undocumented, 32-bit mode): AL = CF ? 0xFF : 0.
const Insn* h_salc(State& s, const Insn* i) {
  s.set_reg<uint8_t>(RAX * 8, get_cf(s) ? 0xFF : 0);
  return i + 1;
}

// ---- cpuid ---------------------------------------------------------------------------
// A fixed profile that lists exactly what the interpreter implements. The
// hypervisor bit (leaf 1 ECX bit 31) is clear.
struct CpuidOut { uint32_t a, b, c, d; };

CpuidOut cpuid_leaf(uint32_t leaf, uint32_t sub, bool x64) {
  (void)sub;
  switch (leaf) {
    case 0: return {7, 0x756E6547 /*Genu*/, 0x6C65746E /*ntel*/, 0x49656E69 /*ineI*/};
    case 1: {
      const uint32_t ecx = (1u << 0)     // SSE3
                         | (1u << 9)     // SSSE3
                         | (1u << 13)    // CMPXCHG16B
                         | (1u << 19)    // SSE4.1
                         | (1u << 20)    // SSE4.2
                         | (1u << 23);   // POPCNT
      const uint32_t edx = (1u << 0)     // FPU
                         | (1u << 4)     // TSC
                         | (1u << 8)     // CX8
                         | (1u << 15)    // CMOV
                         | (1u << 23)    // MMX
                         | (1u << 24)    // FXSR (fxsave/fxrstor)
                         | (1u << 25)    // SSE
                         | (1u << 26);   // SSE2
      return {0x000306A9, 0x00010800, ecx, edx};
    }
    case 7:
      if (sub == 0) return {0, 1u << 3 /* BMI1 */, 0, 0};
      return {0, 0, 0, 0};
    case 0x80000000: return {0x80000004, 0, 0, 0};
    case 0x80000001: {
      const uint32_t ecx = (1u << 0)    // LAHF/SAHF in 64-bit mode
                         | (1u << 5);   // LZCNT
      const uint32_t edx = (1u << 20) | (x64 ? ((1u << 11) | (1u << 29)) : 0);  // NX, SYSCALL, LM
      return {0, 0, ecx, edx};
    }
    case 0x80000002: case 0x80000003: case 0x80000004: {
      static const char kBrand[49] = "Intel(R) Core(TM) i5-3470 CPU @ 3.20GHz\0\0\0\0\0\0\0\0\0";
      uint32_t w[4];
      std::memcpy(w, kBrand + (leaf - 0x80000002) * 16, 16);
      return {w[0], w[1], w[2], w[3]};
    }
    default: return {0, 0, 0, 0};
  }
}

const Insn* h_cpuid(State& s, const Insn* i) {
  const CpuidOut o = cpuid_leaf(s.reg<uint32_t>(RAX * 8), s.reg<uint32_t>(RCX * 8), s.mode == Mode::X64);
  s.set_reg<uint32_t>(RAX * 8, o.a);
  s.set_reg<uint32_t>(RBX * 8, o.b);
  s.set_reg<uint32_t>(RCX * 8, o.c);
  s.set_reg<uint32_t>(RDX * 8, o.d);
  return i + 1;
}

// rdtsc: the number of instructions retired before this one (deterministic).
const Insn* h_rdtsc(State& s, const Insn* i) {
  const uint64_t tsc = s.icount - i->rem;
  s.set_reg<uint32_t>(RAX * 8, static_cast<uint32_t>(tsc));
  s.set_reg<uint32_t>(RDX * 8, static_cast<uint32_t>(tsc >> 32));
  return i + 1;
}

// ---- stops -------------------------------------------------------------------------------

const Insn* h_int3(State& s, const Insn* i) { return s.fault(i, FaultKind::Breakpoint); }
const Insn* h_int1(State& s, const Insn* i) { return s.fault(i, FaultKind::SingleStep); }
const Insn* h_ud(State& s, const Insn* i) { return s.fault(i, FaultKind::InvalidOpcode); }
const Insn* h_gp(State& s, const Insn* i) { return s.fault(i, FaultKind::GeneralProtection); }
const Insn* h_into(State& s, const Insn* i) {
  if (get_of(s)) return s.fault(i, FaultKind::Overflow);
  return i + 1;
}
const Insn* h_int(State& s, const Insn* i) {
  s.rip = s.next_pc(i);
  s.stop.vector = static_cast<uint8_t>(i->imm);
  return s.stop_after(i, StopKind::Interrupt);
}
const Insn* h_hlt(State& s, const Insn* i) {
  s.rip = s.next_pc(i);
  return s.stop_after(i, StopKind::Halt);
}
const Insn* h_syscall(State& s, const Insn* i) {
  s.rip = s.next_pc(i);
  const Insn* r = s.stop_after(i, StopKind::Syscall);
  s.stop.pc = s.rip;
  return r;
}

// arpl r/m16, r16 (32-bit mode): raise the destination's RPL to the source's.
template <bool Mem> const Insn* h_arpl(State& s, const Insn* i) {
  uint16_t d;
  uint64_t a = 0;
  if constexpr (Mem) {
    a = s.ea(i);
    if (!s.read_rmw<uint16_t>(i, a, d)) return nullptr;
  } else {
    d = s.reg<uint16_t>(i->r1);
  }
  const uint16_t src = s.reg<uint16_t>(i->r2);
  uint32_t f = arith_flags(s) & ~uint32_t(kZF);
  if ((d & 3) < (src & 3)) {
    d = static_cast<uint16_t>((d & ~3u) | (src & 3u));
    f |= kZF;
    if constexpr (Mem) s.write<uint16_t>(i, a, d);
    else s.set_reg<uint16_t>(i->r1, d);
  }
  set_arith_flags(s, f);
  return i + 1;
}

// sldt / str: store a system segment selector. Windows user mode has no LDT
// (selector 0); its task register holds 0x28 (32-bit) or 0x40 (64-bit), where
// some virtual machines show 0x4000 (an anti-VM check reads it). The memory
// form writes 16 bits; the register forms zero-extend to the operand size
// (SDM: upper bits cleared on current processors).
template <uint16_t V> const Insn* h_store_selector_mem(State& s, const Insn* i) {
  return s.write<uint16_t>(i, s.ea(i), V) ? i + 1 : nullptr;
}
template <uint16_t V, typename T> const Insn* h_store_selector_reg(State& s, const Insn* i) {
  s.set_reg<T>(i->r1, T{V});
  return i + 1;
}

// sidt / sgdt: store a descriptor-table register: the 16-bit limit, then the
// base (32 bits in 32-bit mode, 64 in long mode). The values are a Windows 7
// kernel's on real hardware; the "red pill" check compares the IDT base with
// the ranges virtual machines move it to.
struct TableRegister { uint16_t limit; uint64_t base; };
constexpr TableRegister kIdt32{0x7FF, 0x80B95400}, kGdt32{0x3FF, 0x80B95000};
constexpr TableRegister kIdt64{0xFFF, 0xFFFFF80000B95080ull}, kGdt64{0x7F, 0xFFFFF80000B95000ull};
template <const TableRegister& R, bool X64> const Insn* h_store_table(State& s, const Insn* i) {
  const uint64_t a = s.ea(i);
  if (!s.probe(i, a, X64 ? 10 : 6, Access::Write)) return nullptr;
  if (!s.write<uint16_t>(i, a, R.limit)) return nullptr;
  if constexpr (X64) return s.write<uint64_t>(i, a + 2, R.base) ? i + 1 : nullptr;
  else return s.write<uint32_t>(i, (a + 2) & 0xFFFFFFFFu, static_cast<uint32_t>(R.base)) ? i + 1 : nullptr;
}

// bound r, m (32-bit mode): the memory operand holds the signed lower and
// upper bounds; an index outside [lower, upper] raises #BR.
template <typename T> const Insn* h_bound(State& s, const Insn* i) {
  using S = std::make_signed_t<T>;
  const uint64_t a = s.ea(i);
  T lo, hi;
  if (!s.read<T>(i, a, lo)) return nullptr;
  if (!s.read<T>(i, (a + sizeof(T)) & 0xFFFFFFFFu, hi)) return nullptr;  // 32-bit mode only: wraps at 4 GiB
  const S idx = static_cast<S>(s.reg<T>(i->r1));
  if (idx < static_cast<S>(lo) || idx > static_cast<S>(hi)) return s.fault(i, FaultKind::BoundRange);
  return i + 1;
}

template <Handler H> bool sel_h(const Decoded&, Insn& o) {
  o.fn = H;
  return true;
}

bool sel_arpl(const Decoded& d, Insn& o) {
  if (d.nvis() != 2 || !d.is_gpr(1)) return false;
  o.r2 = off_of(d, 1);
  if (d.is_gpr(0)) {
    o.r1 = off_of(d, 0);
    o.fn = &h_arpl<false>;
    return true;
  }
  o.fn = &h_arpl<true>;
  return d.is_mem(0) && set_mem(d, 0, o);
}

template <uint16_t V> bool sel_store_selector(const Decoded& d, Insn& o) {
  if (d.nvis() != 1) return false;
  if (d.is_mem(0)) {
    o.fn = &h_store_selector_mem<V>;
    return set_mem(d, 0, o);
  }
  if (!d.is_gpr(0)) return false;
  o.r1 = off_of(d, 0);
  switch (d.bits(0)) {
    case 16: o.fn = &h_store_selector_reg<V, uint16_t>; return true;
    case 32: o.fn = &h_store_selector_reg<V, uint32_t>; return true;
    case 64: o.fn = &h_store_selector_reg<V, uint64_t>; return true;
    default: return false;
  }
}
bool sel_str(const Decoded& d, Insn& o) {
  return d.x64() ? sel_store_selector<0x40>(d, o) : sel_store_selector<0x28>(d, o);
}

template <const TableRegister& R32, const TableRegister& R64> bool sel_store_table(const Decoded& d, Insn& o) {
  if (d.nvis() != 1 || !d.is_mem(0)) return false;
  o.fn = d.x64() ? &h_store_table<R64, true> : &h_store_table<R32, false>;
  return set_mem(d, 0, o);
}

bool sel_bound(const Decoded& d, Insn& o) {
  if (d.nvis() != 2 || !d.is_gpr(0) || !d.is_mem(1)) return false;
  o.r1 = off_of(d, 0);
  switch (d.bits(0)) {
    case 16: o.fn = &h_bound<uint16_t>; break;
    case 32: o.fn = &h_bound<uint32_t>; break;
    default: return false;
  }
  return set_mem(d, 1, o);
}

bool sel_int(const Decoded& d, Insn& o) {
  if (d.nvis() != 1 || !d.is_imm(0)) return false;
  o.imm = d.op(0).imm.value.u & 0xFF;
  o.fn = o.imm == 3 ? &h_int3 : &h_int;
  return true;
}

}  // namespace

void register_system(Registry& r) {
  for (ZydisMnemonic m : {ZYDIS_MNEMONIC_NOP, ZYDIS_MNEMONIC_PAUSE, ZYDIS_MNEMONIC_PREFETCH,
                          ZYDIS_MNEMONIC_PREFETCHNTA, ZYDIS_MNEMONIC_PREFETCHT0, ZYDIS_MNEMONIC_PREFETCHT1,
                          ZYDIS_MNEMONIC_PREFETCHT2, ZYDIS_MNEMONIC_PREFETCHW, ZYDIS_MNEMONIC_PREFETCHWT1,
                          ZYDIS_MNEMONIC_ENDBR32, ZYDIS_MNEMONIC_ENDBR64, ZYDIS_MNEMONIC_LFENCE,
                          ZYDIS_MNEMONIC_MFENCE, ZYDIS_MNEMONIC_SFENCE, ZYDIS_MNEMONIC_CLFLUSH,
                          ZYDIS_MNEMONIC_CLFLUSHOPT, ZYDIS_MNEMONIC_CLI, ZYDIS_MNEMONIC_STI})
    r.add(m, &sel_h<&h_nop>);
  r.add(ZYDIS_MNEMONIC_CLD, &sel_h<&h_df<0, kDF>>);
  r.add(ZYDIS_MNEMONIC_STD, &sel_h<&h_df<kDF, 0>>);
  r.add(ZYDIS_MNEMONIC_CLC, &sel_h<&h_clc>);
  r.add(ZYDIS_MNEMONIC_STC, &sel_h<&h_stc>);
  r.add(ZYDIS_MNEMONIC_CMC, &sel_h<&h_cmc>);
  r.add(ZYDIS_MNEMONIC_LAHF, &sel_h<&h_lahf>);
  r.add(ZYDIS_MNEMONIC_SAHF, &sel_h<&h_sahf>);
  r.add(ZYDIS_MNEMONIC_SALC, &sel_h<&h_salc>);
  r.add(ZYDIS_MNEMONIC_CPUID, &sel_h<&h_cpuid>);
  r.add(ZYDIS_MNEMONIC_RDTSC, &sel_h<&h_rdtsc>);
  r.add(ZYDIS_MNEMONIC_INT3, &sel_h<&h_int3>);
  r.add(ZYDIS_MNEMONIC_INT1, &sel_h<&h_int1>);
  r.add(ZYDIS_MNEMONIC_INT, &sel_int);
  r.add(ZYDIS_MNEMONIC_INTO, &sel_h<&h_into>);
  r.add(ZYDIS_MNEMONIC_UD0, &sel_h<&h_ud>);
  r.add(ZYDIS_MNEMONIC_UD1, &sel_h<&h_ud>);
  r.add(ZYDIS_MNEMONIC_UD2, &sel_h<&h_ud>);
  r.add(ZYDIS_MNEMONIC_HLT, &sel_h<&h_hlt>);
  // CPUID reports no OSXSAVE (CR4.OSXSAVE clear), so xgetbv is #UD, as on such a CPU.
  r.add(ZYDIS_MNEMONIC_XGETBV, &sel_h<&h_ud>);
  r.add(ZYDIS_MNEMONIC_ARPL, &sel_arpl);
  r.add(ZYDIS_MNEMONIC_SLDT, &sel_store_selector<0>);
  r.add(ZYDIS_MNEMONIC_STR, &sel_str);
  r.add(ZYDIS_MNEMONIC_SIDT, &sel_store_table<kIdt32, kIdt64>);
  r.add(ZYDIS_MNEMONIC_SGDT, &sel_store_table<kGdt32, kGdt64>);
  r.add(ZYDIS_MNEMONIC_BOUND, &sel_bound);
  r.add(ZYDIS_MNEMONIC_SYSCALL, &sel_h<&h_syscall>);
  r.add(ZYDIS_MNEMONIC_SYSENTER, &sel_h<&h_syscall>);
  // Privileged at user level (Zydis flags some of them, not all: lgdt ...).
  for (ZydisMnemonic m : {ZYDIS_MNEMONIC_LGDT, ZYDIS_MNEMONIC_LIDT, ZYDIS_MNEMONIC_LLDT, ZYDIS_MNEMONIC_LTR,
                          ZYDIS_MNEMONIC_LMSW, ZYDIS_MNEMONIC_CLTS, ZYDIS_MNEMONIC_INVD, ZYDIS_MNEMONIC_WBINVD,
                          ZYDIS_MNEMONIC_INVLPG, ZYDIS_MNEMONIC_RDMSR, ZYDIS_MNEMONIC_WRMSR, ZYDIS_MNEMONIC_SWAPGS,
                          ZYDIS_MNEMONIC_SYSEXIT, ZYDIS_MNEMONIC_SYSRET})
    r.add(m, &sel_h<&h_gp>);
  for (ZydisMnemonic m : {ZYDIS_MNEMONIC_IN, ZYDIS_MNEMONIC_OUT, ZYDIS_MNEMONIC_INSB, ZYDIS_MNEMONIC_INSW,
                          ZYDIS_MNEMONIC_INSD, ZYDIS_MNEMONIC_OUTSB, ZYDIS_MNEMONIC_OUTSW, ZYDIS_MNEMONIC_OUTSD})
    r.add(m, &sel_h<&h_gp>);
}

}  // namespace emu::cpu
