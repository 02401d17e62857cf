// Interpreter state and the inline helpers every handler uses: register
// access, effective addresses, lazy flags, guest memory through the software
// TLB, and the ways a handler leaves its block (fault, stop, branch).
// Internal to cpu/; the public face is cpu/cpu.h.
#pragma once

#include <atomic>
#include <cstdint>
#include <cstring>
#include <string>
#include <type_traits>

#include "cpu/cpu.h"
#include "cpu/insn.h"
#include "cpu/memory.h"

namespace emu::cpu {

class CodeCache;

#define EMU_LIKELY(x) __builtin_expect(!!(x), 1)
#define EMU_UNLIKELY(x) __builtin_expect(!!(x), 0)

// One TLB slot: `tag` is a page base (an odd value never matches) and
// `addend` + guest address = host address. Reads and writes have separate
// slot arrays. A write slot is filled only for pages that are readable and
// writable, hold no decoded code and are not guard pages, so a write hit
// needs no further check.
struct TlbSlot {
  uint64_t tag = 1;
  uint8_t* addend = nullptr;
};
constexpr unsigned kTlbSize = 256;

struct alignas(16) XmmReg {
  uint64_t lo = 0, hi = 0;
};

struct State {
  // gpr[16] is the constant zero used by EA recipes (kZeroReg).
  uint64_t gpr[17] = {};
  uint64_t rip = 0;

  // Lazy arithmetic flags. lf_res is the last result sign-extended to 64
  // bits (ZF, SF, PF come from it); lf_aux packs: bit 31 CF, bit 30 PO
  // (OF = CF ^ PO), bit 3 AF, bit 8 parity delta (PF = even(res) ^ bit 8),
  // bit 0 sign delta (SF = res<63> ^ bit 0). See flags_* below.
  uint64_t lf_res = 1;
  uint32_t lf_aux = 0;
  uint32_t eflags = 0x202;  // every non-arithmetic bit (DF, IF, TF, ...); arithmetic bits are lazy

  uint64_t segbase[3] = {0, 0, 0};  // indexed by SegIndex
  uint64_t amask[3] = {~0ull, 0xFFFFFFFFull, 0xFFFFull};  // indexed by AddrSize
  uint64_t mode_mask = ~0ull;  // 0xFFFFFFFF in X86 mode: linear addresses wrap at 4 GiB

  uint64_t icount = 0;  // retired instructions (see run loop accounting in cpu.cpp)

  // SSE / x87 state (the families in cpu/sse_*.cpp, cpu/x87*.cpp own its meaning).
  // xmm[k] is bits 127:0 of YMMk, ymmh[k] bits 255:128. Legacy SSE handlers
  // touch xmm only (the upper half is preserved, as on hardware); VEX.128
  // writes zero ymmh[dest]; VEX.256 writes both (cpu/avx_common.h).
  XmmReg xmm[16];
  XmmReg ymmh[16];
  uint32_t mxcsr = 0x1F80;
  long double st[8] = {};
  uint16_t fpu_cw = 0x027F, fpu_sw = 0, fpu_tw = 0xFFFF;
  uint64_t fpu_ext[4] = {};  // reserved for the x87 family (last instruction/data pointers ...)

  TlbSlot rtlb[kTlbSize];
  TlbSlot wtlb[kTlbSize];
  uint64_t tlb_gen = 0;

  Memory* mem = nullptr;
  CodeCache* cache = nullptr;
  Mode mode = Mode::X86;

  bool stopped = false;
  bool attention = false;  // leave the fast block chain (e.g. popf set TF)
  Stop stop;

  // ---- registers -------------------------------------------------------
  template <class T> T reg(uint8_t off) const {
    T v;
    std::memcpy(&v, reinterpret_cast<const uint8_t*>(gpr) + off, sizeof(T));
    return v;
  }
  // A 32-bit write zero-extends to 64 bits (long mode rule; harmless in X86 mode).
  template <class T> void set_reg(uint8_t off, T v) {
    if constexpr (sizeof(T) == 4) {
      gpr[off >> 3] = v;
    } else {
      std::memcpy(reinterpret_cast<uint8_t*>(gpr) + off, &v, sizeof(T));
    }
  }

