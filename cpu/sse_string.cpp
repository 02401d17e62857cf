// SSE4.2: the packed string compares (pcmpistri, pcmpistrm, pcmpestri,
// pcmpestrm) in every imm8 mode, and crc32 (CRC-32C, reflected).
#include <array>

#include "cpu/family.h"
#include "cpu/sse_common.h"

namespace emu::cpu {
namespace {

// Element k of an operand for the imm8[1:0] format, as a signed 32-bit value.
inline int32_t elem(const XmmReg& x, int fmt, int k) {
  switch (fmt & 3) {
    case 0: return lane<uint8_t>(x, k);
    case 1: return lane<uint16_t>(x, k);
    case 2: return lane<int8_t>(x, k);
    default: return lane<int16_t>(x, k);
  }
}

inline int implicit_len(const XmmReg& x, int fmt, int n) {
  for (int k = 0; k < n; ++k)
    if (elem(x, fmt, k) == 0) return k;
  return n;
}
inline int explicit_len(int64_t v, int n) {
  if (v < 0) v = (v == INT64_MIN) ? INT64_MAX : -v;
  return v > n ? n : static_cast<int>(v);
}

// The aggregated and polarity-adjusted result (IntRes2) and the flags.
struct StrResult {
  uint32_t res;
  uint32_t flags;
  int n;
};

StrResult pcmpstr(const XmmReg& a, const XmmReg& b, int la, int lb, uint8_t imm) {
  const int fmt = imm & 3;
  const int n = (fmt & 1) ? 8 : 16;
  const int agg = (imm >> 2) & 3;
  uint32_t r1 = 0;
  switch (agg) {
    case 0:  // equal any: b[j] equals some valid a[i]
      for (int j = 0; j < lb; ++j)
        for (int i = 0; i < la; ++i)
          if (elem(a, fmt, i) == elem(b, fmt, j)) {
            r1 |= 1u << j;
            break;
          }
      break;
    case 1:  // ranges: a holds (low, high) pairs
      for (int j = 0; j < lb; ++j) {
        const int32_t v = elem(b, fmt, j);
        for (int i = 0; i + 1 < la; i += 2)
          if (v >= elem(a, fmt, i) && v <= elem(a, fmt, i + 1)) {
            r1 |= 1u << j;
            break;
          }
      }
      break;
    case 2:  // equal each: both invalid counts as equal
      for (int i = 0; i < n; ++i) {
        const bool va = i < la, vb = i < lb;
        const bool t = (va && vb) ? elem(a, fmt, i) == elem(b, fmt, i) : (!va && !vb);
        if (t) r1 |= 1u << i;
      }
      break;
    default:  // equal ordered: substring a starting at b[j]; an invalid a element matches
      for (int j = 0; j < n; ++j) {
        bool t = true;
        for (int i = 0, k = j; i < n - j && t; ++i, ++k) {
          const bool va = i < la, vb = k < lb;
          if (!va) continue;
          t = vb && elem(a, fmt, i) == elem(b, fmt, k);
        }
        if (t) r1 |= 1u << j;
      }
      break;
  }
  const uint32_t all = (n == 16) ? 0xFFFFu : 0xFFu;
  uint32_t r2 = r1;
  switch ((imm >> 4) & 3) {
    case 1: r2 = ~r1 & all; break;
    case 3: r2 = r1 ^ ((1u << lb) - 1); break;
    default: break;
  }
  uint32_t fl = 0;
  if (r2) fl |= kCF;
  if (lb < n) fl |= kZF;
  if (la < n) fl |= kSF;
  if (r2 & 1) fl |= kOF;
  return {r2, fl, n};
}

// Explicit = the lengths come from EAX/EDX (RAX/RDX with REX.W); Mask =
// the result goes to XMM0 instead of ECX.
template <bool Explicit, bool Mask, bool Wide> struct PcmpStr {
  static void f(State& s, XmmReg& d, const XmmReg& src, const Insn* i) {
    const uint8_t imm = i->aux;
    const int n = (imm & 1) ? 8 : 16;
    int la, lb;
    if constexpr (Explicit) {
      la = explicit_len(Wide ? int64_t(s.gpr[RAX]) : int64_t(int32_t(s.gpr[RAX])), n);
      lb = explicit_len(Wide ? int64_t(s.gpr[RDX]) : int64_t(int32_t(s.gpr[RDX])), n);
    } else {
      la = implicit_len(d, imm, n);
      lb = implicit_len(src, imm, n);
    }
    const StrResult r = pcmpstr(d, src, la, lb, imm);
    if constexpr (Mask) {
      XmmReg m{};
      if (imm & 0x40) {
        for (int k = 0; k < n; ++k) {
          if (!((r.res >> k) & 1)) continue;
          if (n == 16) set_lane<uint8_t>(m, k, 0xFF);
          else set_lane<uint16_t>(m, k, 0xFFFF);
        }
      } else {
        m.lo = r.res;
      }
      s.xmm[0] = m;
    } else {
      int idx = n;
      if (r.res) idx = (imm & 0x40) ? 31 - __builtin_clz(r.res) : __builtin_ctz(r.res);
      s.gpr[RCX] = static_cast<uint32_t>(idx);
    }
    set_arith_flags(s, r.flags);
  }
};

template <bool Explicit, bool Mask> bool sel_pcmpstr(const Decoded& d, Insn& o) {
  // The SSE4.2 string instructions accept unaligned memory operands.
  if (Explicit && d.has(ZYDIS_ATTRIB_HAS_REX) && (d.zi.raw.rex.W))
    return sel_op<PcmpStr<Explicit, Mask, true>, 16, false, true>(d, o);
  return sel_op<PcmpStr<Explicit, Mask, false>, 16, false, true>(d, o);
}

// ---- crc32 -------------------------------------------------------------------------

constexpr std::array<uint32_t, 256> make_crc_table() {
  std::array<uint32_t, 256> t{};
  for (uint32_t k = 0; k < 256; ++k) {
    uint32_t c = k;
    for (int b = 0; b < 8; ++b) c = (c >> 1) ^ ((c & 1) ? 0x82F63B78u : 0u);
    t[k] = c;
  }
  return t;
}
constexpr std::array<uint32_t, 256> kCrcTable = make_crc_table();

template <class T> inline uint32_t crc32c(uint32_t crc, T v) {
  for (unsigned k = 0; k < sizeof(T); ++k) {
    crc = (crc >> 8) ^ kCrcTable[(crc ^ static_cast<uint8_t>(v >> (8 * k))) & 0xFF];
  }
  return crc;
}
// crc32 r32/r64, r/mN: the 32-bit accumulator is zero-extended.
template <class T> const Insn* h_crc32_r(State& s, const Insn* i) {
  s.gpr[i->r1 >> 3] = crc32c<T>(static_cast<uint32_t>(s.gpr[i->r1 >> 3]), s.reg<T>(i->r2));
  return i + 1;
}
template <class T> const Insn* h_crc32_m(State& s, const Insn* i) {
  T v;
  if (!s.read<T>(i, s.ea(i), v)) return nullptr;
  s.gpr[i->r1 >> 3] = crc32c<T>(static_cast<uint32_t>(s.gpr[i->r1 >> 3]), v);
  return i + 1;
}
bool sel_crc32(const Decoded& d, Insn& o) {
  if (d.nvis() != 2 || !d.is_gpr(0)) return false;
  o.r1 = goff(d, 0);
  const bool mem = d.is_mem(1);
  if (!mem && !d.is_gpr(1)) return false;
  switch (d.bits(1)) {
    case 8: o.fn = mem ? &h_crc32_m<uint8_t> : &h_crc32_r<uint8_t>; break;
    case 16: o.fn = mem ? &h_crc32_m<uint16_t> : &h_crc32_r<uint16_t>; break;
    case 32: o.fn = mem ? &h_crc32_m<uint32_t> : &h_crc32_r<uint32_t>; break;
    case 64: o.fn = mem ? &h_crc32_m<uint64_t> : &h_crc32_r<uint64_t>; break;
    default: return false;
  }
  if (mem) return set_mem(d, 1, o);
  o.r2 = goff(d, 1);
  return true;
}

}  // namespace

void register_sse_string(Registry& r) {
  r.add(ZYDIS_MNEMONIC_PCMPISTRI, &sel_pcmpstr<false, false>);
  r.add(ZYDIS_MNEMONIC_PCMPISTRM, &sel_pcmpstr<false, true>);
  r.add(ZYDIS_MNEMONIC_PCMPESTRI, &sel_pcmpstr<true, false>);
  r.add(ZYDIS_MNEMONIC_PCMPESTRM, &sel_pcmpstr<true, true>);
  r.add(ZYDIS_MNEMONIC_CRC32, &sel_crc32);
}

}  // namespace emu::cpu
