// x87 arithmetic (fadd fsub fsubr fmul fdiv fdivr with ST(i) and m32/m64/
// m16int/m32int sources, the popping forms), compares (fcom/fucom/ficom
// families, fcomi/fucomi, ftst, fxam), sign operations, fsqrt, frndint,
// fscale, fprem/fprem1, fxtract and the transcendental functions (fsin fcos
// fsincos fptan fpatan f2xm1 fyl2x fyl2xp1). See cpu/x87_common.h for how
// the host computes them.
#include "cpu/family.h"
#include "cpu/x87_common.h"

namespace emu::cpu {
namespace {

enum ArOp { kFAdd, kFMul, kFSub, kFSubR, kFDiv, kFDivR };

#define EMU_LOAD_AB "fldt %[b]\n\tfldt %[a]\n\tfnclex\n\t"
#define EMU_LOAD_A "fldt %[a]\n\tfnclex\n\t"
#define EMU_SW "\n\tfnstsw %[sw]"

// r0 = a OP b (a = destination, b = source).
template <int K> void host_rr(X87Io& io) {
  if constexpr (K == kFAdd) EMU_X87_HOST(io, EMU_LOAD_AB "fadd %%st(1), %%st" EMU_SW "\n\tfstpt %[r0]\n\tfstp %%st(0)");
  if constexpr (K == kFMul) EMU_X87_HOST(io, EMU_LOAD_AB "fmul %%st(1), %%st" EMU_SW "\n\tfstpt %[r0]\n\tfstp %%st(0)");
  if constexpr (K == kFSub) EMU_X87_HOST(io, EMU_LOAD_AB "fsub %%st(1), %%st" EMU_SW "\n\tfstpt %[r0]\n\tfstp %%st(0)");
  if constexpr (K == kFSubR) EMU_X87_HOST(io, EMU_LOAD_AB "fsubr %%st(1), %%st" EMU_SW "\n\tfstpt %[r0]\n\tfstp %%st(0)");
  if constexpr (K == kFDiv) EMU_X87_HOST(io, EMU_LOAD_AB "fdiv %%st(1), %%st" EMU_SW "\n\tfstpt %[r0]\n\tfstp %%st(0)");
  if constexpr (K == kFDivR) EMU_X87_HOST(io, EMU_LOAD_AB "fdivr %%st(1), %%st" EMU_SW "\n\tfstpt %[r0]\n\tfstp %%st(0)");
}

// Memory source kinds: 0 m32fp, 1 m64fp, 2 m16int, 3 m32int.
#define EMU_MEMOP(FP, INT)                                                                   \
  if constexpr (M == 0) EMU_X87_HOST(io, EMU_LOAD_A FP "s %[mi]" EMU_SW "\n\tfstpt %[r0]");  \
  if constexpr (M == 1) EMU_X87_HOST(io, EMU_LOAD_A FP "l %[mi]" EMU_SW "\n\tfstpt %[r0]");  \
  if constexpr (M == 2) EMU_X87_HOST(io, EMU_LOAD_A INT "s %[mi]" EMU_SW "\n\tfstpt %[r0]"); \
  if constexpr (M == 3) EMU_X87_HOST(io, EMU_LOAD_A INT "l %[mi]" EMU_SW "\n\tfstpt %[r0]");
template <int K, int M> void host_rm(X87Io& io) {
  if constexpr (K == kFAdd) { EMU_MEMOP("fadd", "fiadd") }
  if constexpr (K == kFMul) { EMU_MEMOP("fmul", "fimul") }
  if constexpr (K == kFSub) { EMU_MEMOP("fsub", "fisub") }
  if constexpr (K == kFSubR) { EMU_MEMOP("fsubr", "fisubr") }
  if constexpr (K == kFDiv) { EMU_MEMOP("fdiv", "fidiv") }
  if constexpr (K == kFDivR) { EMU_MEMOP("fdivr", "fidivr") }
}
#undef EMU_MEMOP

constexpr int kMemBytes[4] = {4, 8, 2, 4};

// Reads a memory source of kind M into io.mi.
template <int M> bool read_msrc(State& s, const Insn* i, X87Io& io) {
  if constexpr (kMemBytes[M] == 8) {
    return s.read<uint64_t>(i, s.ea(i), io.mi);
  } else if constexpr (kMemBytes[M] == 4) {
    uint32_t v;
    if (!s.read<uint32_t>(i, s.ea(i), v)) return false;
    io.mi = v;
  } else {
    uint16_t v;
    if (!s.read<uint16_t>(i, s.ea(i), v)) return false;
    io.mi = v;
  }
  return true;
}

// fop st(r1), st(r2) [and pop]: ST(r1) = ST(r1) OP ST(r2).
template <int K, bool Pop> const Insn* h_arith_st(State& s, const Insn* i) {
  if (st_empty(s, i->r1) || st_empty(s, i->r2)) {
    fpu_stack_fault(s, false);
    st_set(s, i->r1, fpu_indefinite());
  } else {
    X87Io io(s);
    io.a = s.st[i->r1];
    io.b = s.st[i->r2];
    host_rr<K>(io);
    st_set(s, i->r1, io.r0);
    fpu_merge(s, io.sw, kFswCC);
  }
  if (Pop) fpu_pop(s);
  return i + 1;
}

// fop mN: ST(0) = ST(0) OP mem.
template <int K, int M> const Insn* h_arith_m(State& s, const Insn* i) {
  X87Io io(s);
  if (!read_msrc<M>(s, i, io)) return nullptr;
  if (st_empty(s, 0)) {
    fpu_stack_fault(s, false);
    st_set(s, 0, fpu_indefinite());
    return i + 1;
  }
  io.a = s.st[0];
  host_rm<K, M>(io);
  st_set(s, 0, io.r0);
  fpu_merge(s, io.sw, kFswCC);
  return i + 1;
}

template <int K, int M> Handler arith_m_for(int bits, bool integer) {
  (void)M;
  if (integer) return bits == 16 ? &h_arith_m<K, 2> : bits == 32 ? &h_arith_m<K, 3> : nullptr;
  return bits == 32 ? &h_arith_m<K, 0> : bits == 64 ? &h_arith_m<K, 1> : nullptr;
}

// fadd/fsub/... : `st0, st(i)`, `st(i), st0`, or one memory operand.
// Reversed forms keep their meaning: ST(dst) = ST(src) - ST(dst) etc.
template <int K, bool Pop, bool Integer> bool sel_arith(const Decoded& d, Insn& o) {
  if (d.nvis() == 1 && d.is_mem(0) && !Pop) {
    o.fn = arith_m_for<K, 0>(d.bits(0), Integer);
    return o.fn && set_mem(d, 0, o);
  }
  if (Integer) return false;
  if (d.nvis() == 2 && is_st(d, 0) && is_st(d, 1)) {
    o.r1 = st_index(d, 0);
    o.r2 = st_index(d, 1);
    if (o.r1 != 0 && o.r2 != 0) return false;
    o.fn = &h_arith_st<K, Pop>;
    return true;
  }
  if (d.nvis() == 0 && Pop) {  // faddp with no operands = faddp st(1), st(0)
    o.r1 = 1;
    o.r2 = 0;
    o.fn = &h_arith_st<K, Pop>;
    return true;
  }
  return false;
}

// ---- compares ------------------------------------------------------------------------

// Unordered-aware compares through the host: C3 C2 C0 as the hardware sets them.
template <bool Unordered> void host_cmp_rr(X87Io& io) {
  if constexpr (Unordered)
    EMU_X87_HOST(io, EMU_LOAD_AB "fucom %%st(1)" EMU_SW "\n\tfstp %%st(0)\n\tfstp %%st(0)");
  else
    EMU_X87_HOST(io, EMU_LOAD_AB "fcom %%st(1)" EMU_SW "\n\tfstp %%st(0)\n\tfstp %%st(0)");
}
template <int M> void host_cmp_m(X87Io& io) {
  if constexpr (M == 0) EMU_X87_HOST(io, EMU_LOAD_A "fcoms %[mi]" EMU_SW "\n\tfstp %%st(0)");
  if constexpr (M == 1) EMU_X87_HOST(io, EMU_LOAD_A "fcoml %[mi]" EMU_SW "\n\tfstp %%st(0)");
  if constexpr (M == 2) EMU_X87_HOST(io, EMU_LOAD_A "ficoms %[mi]" EMU_SW "\n\tfstp %%st(0)");
  if constexpr (M == 3) EMU_X87_HOST(io, EMU_LOAD_A "ficoml %[mi]" EMU_SW "\n\tfstp %%st(0)");
}
constexpr uint16_t kCmpUnordered = kFswC3 | kFswC2 | kFswC0;

// fcom/fcomp/fucom/fucomp st(i); fcompp/fucompp (Pops = 2).
template <bool Unordered, int Pops> const Insn* h_cmp_st(State& s, const Insn* i) {
  if (st_empty(s, 0) || st_empty(s, i->r2)) {
    fpu_stack_fault(s, false);
    s.fpu_sw |= kCmpUnordered;
  } else {
    X87Io io(s);
    io.a = s.st[0];
    io.b = s.st[i->r2];
    host_cmp_rr<Unordered>(io);
    fpu_merge(s, io.sw, kFswCC);
  }
  for (int k = 0; k < Pops; ++k) fpu_pop(s);
  return i + 1;
}
template <int M, bool Pop> const Insn* h_cmp_m(State& s, const Insn* i) {
  X87Io io(s);
  if (!read_msrc<M>(s, i, io)) return nullptr;
  if (st_empty(s, 0)) {
    fpu_stack_fault(s, false);
    s.fpu_sw |= kCmpUnordered;
  } else {
    io.a = s.st[0];
    host_cmp_m<M>(io);
    fpu_merge(s, io.sw, kFswCC);
  }
  if (Pop) fpu_pop(s);
  return i + 1;
}
template <bool Unordered, int Pops, bool Integer> bool sel_cmp(const Decoded& d, Insn& o) {
  if (d.nvis() == 1 && d.is_mem(0) && Pops < 2 && !Unordered) {
    const int b = d.bits(0);
    if (Integer) o.fn = b == 16 ? &h_cmp_m<2, Pops == 1> : b == 32 ? &h_cmp_m<3, Pops == 1> : nullptr;
    else o.fn = b == 32 ? &h_cmp_m<0, Pops == 1> : b == 64 ? &h_cmp_m<1, Pops == 1> : nullptr;
    return o.fn && set_mem(d, 0, o);
  }
  if (Integer) return false;
  o.r2 = 1;
  if (d.nvis() == 1 && is_st(d, 0)) o.r2 = st_index(d, 0);
  else if (d.nvis() == 2 && is_st(d, 1)) o.r2 = st_index(d, 1);
  else if (d.nvis() != 0) return false;
  o.fn = &h_cmp_st<Unordered, Pops>;
  return true;
}

// fcomi/fcomip/fucomi/fucomip st0, st(i): ZF PF CF from the compare; OF SF AF cleared.
template <bool Unordered, bool Pop> const Insn* h_comi(State& s, const Insn* i) {
  uint16_t cc;
  if (st_empty(s, 0) || st_empty(s, i->r2)) {
    fpu_stack_fault(s, false);
    cc = kCmpUnordered;
  } else {
    X87Io io(s);
    io.a = s.st[0];
    io.b = s.st[i->r2];
    host_cmp_rr<Unordered>(io);
    cc = io.sw & kCmpUnordered;
    fpu_merge(s, io.sw, kFswC1);
  }
  set_arith_flags(s, ((cc & kFswC3) ? uint32_t(kZF) : 0u) | ((cc & kFswC2) ? uint32_t(kPF) : 0u) |
                         ((cc & kFswC0) ? uint32_t(kCF) : 0u));
  if (Pop) fpu_pop(s);
  return i + 1;
}
template <bool Unordered, bool Pop> bool sel_comi(const Decoded& d, Insn& o) {
  if (d.nvis() != 2 || !is_st(d, 0) || !is_st(d, 1) || st_index(d, 0) != 0) return false;
  o.r2 = st_index(d, 1);
  o.fn = &h_comi<Unordered, Pop>;
  return true;
}

// ftst / fxam.
const Insn* h_ftst(State& s, const Insn* i) {
  if (st_empty(s, 0)) {
    fpu_stack_fault(s, false);
    s.fpu_sw |= kCmpUnordered;
    return i + 1;
  }
  X87Io io(s);
  io.a = s.st[0];
  EMU_X87_HOST(io, EMU_LOAD_A "ftst" EMU_SW "\n\tfstp %%st(0)");
  fpu_merge(s, io.sw, kFswCC);
  return i + 1;
}
const Insn* h_fxam(State& s, const Insn* i) {
  uint8_t b[16] = {};
  std::memcpy(b, &s.st[0], 10);
  const bool sign = b[9] & 0x80;
  uint16_t cc;
  if (st_empty(s, 0)) {
    cc = kFswC3 | kFswC0;
  } else {
    X87Io io(s);
    io.a = s.st[0];
    EMU_X87_HOST(io, EMU_LOAD_A "fxam" EMU_SW "\n\tfstp %%st(0)");
    cc = io.sw & (kFswC3 | kFswC2 | kFswC0);
  }
  s.fpu_sw = static_cast<uint16_t>((s.fpu_sw & ~kFswCC) | cc | (sign ? kFswC1 : 0));
  return i + 1;
}

// ---- one-operand functions on ST(0) ---------------------------------------------------------

enum Fn1 { kSqrt, kRndint, kSin, kCos, kF2xm1 };
template <int K> void host_fn1(X87Io& io) {
  if constexpr (K == kSqrt) EMU_X87_HOST(io, EMU_LOAD_A "fsqrt" EMU_SW "\n\tfstpt %[r0]");
  if constexpr (K == kRndint) EMU_X87_HOST(io, EMU_LOAD_A "frndint" EMU_SW "\n\tfstpt %[r0]");
  if constexpr (K == kSin) EMU_X87_HOST(io, EMU_LOAD_A "fsin" EMU_SW "\n\tfstpt %[r0]");
  if constexpr (K == kCos) EMU_X87_HOST(io, EMU_LOAD_A "fcos" EMU_SW "\n\tfstpt %[r0]");
  if constexpr (K == kF2xm1) EMU_X87_HOST(io, EMU_LOAD_A "f2xm1" EMU_SW "\n\tfstpt %[r0]");
}
template <int K> const Insn* h_fn1(State& s, const Insn* i) {
  if (st_empty(s, 0)) {
    fpu_stack_fault(s, false);
    st_set(s, 0, fpu_indefinite());
    return i + 1;
  }
  X87Io io(s);
  io.a = s.st[0];
  host_fn1<K>(io);
  st_set(s, 0, io.r0);
  fpu_merge(s, io.sw, kFswCC);
  return i + 1;
}

// fchs / fabs: sign bit only, no exception; C1 cleared.
template <bool Abs> const Insn* h_sign(State& s, const Insn* i) {
  if (st_empty(s, 0)) {
    fpu_stack_fault(s, false);
    st_set(s, 0, fpu_indefinite());
    return i + 1;
  }
  uint8_t b[16] = {};
  std::memcpy(b, &s.st[0], 10);
  if (Abs) b[9] &= 0x7F;
  else b[9] ^= 0x80;
  st_set(s, 0, f80_load(b));
  s.fpu_sw &= static_cast<uint16_t>(~kFswC1);
  return i + 1;
}

// fscale / fprem / fprem1: ST(0) = f(ST(0), ST(1)).
enum Fn2 { kScale, kPrem, kPrem1 };
template <int K> void host_fn2(X87Io& io) {
  if constexpr (K == kScale) EMU_X87_HOST(io, EMU_LOAD_AB "fscale" EMU_SW "\n\tfstpt %[r0]\n\tfstp %%st(0)");
  if constexpr (K == kPrem) EMU_X87_HOST_ENV(io, EMU_LOAD_AB "fprem" EMU_SW "\n\tfstpt %[r0]\n\tfstp %%st(0)");
  if constexpr (K == kPrem1) EMU_X87_HOST_ENV(io, EMU_LOAD_AB "fprem1" EMU_SW "\n\tfstpt %[r0]\n\tfstp %%st(0)");
}
template <int K> const Insn* h_fn2(State& s, const Insn* i) {
  if (st_empty(s, 0) || st_empty(s, 1)) {
    fpu_stack_fault(s, false);
    st_set(s, 0, fpu_indefinite());
    return i + 1;
  }
  X87Io io(s);
  io.a = s.st[0];
  io.b = s.st[1];
  host_fn2<K>(io);
  st_set(s, 0, io.r0);
  fpu_merge(s, io.sw, kFswCC);
  return i + 1;
}

// fpatan / fyl2x / fyl2xp1: ST(1) = f(ST(1), ST(0)), then pop.
enum FnPop { kPatan, kYl2x, kYl2xp1 };
template <int K> void host_fnpop(X87Io& io) {
  if constexpr (K == kPatan) EMU_X87_HOST(io, EMU_LOAD_AB "fpatan" EMU_SW "\n\tfstpt %[r0]");
  if constexpr (K == kYl2x) EMU_X87_HOST(io, EMU_LOAD_AB "fyl2x" EMU_SW "\n\tfstpt %[r0]");
  if constexpr (K == kYl2xp1) EMU_X87_HOST(io, EMU_LOAD_AB "fyl2xp1" EMU_SW "\n\tfstpt %[r0]");
}
template <int K> const Insn* h_fnpop(State& s, const Insn* i) {
  if (st_empty(s, 0) || st_empty(s, 1)) {
    fpu_stack_fault(s, false);
    st_set(s, 1, fpu_indefinite());
  } else {
    X87Io io(s);
    io.a = s.st[0];
    io.b = s.st[1];
    host_fnpop<K>(io);
    st_set(s, 1, io.r0);
    fpu_merge(s, io.sw, kFswCC);
  }
  fpu_pop(s);
  return i + 1;
}

// fptan / fsincos / fxtract: ST(0) replaced, then a second value pushed,
// unless fptan/fsincos leave the operand alone (C2 = 1, out of range).
enum FnPush { kPtan, kSincos, kXtract };
template <int K> void host_fnpush(X87Io& io) {
  if constexpr (K == kPtan) EMU_X87_HOST(io, EMU_LOAD_A "fptan" EMU_SW "\n\tfstpt %[r0]\n\tfstpt %[r1]");
  if constexpr (K == kSincos) EMU_X87_HOST(io, EMU_LOAD_A "fsincos" EMU_SW "\n\tfstpt %[r0]\n\tfstpt %[r1]");
  if constexpr (K == kXtract) EMU_X87_HOST(io, EMU_LOAD_A "fxtract" EMU_SW "\n\tfstpt %[r0]\n\tfstpt %[r1]");
}
template <int K> const Insn* h_fnpush(State& s, const Insn* i) {
  if (st_empty(s, 0)) {
    fpu_stack_fault(s, false);
    st_set(s, 0, fpu_indefinite());
    fpu_push(s, fpu_indefinite());
    return i + 1;
  }
  X87Io io(s);
  io.a = s.st[0];
  host_fnpush<K>(io);
  fpu_merge(s, io.sw, kFswCC);
  if (K != kXtract && (io.sw & kFswC2)) {
    st_set(s, 0, io.r0);
    return i + 1;
  }
  st_set(s, 0, io.r1);
  fpu_push(s, io.r0);
  return i + 1;
}

template <Handler H> bool sel_noop(const Decoded& d, Insn& o) {
  if (d.nvis() != 0) return false;
  o.fn = H;
  return true;
}

}  // namespace

void register_x87_arith(Registry& r) {
  r.add(ZYDIS_MNEMONIC_FADD, &tracked<&sel_arith<kFAdd, false, false>>);
  r.add(ZYDIS_MNEMONIC_FADDP, &tracked<&sel_arith<kFAdd, true, false>>);
  r.add(ZYDIS_MNEMONIC_FIADD, &tracked<&sel_arith<kFAdd, false, true>>);
  r.add(ZYDIS_MNEMONIC_FMUL, &tracked<&sel_arith<kFMul, false, false>>);
  r.add(ZYDIS_MNEMONIC_FMULP, &tracked<&sel_arith<kFMul, true, false>>);
  r.add(ZYDIS_MNEMONIC_FIMUL, &tracked<&sel_arith<kFMul, false, true>>);
  r.add(ZYDIS_MNEMONIC_FSUB, &tracked<&sel_arith<kFSub, false, false>>);
  r.add(ZYDIS_MNEMONIC_FSUBP, &tracked<&sel_arith<kFSub, true, false>>);
  r.add(ZYDIS_MNEMONIC_FISUB, &tracked<&sel_arith<kFSub, false, true>>);
  r.add(ZYDIS_MNEMONIC_FSUBR, &tracked<&sel_arith<kFSubR, false, false>>);
  r.add(ZYDIS_MNEMONIC_FSUBRP, &tracked<&sel_arith<kFSubR, true, false>>);
  r.add(ZYDIS_MNEMONIC_FISUBR, &tracked<&sel_arith<kFSubR, false, true>>);
  r.add(ZYDIS_MNEMONIC_FDIV, &tracked<&sel_arith<kFDiv, false, false>>);
  r.add(ZYDIS_MNEMONIC_FDIVP, &tracked<&sel_arith<kFDiv, true, false>>);
  r.add(ZYDIS_MNEMONIC_FIDIV, &tracked<&sel_arith<kFDiv, false, true>>);
  r.add(ZYDIS_MNEMONIC_FDIVR, &tracked<&sel_arith<kFDivR, false, false>>);
  r.add(ZYDIS_MNEMONIC_FDIVRP, &tracked<&sel_arith<kFDivR, true, false>>);
  r.add(ZYDIS_MNEMONIC_FIDIVR, &tracked<&sel_arith<kFDivR, false, true>>);
  r.add(ZYDIS_MNEMONIC_FCOM, &tracked<&sel_cmp<false, 0, false>>);
  r.add(ZYDIS_MNEMONIC_FCOMP, &tracked<&sel_cmp<false, 1, false>>);
  r.add(ZYDIS_MNEMONIC_FCOMPP, &tracked<&sel_cmp<false, 2, false>>);
  r.add(ZYDIS_MNEMONIC_FUCOM, &tracked<&sel_cmp<true, 0, false>>);
  r.add(ZYDIS_MNEMONIC_FUCOMP, &tracked<&sel_cmp<true, 1, false>>);
  r.add(ZYDIS_MNEMONIC_FUCOMPP, &tracked<&sel_cmp<true, 2, false>>);
  r.add(ZYDIS_MNEMONIC_FICOM, &tracked<&sel_cmp<false, 0, true>>);
  r.add(ZYDIS_MNEMONIC_FICOMP, &tracked<&sel_cmp<false, 1, true>>);
  r.add(ZYDIS_MNEMONIC_FCOMI, &tracked<&sel_comi<false, false>>);
  r.add(ZYDIS_MNEMONIC_FCOMIP, &tracked<&sel_comi<false, true>>);
  r.add(ZYDIS_MNEMONIC_FUCOMI, &tracked<&sel_comi<true, false>>);
  r.add(ZYDIS_MNEMONIC_FUCOMIP, &tracked<&sel_comi<true, true>>);
  r.add(ZYDIS_MNEMONIC_FTST, &tracked<&sel_noop<&h_ftst>>);
  r.add(ZYDIS_MNEMONIC_FXAM, &tracked<&sel_noop<&h_fxam>>);
  r.add(ZYDIS_MNEMONIC_FCHS, &tracked<&sel_noop<&h_sign<false>>>);
  r.add(ZYDIS_MNEMONIC_FABS, &tracked<&sel_noop<&h_sign<true>>>);
  r.add(ZYDIS_MNEMONIC_FSQRT, &tracked<&sel_noop<&h_fn1<kSqrt>>>);
  r.add(ZYDIS_MNEMONIC_FRNDINT, &tracked<&sel_noop<&h_fn1<kRndint>>>);
  r.add(ZYDIS_MNEMONIC_FSIN, &tracked<&sel_noop<&h_fn1<kSin>>>);
  r.add(ZYDIS_MNEMONIC_FCOS, &tracked<&sel_noop<&h_fn1<kCos>>>);
  r.add(ZYDIS_MNEMONIC_F2XM1, &tracked<&sel_noop<&h_fn1<kF2xm1>>>);
  r.add(ZYDIS_MNEMONIC_FSCALE, &tracked<&sel_noop<&h_fn2<kScale>>>);
  r.add(ZYDIS_MNEMONIC_FPREM, &tracked<&sel_noop<&h_fn2<kPrem>>>);
  r.add(ZYDIS_MNEMONIC_FPREM1, &tracked<&sel_noop<&h_fn2<kPrem1>>>);
  r.add(ZYDIS_MNEMONIC_FPATAN, &tracked<&sel_noop<&h_fnpop<kPatan>>>);
  r.add(ZYDIS_MNEMONIC_FYL2X, &tracked<&sel_noop<&h_fnpop<kYl2x>>>);
  r.add(ZYDIS_MNEMONIC_FYL2XP1, &tracked<&sel_noop<&h_fnpop<kYl2xp1>>>);
  r.add(ZYDIS_MNEMONIC_FPTAN, &tracked<&sel_noop<&h_fnpush<kPtan>>>);
  r.add(ZYDIS_MNEMONIC_FSINCOS, &tracked<&sel_noop<&h_fnpush<kSincos>>>);
  r.add(ZYDIS_MNEMONIC_FXTRACT, &tracked<&sel_noop<&h_fnpush<kXtract>>>);
}

}  // namespace emu::cpu
