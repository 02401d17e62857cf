// String instructions: movs stos lods scas cmps in every size, with REP /
// REPE / REPNE and DF. A is the address-size type (SI/DI/CX width). The
// source (DS:rSI) honours a segment override; the destination is ES:rDI
// (flat). A REP form runs at most kChunk iterations per retirement and
// then re-executes itself, so budget and request_stop stay responsive.
#include <algorithm>

#include "cpu/family.h"
#include "cpu/ops_common.h"

namespace emu::cpu {
namespace {

constexpr uint64_t kChunk = 65536;

enum Op { kMovs, kStos, kLods, kScas, kCmps };
enum RepKind { kNoRep, kRep, kRepne };  // kRep is REPE for scas/cmps

template <class A> inline uint64_t src_addr(const State& s, const Insn* i) {
  return (static_cast<uint64_t>(static_cast<A>(s.gpr[RSI])) + s.segbase[i->seg]) & s.mode_mask;
}
template <class A> inline uint64_t dst_addr(const State& s) {
  return static_cast<uint64_t>(static_cast<A>(s.gpr[RDI])) & s.mode_mask;
}
template <class A> inline void advance(State& s, int r, int64_t delta) {
  s.set_reg<A>(r * 8, static_cast<A>(s.reg<A>(r * 8) + static_cast<A>(delta)));
}

// One iteration; false after a fault.
template <Op K, class T, class A> inline bool step(State& s, const Insn* i, int64_t delta) {
  if constexpr (K == kMovs) {
    T v;
    if (!s.read<T>(i, src_addr<A>(s, i), v)) return false;
    if (!s.write<T>(i, dst_addr<A>(s), v)) return false;
    advance<A>(s, RSI, delta);
    advance<A>(s, RDI, delta);
  } else if constexpr (K == kStos) {
    if (!s.write<T>(i, dst_addr<A>(s), s.reg<T>(RAX * 8))) return false;
    advance<A>(s, RDI, delta);
  } else if constexpr (K == kLods) {
    T v;
    if (!s.read<T>(i, src_addr<A>(s, i), v)) return false;
    s.set_reg<T>(RAX * 8, v);
    advance<A>(s, RSI, delta);
  } else if constexpr (K == kScas) {
    T v;
    if (!s.read<T>(i, dst_addr<A>(s), v)) return false;
    const T acc = s.reg<T>(RAX * 8);
    flags_sub(s, acc, v, static_cast<T>(acc - v));
    advance<A>(s, RDI, delta);
  } else {
    T a, b;
    if (!s.read<T>(i, src_addr<A>(s, i), a)) return false;
    if (!s.read<T>(i, dst_addr<A>(s), b)) return false;
    flags_sub(s, a, b, static_cast<T>(a - b));
    advance<A>(s, RSI, delta);
    advance<A>(s, RDI, delta);
  }
  return true;
}

// Bulk forward rep stos / movs inside one page pair: host-pointer loops
// without per-element TLB lookups. Returns elements done (0: use the slow path).
template <class T, class A> inline uint64_t bulk_stos(State& s, uint64_t cnt) {
  const uint64_t d = dst_addr<A>(s);
  const uint64_t room = (kPageSize - (d & kPageMask)) / sizeof(T);
  const uint64_t n = std::min(cnt, room);
  if (n == 0) return 0;
  // A wrap of the address-size register inside the run is left to the slow path.
  if (static_cast<uint64_t>(static_cast<A>(s.gpr[RDI])) + n * sizeof(T) - 1 > static_cast<uint64_t>(static_cast<A>(~A(0)))) return 0;
  uint8_t* dp = s.tlb_write_ptr(d, n * sizeof(T));
  if (!dp) return 0;
  const T v = s.reg<T>(RAX * 8);
  if constexpr (sizeof(T) == 1) {
    std::memset(dp, v, n);
  } else {
    for (uint64_t k = 0; k < n; ++k) std::memcpy(dp + k * sizeof(T), &v, sizeof(T));
  }
  advance<A>(s, RDI, static_cast<int64_t>(n * sizeof(T)));
  return n;
}

template <class T, class A> inline uint64_t bulk_movs(State& s, const Insn* i, uint64_t cnt) {
  const uint64_t d = dst_addr<A>(s), sa = src_addr<A>(s, i);
  const uint64_t room = std::min((kPageSize - (d & kPageMask)) / sizeof(T), (kPageSize - (sa & kPageMask)) / sizeof(T));
  const uint64_t n = std::min(cnt, room);
  if (n == 0) return 0;
  const uint64_t amax = static_cast<uint64_t>(static_cast<A>(~A(0)));
  if (static_cast<uint64_t>(static_cast<A>(s.gpr[RDI])) + n * sizeof(T) - 1 > amax ||
      static_cast<uint64_t>(static_cast<A>(s.gpr[RSI])) + n * sizeof(T) - 1 > amax)
    return 0;
  const uint64_t bytes = n * sizeof(T);
  uint8_t* dp = s.tlb_write_ptr(d, bytes);
  const uint8_t* sp = s.tlb_read_ptr(sa, bytes);
  if (!dp || !sp) return 0;
  if (dp >= sp + bytes || sp >= dp + bytes || dp <= sp) {
    // Forward element order equals memmove when the destination does not
    // lie ahead inside the source run.
    std::memmove(dp, sp, bytes);
  } else {
    // Overlapping with the destination ahead: element by element, like the CPU.
    for (uint64_t k = 0; k < n; ++k) {
      T v;
      std::memcpy(&v, sp + k * sizeof(T), sizeof(T));
      std::memcpy(dp + k * sizeof(T), &v, sizeof(T));
    }
  }
  advance<A>(s, RSI, static_cast<int64_t>(bytes));
  advance<A>(s, RDI, static_cast<int64_t>(bytes));
  return n;
}

// Bulk forward repe/repne scas and cmps inside one page (pair): compares on
// host pointers until the terminating element. Returns elements done (0:
// use the slow path); `ended` tells whether the terminating condition hit.
template <Op K, class T, class A, RepKind R>
inline uint64_t bulk_compare(State& s, const Insn* i, uint64_t cnt, bool& ended) {
  const uint64_t d = dst_addr<A>(s);
  uint64_t room = (kPageSize - (d & kPageMask)) / sizeof(T);
  uint64_t sa = 0;
  if constexpr (K == kCmps) {
    sa = src_addr<A>(s, i);
    room = std::min(room, (kPageSize - (sa & kPageMask)) / sizeof(T));
  }
  const uint64_t n = std::min(cnt, room);
  if (n == 0) return 0;
  const uint64_t amax = static_cast<uint64_t>(static_cast<A>(~A(0)));
  if (static_cast<uint64_t>(static_cast<A>(s.gpr[RDI])) + n * sizeof(T) - 1 > amax) return 0;
  if (K == kCmps && static_cast<uint64_t>(static_cast<A>(s.gpr[RSI])) + n * sizeof(T) - 1 > amax) return 0;
  const uint8_t* dp = s.tlb_read_ptr(d, n * sizeof(T));
  const uint8_t* sp = K == kCmps ? s.tlb_read_ptr(sa, n * sizeof(T)) : nullptr;
  if (!dp || (K == kCmps && !sp)) return 0;
  const T acc = s.reg<T>(RAX * 8);
  T a = acc, b = 0;
  uint64_t k = 0;
  ended = false;
  for (; k < n; ++k) {
    if constexpr (K == kCmps) std::memcpy(&a, sp + k * sizeof(T), sizeof(T));
    std::memcpy(&b, dp + k * sizeof(T), sizeof(T));
    const bool eq = a == b;
    if (R == kRep ? !eq : eq) {
      ended = true;
      ++k;
      break;
    }
  }
  flags_sub(s, a, b, static_cast<T>(a - b));
  advance<A>(s, RDI, static_cast<int64_t>(k * sizeof(T)));
  if constexpr (K == kCmps) advance<A>(s, RSI, static_cast<int64_t>(k * sizeof(T)));
  return k;
}

template <Op K, class T, class A, RepKind R> const Insn* h_string(State& s, const Insn* i) {
  const int64_t delta = (s.eflags & kDF) ? -static_cast<int64_t>(sizeof(T)) : static_cast<int64_t>(sizeof(T));
  if constexpr (R == kNoRep) {
    if (!step<K, T, A>(s, i, delta)) return nullptr;
    return i + 1;
  } else {
    A cnt = s.reg<A>(RCX * 8);
    uint64_t left = kChunk;
    while (cnt != 0) {
      if (left == 0) return s.leave_after(i, i->pc);  // resume later
      if constexpr (K == kStos || K == kMovs) {
        if (delta > 0) {
          const uint64_t want = std::min<uint64_t>(cnt, left);
          uint64_t n;
          if constexpr (K == kStos) n = bulk_stos<T, A>(s, want);
          else n = bulk_movs<T, A>(s, i, want);
          if (n) {
            cnt = static_cast<A>(cnt - n);
            s.set_reg<A>(RCX * 8, cnt);
            left -= n;
            continue;
          }
        }
      }
      if constexpr (K == kScas || K == kCmps) {
        if (delta > 0) {
          bool ended;
          const uint64_t n = bulk_compare<K, T, A, R>(s, i, std::min<uint64_t>(cnt, left), ended);
          if (n) {
            cnt = static_cast<A>(cnt - n);
            s.set_reg<A>(RCX * 8, cnt);
            left -= n;
            if (ended) break;
            continue;
          }
        }
      }
      if (!step<K, T, A>(s, i, delta)) return nullptr;
      cnt = static_cast<A>(cnt - 1);
      s.set_reg<A>(RCX * 8, cnt);
      --left;
      if constexpr (K == kScas || K == kCmps) {
        const bool z = get_zf(s);
        if (R == kRep && !z) break;
        if (R == kRepne && z) break;
      }
    }
    return i + 1;
  }
}

template <Op K, class T, RepKind R> Handler by_addr(int abits) {
  switch (abits) {
    case 16: return &h_string<K, T, uint16_t, R>;
    case 32: return &h_string<K, T, uint32_t, R>;
    case 64: return &h_string<K, T, uint64_t, R>;
  }
  return nullptr;
}
template <Op K, RepKind R> Handler by_size_addr(int bytes, int abits) {
  switch (bytes) {
    case 1: return by_addr<K, uint8_t, R>(abits);
    case 2: return by_addr<K, uint16_t, R>(abits);
    case 4: return by_addr<K, uint32_t, R>(abits);
    case 8: return by_addr<K, uint64_t, R>(abits);
  }
  return nullptr;
}

template <Op K, int Bytes> bool sel_string(const Decoded& d, Insn& o) {
  // String forms have no XMM operand (movsd / cmpsd are also SSE mnemonics).
  for (int k = 0; k < d.zi.operand_count; ++k) {
    const ZydisDecodedOperand& op = d.ops[k];
    if (op.type == ZYDIS_OPERAND_TYPE_REGISTER && xmm_index(op.reg.value) >= 0) return false;
    if (op.type == ZYDIS_OPERAND_TYPE_IMMEDIATE) return false;
  }
  o.seg = kSegNone;
  for (int k = 0; k < d.zi.operand_count; ++k) {
    const ZydisDecodedOperand& op = d.ops[k];
    if (op.type == ZYDIS_OPERAND_TYPE_MEMORY &&
        (op.mem.base == ZYDIS_REGISTER_RSI || op.mem.base == ZYDIS_REGISTER_ESI || op.mem.base == ZYDIS_REGISTER_SI)) {
      o.seg = op.mem.segment == ZYDIS_REGISTER_FS ? kSegFs : op.mem.segment == ZYDIS_REGISTER_GS ? kSegGs : kSegNone;
    }
  }
  RepKind r = kNoRep;
  if constexpr (K == kScas || K == kCmps) {
    if (d.has(ZYDIS_ATTRIB_HAS_REPNE)) r = kRepne;
    else if (d.has(ZYDIS_ATTRIB_HAS_REPE) || d.has(ZYDIS_ATTRIB_HAS_REP)) r = kRep;
  } else {
    if (d.has(ZYDIS_ATTRIB_HAS_REP) || d.has(ZYDIS_ATTRIB_HAS_REPE) || d.has(ZYDIS_ATTRIB_HAS_REPNE)) r = kRep;
  }
  const int abits = d.addrsize();
  switch (r) {
    case kNoRep: o.fn = by_size_addr<K, kNoRep>(Bytes, abits); break;
    case kRep: o.fn = by_size_addr<K, kRep>(Bytes, abits); break;
    case kRepne: o.fn = by_size_addr<K, kRepne>(Bytes, abits); break;
  }
  return o.fn != nullptr;
}

}  // namespace

void register_string(Registry& r) {
  r.add(ZYDIS_MNEMONIC_MOVSB, &sel_string<kMovs, 1>);
  r.add(ZYDIS_MNEMONIC_MOVSW, &sel_string<kMovs, 2>);
  r.add(ZYDIS_MNEMONIC_MOVSD, &sel_string<kMovs, 4>);
  r.add(ZYDIS_MNEMONIC_MOVSQ, &sel_string<kMovs, 8>);
  r.add(ZYDIS_MNEMONIC_STOSB, &sel_string<kStos, 1>);
  r.add(ZYDIS_MNEMONIC_STOSW, &sel_string<kStos, 2>);
  r.add(ZYDIS_MNEMONIC_STOSD, &sel_string<kStos, 4>);
  r.add(ZYDIS_MNEMONIC_STOSQ, &sel_string<kStos, 8>);
  r.add(ZYDIS_MNEMONIC_LODSB, &sel_string<kLods, 1>);
  r.add(ZYDIS_MNEMONIC_LODSW, &sel_string<kLods, 2>);
  r.add(ZYDIS_MNEMONIC_LODSD, &sel_string<kLods, 4>);
  r.add(ZYDIS_MNEMONIC_LODSQ, &sel_string<kLods, 8>);
  r.add(ZYDIS_MNEMONIC_SCASB, &sel_string<kScas, 1>);
  r.add(ZYDIS_MNEMONIC_SCASW, &sel_string<kScas, 2>);
  r.add(ZYDIS_MNEMONIC_SCASD, &sel_string<kScas, 4>);
  r.add(ZYDIS_MNEMONIC_SCASQ, &sel_string<kScas, 8>);
  r.add(ZYDIS_MNEMONIC_CMPSB, &sel_string<kCmps, 1>);
  r.add(ZYDIS_MNEMONIC_CMPSW, &sel_string<kCmps, 2>);
  r.add(ZYDIS_MNEMONIC_CMPSD, &sel_string<kCmps, 4>);
  r.add(ZYDIS_MNEMONIC_CMPSQ, &sel_string<kCmps, 8>);
}

}  // namespace emu::cpu
