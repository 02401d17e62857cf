// The host CPU as an oracle for the SSE and x87 unit tests.
//
// One instruction (NASM text, 64-bit) runs twice from the same input state:
// natively, inside a stub that loads an FXSAVE image, RAX/RCX/RDX, RSI (a
// pointer to a 4 KiB data buffer) and RFLAGS, and stores them back; and in
// the interpreter (tests/cpu/unit_harness.h). The caller compares the two
// NativeState results. Only instructions that cannot fault may run here
// (a native fault would end the test process).
#pragma once

#include <sys/mman.h>

#include <cstdint>
#include <cstring>
#include <random>
#include <sstream>
#include <string>

#include <boost/test/unit_test.hpp>

#include "tests/cpu/unit_harness.h"

namespace emu::cpu::test {

struct alignas(64) NativeState {
  uint8_t fx[512];      // FXSAVE image: in, then out
  uint64_t rax, rcx, rdx, rsi;
  uint64_t rflags;      // in, then out
  uint64_t pad[3];
  uint8_t host[512];    // the test process's own x87/SSE state while the case runs
};
static_assert(offsetof(NativeState, rax) == 512 && offsetof(NativeState, rflags) == 544 &&
              offsetof(NativeState, host) == 576);

constexpr int kFxFcw = 0, kFxFsw = 2, kFxFtw = 4, kFxMxcsr = 24, kFxSt = 32, kFxXmm = 160;

inline uint16_t fx_u16(const uint8_t* fx, int off) {
  uint16_t v;
  std::memcpy(&v, fx + off, 2);
  return v;
}
inline uint32_t fx_u32(const uint8_t* fx, int off) {
  uint32_t v;
  std::memcpy(&v, fx + off, 4);
  return v;
}

// Tag class of the 80-bit value at p (0 valid, 1 zero, 2 special).
inline unsigned tag_class(const uint8_t* p) {
  uint64_t mant;
  uint16_t se;
  std::memcpy(&mant, p, 8);
  std::memcpy(&se, p + 8, 2);
  const uint16_t e = se & 0x7FFF;
  if (e == 0 && mant == 0) return 1;
  if (e == 0x7FFF || e == 0 || !(mant >> 63)) return 2;
  return 0;
}

// One instruction, assembled once, runnable natively and in the interpreter.
class OracleInsn {
 public:
  explicit OracleInsn(const std::string& insn) : OracleInsn(assemble(Mode::X64, insn, 0)) {}
  explicit OracleInsn(std::vector<uint8_t> bytes) : bytes_(std::move(bytes)) {
    static const std::vector<uint8_t> pro = assemble(Mode::X64,
        "fxsave [rdi+576]\n"
        "fxrstor [rdi]\n"
        "mov rax, [rdi+512]\nmov rcx, [rdi+520]\nmov rdx, [rdi+528]\nmov rsi, [rdi+536]\n"
        "push qword [rdi+544]\npopfq\n", 0);
    static const std::vector<uint8_t> epi = assemble(Mode::X64,
        "pushfq\npop qword [rdi+544]\n"
        "mov [rdi+512], rax\nmov [rdi+520], rcx\nmov [rdi+528], rdx\n"
        "fxsave [rdi]\n"
        "fxrstor [rdi+576]\n"
        "ret\n", 0);
    page_ = mmap(nullptr, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (page_ == MAP_FAILED) throw std::runtime_error("mmap failed");
    uint8_t* p = static_cast<uint8_t*>(page_);
    std::memcpy(p, pro.data(), pro.size());
    std::memcpy(p + pro.size(), bytes_.data(), bytes_.size());
    std::memcpy(p + pro.size() + bytes_.size(), epi.data(), epi.size());
    guest_code_ = bytes_;
    guest_code_.push_back(0xF4);  // hlt
  }
  ~OracleInsn() { munmap(page_, 4096); }
  OracleInsn(const OracleInsn&) = delete;
  OracleInsn& operator=(const OracleInsn&) = delete;

  // Natively: state in, state out; RSI points at `data` (4 KiB).
  void native(NativeState& io, uint8_t* data) {
    io.rsi = reinterpret_cast<uint64_t>(data);
    reinterpret_cast<void (*)(NativeState*)>(page_)(&io);
  }

  // In the interpreter from `in`; `out` gets the same layout. Returns the
  // stop kind name ("halt" when the instruction retired).
  std::string emulated(const NativeState& in, const uint8_t* data, NativeState& out, uint8_t* data_out) {
    // One guest per instruction, reused: every case rewrites the data
    // buffer and the whole register context.
    if (!guest_) guest_ = std::make_unique<Guest>(Mode::X64, guest_code_);
    Guest& g = *guest_;
    g.mem.write(kData, data, 4096);
    Context c = g.c().context();
    c.gpr[RAX] = in.rax;
    c.gpr[RCX] = in.rcx;
    c.gpr[RDX] = in.rdx;
    c.gpr[RSI] = kData;
    c.eflags = static_cast<uint32_t>(in.rflags);
    for (int k = 0; k < 16; ++k) {
      std::memcpy(&c.xmm[k].lo, in.fx + kFxXmm + 16 * k, 8);
      std::memcpy(&c.xmm[k].hi, in.fx + kFxXmm + 16 * k + 8, 8);
    }
    c.mxcsr = fx_u32(in.fx, kFxMxcsr);
    c.fpu_control = fx_u16(in.fx, kFxFcw);
    c.fpu_status = fx_u16(in.fx, kFxFsw);
    const int top = (c.fpu_status >> 11) & 7;
    uint16_t tag = 0;
    for (int p = 0; p < 8; ++p) {
      unsigned t = 3;
      if (in.fx[kFxFtw] & (1u << p)) t = tag_class(in.fx + kFxSt + 16 * ((p - top) & 7));
      tag = static_cast<uint16_t>(tag | (t << (2 * p)));
    }
    c.fpu_tag = tag;
    for (int k = 0; k < 8; ++k) {
      long double v = 0;
      std::memcpy(&v, in.fx + kFxSt + 16 * k, 10);
      c.st[k] = v;
    }
    g.c().set_context(c);
    g.c().set_pc(kCode);
    const Stop s = g.run(10);
    const Context r = g.c().context();
    std::memset(&out, 0, sizeof out);
    out.rax = r.gpr[RAX];
    out.rcx = r.gpr[RCX];
    out.rdx = r.gpr[RDX];
    out.rflags = g.c().eflags();
    for (int k = 0; k < 16; ++k) {
      std::memcpy(out.fx + kFxXmm + 16 * k, &r.xmm[k].lo, 8);
      std::memcpy(out.fx + kFxXmm + 16 * k + 8, &r.xmm[k].hi, 8);
    }
    std::memcpy(out.fx + kFxMxcsr, &r.mxcsr, 4);
    std::memcpy(out.fx + kFxFcw, &r.fpu_control, 2);
    std::memcpy(out.fx + kFxFsw, &r.fpu_status, 2);
    uint8_t ftw = 0;
    for (int p = 0; p < 8; ++p)
      if (((r.fpu_tag >> (2 * p)) & 3) != 3) ftw |= uint8_t(1u << p);
    out.fx[kFxFtw] = ftw;
    for (int k = 0; k < 8; ++k) std::memcpy(out.fx + kFxSt + 16 * k, &r.st[k], 10);
    g.mem.read(kData, data_out, 4096);
    return std::string(stop_name(s.kind)) + (s.kind == StopKind::Unimplemented ? " " + s.mnemonic : "");
  }

 private:
  std::vector<uint8_t> bytes_;
  std::vector<uint8_t> guest_code_;
  std::unique_ptr<Guest> guest_;
  void* page_ = nullptr;
};

// What to compare between the native and the emulated result.
struct Compare {
  uint32_t flags = 0x8D5;     // CF PF AF ZF SF OF
  bool gprs = true;           // RAX RCX RDX
  bool x87 = false;           // FSW (mask below), tags, non-empty ST(i)
  uint16_t fsw_mask = 0x7F3F;  // C0-C3, TOP, SF and exception flags
  std::vector<std::pair<int, int>> data_ignore;  // (offset, length) of the data buffer left out
};

// Describes every difference ("" if none).
inline std::string differences(const NativeState& n, const uint8_t* ndata, const NativeState& e, const uint8_t* edata,
                               const Compare& cmp) {
  std::ostringstream o;
  o << std::hex;
  for (int k = 0; k < 16; ++k)
    if (std::memcmp(n.fx + kFxXmm + 16 * k, e.fx + kFxXmm + 16 * k, 16) != 0) {
      uint64_t a[2], b[2];
      std::memcpy(a, n.fx + kFxXmm + 16 * k, 16);
      std::memcpy(b, e.fx + kFxXmm + 16 * k, 16);
      o << " xmm" << std::dec << k << std::hex << " native " << a[1] << ":" << a[0] << " emu " << b[1] << ":" << b[0];
    }
  if (fx_u32(n.fx, kFxMxcsr) != fx_u32(e.fx, kFxMxcsr))
    o << " mxcsr native " << fx_u32(n.fx, kFxMxcsr) << " emu " << fx_u32(e.fx, kFxMxcsr);
  if ((n.rflags ^ e.rflags) & cmp.flags) o << " flags native " << (n.rflags & cmp.flags) << " emu " << (e.rflags & cmp.flags);
  if (cmp.gprs) {
    if (n.rax != e.rax) o << " rax native " << n.rax << " emu " << e.rax;
    if (n.rcx != e.rcx) o << " rcx native " << n.rcx << " emu " << e.rcx;
    if (n.rdx != e.rdx) o << " rdx native " << n.rdx << " emu " << e.rdx;
  }
  if (cmp.x87) {
    const uint16_t a = fx_u16(n.fx, kFxFsw) & cmp.fsw_mask, b = fx_u16(e.fx, kFxFsw) & cmp.fsw_mask;
    if (a != b) o << " fsw native " << a << " emu " << b;
    const uint16_t ca = fx_u16(n.fx, kFxFcw) & 0x1F3F, cb = fx_u16(e.fx, kFxFcw) & 0x1F3F;
    if (ca != cb) o << " fcw native " << ca << " emu " << cb;
    if (n.fx[kFxFtw] != e.fx[kFxFtw]) o << " ftw native " << int(n.fx[kFxFtw]) << " emu " << int(e.fx[kFxFtw]);
    const int top = (fx_u16(n.fx, kFxFsw) >> 11) & 7;
    for (int i = 0; i < 8; ++i) {
      if (!(n.fx[kFxFtw] & (1u << ((top + i) & 7)))) continue;
      if (std::memcmp(n.fx + kFxSt + 16 * i, e.fx + kFxSt + 16 * i, 10) != 0) {
        uint64_t ma, mb;
        uint16_t xa, xb;
        std::memcpy(&ma, n.fx + kFxSt + 16 * i, 8);
        std::memcpy(&xa, n.fx + kFxSt + 16 * i + 8, 2);
        std::memcpy(&mb, e.fx + kFxSt + 16 * i, 8);
        std::memcpy(&xb, e.fx + kFxSt + 16 * i + 8, 2);
        o << " st" << i << " native " << xa << ":" << ma << " emu " << xb << ":" << mb;
      }
    }
  }
  auto ignored = [&](int k) {
    for (auto [off, len] : cmp.data_ignore)
      if (k >= off && k < off + len) return true;
    return false;
  };
  for (int k = 0; k < 4096; ++k)
    if (ndata[k] != edata[k] && !ignored(k)) {
      o << " data[" << k << "] native " << int(ndata[k]) << " emu " << int(edata[k]);
      break;
    }
  return o.str();
}

// ---- random inputs ---------------------------------------------------------------

using Rng = std::mt19937_64;

inline uint32_t rand_f32(Rng& g) {
  static const uint32_t special[] = {0, 0x80000000u, 0x3F800000u, 0xBF800000u, 0x7F800000u, 0xFF800000u,
                                     0x7FC00000u, 0xFFC00000u, 0x7F800001u, 0x00000001u, 0x807FFFFFu,
                                     0x7F7FFFFFu, 0x4F000000u, 0xCF000000u, 0x3F000000u, 0x40490FDBu};
  switch (g() % 4) {
    case 0: return special[g() % (sizeof special / sizeof special[0])];
    case 1: {  // moderate magnitudes
      const float f = static_cast<float>(static_cast<int64_t>(g() % 2000001) - 1000000) / 997.0f;
      uint32_t u;
      std::memcpy(&u, &f, 4);
      return u;
    }
    default: return static_cast<uint32_t>(g());
  }
}
inline uint64_t rand_f64(Rng& g) {
  static const uint64_t special[] = {0, 0x8000000000000000ull, 0x3FF0000000000000ull, 0xBFF0000000000000ull,
                                     0x7FF0000000000000ull, 0xFFF0000000000000ull, 0x7FF8000000000000ull,
                                     0x7FF0000000000001ull, 0x0000000000000001ull, 0x41E0000000000000ull,
                                     0xC1E0000000000000ull, 0x43E0000000000000ull, 0x3FE0000000000000ull};
  switch (g() % 4) {
    case 0: return special[g() % (sizeof special / sizeof special[0])];
    case 1: {
      const double d = static_cast<double>(static_cast<int64_t>(g() % 2000001) - 1000000) / 997.0;
      uint64_t u;
      std::memcpy(&u, &d, 8);
      return u;
    }
    default: return g();
  }
}

// Fills the XMM registers and the data buffer with random floats (lane 32
// or 64), integers (lane 0), and sets MXCSR with a random rounding mode.
inline void random_sse_state(Rng& g, NativeState& io, uint8_t* data, int lane, bool any_rounding) {
  std::memset(&io, 0, sizeof io);
  const uint16_t fcw = 0x037F;
  std::memcpy(io.fx + kFxFcw, &fcw, 2);
  uint32_t mx = 0x1F80;
  if (any_rounding) mx |= static_cast<uint32_t>(g() % 4) << 13;
  std::memcpy(io.fx + kFxMxcsr, &mx, 4);
  auto fill = [&](uint8_t* p, int bytes) {
    for (int k = 0; k < bytes; k += 8) {
      uint64_t v;
      if (lane == 32) v = uint64_t(rand_f32(g)) | (uint64_t(rand_f32(g)) << 32);
      else if (lane == 64) v = rand_f64(g);
      else v = g();
      std::memcpy(p + k, &v, 8);
    }
  };
  fill(io.fx + kFxXmm, 256);
  fill(data, 4096);
  io.rax = g();
  io.rcx = g();
  io.rdx = g();
  io.rflags = 0x202 | (g() & 0x8D5);
}

// Runs `cases` random cases of one instruction natively and in the
// interpreter; `setup(rng, state, data)` draws the inputs. Reports the
// first differences through Boost.Test; returns the number of differing cases.
template <class Setup>
int check_against_host(OracleInsn& insn, const std::string& name, int cases, uint64_t seed, Setup setup,
                       const Compare& cmp = {}) {
  alignas(16) static uint8_t in_data[4096], nd[4096], ed[4096];
  Rng g(seed);
  int bad = 0;
  for (int k = 0; k < cases; ++k) {
    NativeState in;
    std::memset(&in, 0, sizeof in);
    setup(g, in, in_data);
    NativeState n = in;
    std::memcpy(nd, in_data, sizeof nd);
    insn.native(n, nd);
    NativeState e;
    const std::string stop = insn.emulated(in, in_data, e, ed);
    const std::string diff = stop != "halt" ? " stopped: " + stop : differences(n, nd, e, ed, cmp);
    if (!diff.empty() && ++bad <= 3) BOOST_ERROR(name << " case " << k << ":" << diff);
  }
  return bad;
}

}  // namespace emu::cpu::test