  // ---- effective address -----------------------------------------------
  uint64_t ea(const Insn* i) const {
    uint64_t a = gpr[i->base] + (gpr[i->index] << i->scale) + static_cast<uint64_t>(i->disp);
    return ((a & amask[i->asz]) + segbase[i->seg]) & mode_mask;
  }
  // LEA: the offset only, no segment base.
  uint64_t ea_offset(const Insn* i) const {
    uint64_t a = gpr[i->base] + (gpr[i->index] << i->scale) + static_cast<uint64_t>(i->disp);
    return a & amask[i->asz];
  }

  // ---- leaving a block -------------------------------------------------
  // The record `i` did not retire: undo its share of the block's count.
  const Insn* exit_at(const Insn* i) {
    rip = i->pc;
    icount -= i->rem;
    return nullptr;
  }
  const Insn* fault(const Insn* i, FaultKind k, uint64_t addr = 0, Access acc = Access::Read) {
    stopped = true;
    stop.kind = StopKind::Fault;
    stop.pc = i->pc;
    stop.fault = k;
    stop.address = addr;
    stop.access = acc;
    return exit_at(i);
  }
  // A stop after `i` retired (hlt, syscall, int n); rip is set by the caller.
  const Insn* stop_after(const Insn* i, StopKind k) {
    stopped = true;
    stop.kind = k;
    stop.pc = i->pc;
    stop.fault = FaultKind::None;
    icount -= i->rem - 1;
    return nullptr;
  }
  // Branch: `i` retired, continue at `target`. Only for records that end
  // their block (every control transfer does: see CodeCache::build), whose
  // rem is 1, so the block's count needs no correction.
  const Insn* jump(const Insn*, uint64_t target) {
    rip = target;
    return nullptr;
  }
  // `i` retired somewhere inside its block; continue at `target`.
  const Insn* leave_after(const Insn* i, uint64_t target) {
    rip = target;
    icount -= i->rem - 1;
    return nullptr;
  }
  uint64_t next_pc(const Insn* i) const { return (i->pc + i->len) & mode_mask; }

  // ---- memory (TLB fast path inline, slow path in mem_access.cpp) -------
  // A hit needs the slot's tag to equal the page of the access's LAST byte:
  // the slot is indexed by the first byte's page, so a page-crossing access
  // can never match and takes the slow path.
  template <class T> static uint64_t tlb_key(uint64_t a) { return (a + sizeof(T) - 1) & ~kPageMask; }
  static unsigned tlb_index(uint64_t a) { return static_cast<unsigned>(a >> 12) & (kTlbSize - 1); }

  template <class T> bool read(const Insn* i, uint64_t a, T& v) {
    const TlbSlot& e = rtlb[tlb_index(a)];
    if (EMU_LIKELY(e.tag == tlb_key<T>(a))) {
      std::memcpy(&v, e.addend + a, sizeof(T));
      return true;
    }
    return read_slow(i, a, &v, sizeof(T));
  }
  template <class T> bool write(const Insn* i, uint64_t a, T v) {
    const TlbSlot& e = wtlb[tlb_index(a)];
    if (EMU_LIKELY(e.tag == tlb_key<T>(a))) {
      std::memcpy(e.addend + a, &v, sizeof(T));
      return true;
    }
    return write_slow(i, a, &v, sizeof(T));
  }
  // Read for a read-modify-write: faults unless every byte is readable AND
  // writable, so the following write() cannot fault.
  template <class T> bool read_rmw(const Insn* i, uint64_t a, T& v) {
    const TlbSlot& e = wtlb[tlb_index(a)];
    if (EMU_LIKELY(e.tag == tlb_key<T>(a))) {
      std::memcpy(&v, e.addend + a, sizeof(T));
      return true;
    }
    return rmw_slow(i, a, &v, sizeof(T));
  }
  // Host pointer for `n` bytes at a within one page if the TLB holds the
  // page for reading (or writing), else nullptr (bulk string operations).
  uint8_t* tlb_read_ptr(uint64_t a, uint64_t n) const {
    const TlbSlot& e = rtlb[tlb_index(a)];
    return e.tag == ((a + n - 1) & ~kPageMask) ? e.addend + a : nullptr;
  }
  uint8_t* tlb_write_ptr(uint64_t a, uint64_t n) const {
    const TlbSlot& e = wtlb[tlb_index(a)];
    return e.tag == ((a + n - 1) & ~kPageMask) ? e.addend + a : nullptr;
  }
  // Checks that [a, a+n) may be accessed (probing each page, raising the
  // fault the access would raise) without transferring data.
  bool probe(const Insn* i, uint64_t a, size_t n, Access acc);

  bool read_slow(const Insn* i, uint64_t a, void* v, size_t n);
  bool write_slow(const Insn* i, uint64_t a, const void* v, size_t n);
  bool rmw_slow(const Insn* i, uint64_t a, void* v, size_t n);
  // Resolves one page for an access; fills the TLB; nullptr + fault stop on failure.
  uint8_t* translate(const Insn* i, uint64_t a, Access acc, bool need_read_too);
  void flush_tlb() {
    for (auto& e : rtlb) e = TlbSlot{};
    for (auto& e : wtlb) e = TlbSlot{};
    tlb_gen = mem->generation();
  }

  // ---- stack -------------------------------------------------------------
  // Width of the stack pointer: 4 in X86 mode, 8 in X64 mode.
  template <class A, class T> bool push(const Insn* i, T v) {
    A sp = static_cast<A>(gpr[RSP]) - static_cast<A>(sizeof(T));
    if (!write<T>(i, sp, v)) return false;
    set_reg<A>(RSP * 8, sp);
    return true;
  }
  template <class A, class T> bool pop(const Insn* i, T& v) {
    A sp = static_cast<A>(gpr[RSP]);
    if (!read<T>(i, sp, v)) return false;
    set_reg<A>(RSP * 8, static_cast<A>(sp + sizeof(T)));
    return true;
  }
};

// ---- lazy flags ------------------------------------------------------------

template <class T> inline uint64_t sext(T v) {
  return static_cast<uint64_t>(static_cast<int64_t>(static_cast<std::make_signed_t<T>>(v)));
}
template <class T> constexpr int kBits = sizeof(T) * 8;
template <class T> constexpr T kMsb = static_cast<T>(T(1) << (kBits<T> - 1));

constexpr uint32_t kLfCf = 1u << 31, kLfPo = 1u << 30, kLfAf = 1u << 3, kLfPdb = 1u << 8, kLfSd = 1u;
constexpr uint32_t kArithFlags = kCF | kPF | kAF | kZF | kSF | kOF;

// Packs a carry vector (bit k = carry out of bit k) into lf_aux form.
template <class T> inline uint32_t aux_from_carries(T c) {
  return (static_cast<uint32_t>(c) & kLfAf) | (static_cast<uint32_t>(c >> (kBits<T> - 2)) << 30);
}
template <class T> inline void flags_add(State& s, T a, T b, T r) {
  T c = static_cast<T>((a & b) | ((a | b) & static_cast<T>(~r)));
  s.lf_res = sext(r);
  s.lf_aux = aux_from_carries(c);
}
template <class T> inline void flags_sub(State& s, T a, T b, T r) {
  T c = static_cast<T>((static_cast<T>(~a) & b) | (static_cast<T>(~a ^ b) & r));
  s.lf_res = sext(r);
  s.lf_aux = aux_from_carries(c);
}
// Logic ops: CF = OF = 0, AF = 0 (undefined), SF/ZF/PF from the result.
template <class T> inline void flags_logic(State& s, T r) {
  s.lf_res = sext(r);
  s.lf_aux = 0;
}
// SF/ZF/PF from r, CF and OF as given, AF = 0.
template <class T> inline void flags_res_cf_of(State& s, T r, bool cf, bool of) {
  s.lf_res = sext(r);
  s.lf_aux = (uint32_t(cf) << 31) | (uint32_t(cf ^ of) << 30);
}

inline bool get_cf(const State& s) { return s.lf_aux >> 31; }
inline bool get_of(const State& s) { return ((s.lf_aux >> 31) ^ (s.lf_aux >> 30)) & 1; }
inline bool get_af(const State& s) { return (s.lf_aux >> 3) & 1; }
inline bool get_zf(const State& s) { return s.lf_res == 0; }
inline bool get_sf(const State& s) { return ((s.lf_res >> 63) ^ s.lf_aux) & 1; }
inline bool get_pf(const State& s) {
  return (!__builtin_parity(static_cast<uint8_t>(s.lf_res))) ^ ((s.lf_aux >> 8) & 1);
}

// Inc/dec: like add/sub but CF keeps its old value.
inline void flags_keep_cf(State& s, uint64_t res, uint32_t aux) {
  uint32_t oldc = s.lf_aux >> 31;
  uint32_t of = ((aux >> 31) ^ (aux >> 30)) & 1;
  s.lf_res = res;
  s.lf_aux = (aux & kLfAf) | (oldc << 31) | ((of ^ oldc) << 30);
}
// Rotates: only CF and OF change.
inline void flags_set_cf_of(State& s, bool cf, bool of) {
  s.lf_aux = (s.lf_aux & ~(kLfCf | kLfPo)) | (uint32_t(cf) << 31) | (uint32_t(cf ^ of) << 30);
}
inline void flags_set_cf(State& s, bool cf) { flags_set_cf_of(s, cf, get_of(s)); }

// Materialises the six arithmetic flags.
inline uint32_t arith_flags(const State& s) {
  return (get_cf(s) ? uint32_t(kCF) : 0u) | (get_pf(s) ? uint32_t(kPF) : 0u) |
         (get_af(s) ? uint32_t(kAF) : 0u) | (get_zf(s) ? uint32_t(kZF) : 0u) |
         (get_sf(s) ? uint32_t(kSF) : 0u) | (get_of(s) ? uint32_t(kOF) : 0u);
}
// Loads the six arithmetic flags from an EFLAGS image.
inline void set_arith_flags(State& s, uint32_t f) {
  const bool z = f & kZF, sg = f & kSF, p = f & kPF, c = f & kCF, o = f & kOF;
  uint64_t res;
  uint32_t aux = 0;
  if (z) {
    res = 0;
    aux |= sg ? kLfSd : 0;
  } else {
    res = sg ? (1ull << 63) : 1;
  }
  const bool natural_pf = !__builtin_parity(static_cast<uint8_t>(res));
  aux |= (natural_pf != p) ? kLfPdb : 0;
  aux |= (uint32_t(c) << 31) | (uint32_t(c ^ o) << 30) | ((f & kAF) ? kLfAf : 0);
  s.lf_res = res;
  s.lf_aux = aux;
}
inline uint32_t get_eflags(const State& s) { return (s.eflags & ~kArithFlags) | arith_flags(s) | 2u; }
inline void put_eflags(State& s, uint32_t f) {
  s.eflags = (f & ~kArithFlags) | 2u;
  set_arith_flags(s, f);
}

// Condition codes in encoding order (o, no, b, nb, z, nz, be, nbe, s, ns, p, np, l, nl, le, nle).
template <int CC> inline bool cond(const State& s) {
  bool r;
  switch (CC >> 1) {
    case 0: r = get_of(s); break;
    case 1: r = get_cf(s); break;
    case 2: r = get_zf(s); break;
    case 3: r = get_cf(s) || get_zf(s); break;
    case 4: r = get_sf(s); break;
    case 5: r = get_pf(s); break;
    case 6: r = get_sf(s) != get_of(s); break;
    default: r = get_zf(s) || (get_sf(s) != get_of(s)); break;
  }
  return r ^ (CC & 1);
}
bool cond_dynamic(const State& s, int cc);

}  // namespace emu::cpu
