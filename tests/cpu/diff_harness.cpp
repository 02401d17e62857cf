// Generation, native execution, emulation and comparison for the
// differential tests (see diff_harness.h).
#include "tests/cpu/diff_harness.h"

#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <sstream>

#include "cpu/cpu.h"
#include "cpu/memory.h"

namespace emu::difftest {
namespace {

constexpr uint32_t kArithFlags = cpu::kCF | cpu::kPF | cpu::kAF | cpu::kZF | cpu::kSF | cpu::kOF;
constexpr uint32_t kCompareFlags = kArithFlags | cpu::kDF;
constexpr uint64_t kCasesDefault = 48;
constexpr uint32_t kBatch = 1024;
constexpr uint64_t kEmuBudget = 10000;

uint64_t env_u64(const char* name, uint64_t dflt) {
  const char* v = std::getenv(name);
  if (!v || !*v) return dflt;
  return std::strtoull(v, nullptr, 0);
}

uint64_t splitmix(uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

uint64_t hash_name(const std::string& s) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char ch : s) h = (h ^ ch) * 1099511628211ull;
  return h;
}

ZydisRegister zreg(int idx, int bits, bool high8) {
  switch (bits) {
    case 8:
      if (high8) return ZydisRegister(ZYDIS_REGISTER_AH + idx);
      if (idx < 4) return ZydisRegister(ZYDIS_REGISTER_AL + idx);
      if (idx < 8) return ZydisRegister(ZYDIS_REGISTER_SPL + idx - 4);
      return ZydisRegister(ZYDIS_REGISTER_R8B + idx - 8);
    case 16: return ZydisRegister(ZYDIS_REGISTER_AX + idx);
    case 32: return ZydisRegister(ZYDIS_REGISTER_EAX + idx);
    default: return ZydisRegister(ZYDIS_REGISTER_RAX + idx);
  }
}

std::string hex(uint64_t v) {
  char b[24];
  std::snprintf(b, sizeof b, "0x%llx", static_cast<unsigned long long>(v));
  return b;
}

std::string disasm(Arch arch, const uint8_t* code, uint32_t len) {
  std::string out;
  uint64_t addr = NX_CODE_END - len;
  uint32_t pos = 0;
  while (pos < len) {
    ZydisDisassembledInstruction ins;
    ZydisMachineMode mm = arch == Arch::X64 ? ZYDIS_MACHINE_MODE_LONG_64 : ZYDIS_MACHINE_MODE_LEGACY_32;
    if (!ZYAN_SUCCESS(ZydisDisassembleIntel(mm, addr + pos, code + pos, len - pos, &ins))) {
      out += "(bad)";
      break;
    }
    if (!out.empty()) out += "; ";
    out += ins.text;
    pos += ins.info.length;
  }
  std::string bytes;
  for (uint32_t i = 0; i < len; ++i) {
    char b[4];
    std::snprintf(b, sizeof b, "%02x", code[i]);
    bytes += b;
  }
  return out + " [" + bytes + "]";
}

const char* kRegNames[16] = {"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
                             "r8",  "r9",  "r10", "r11", "r12", "r13", "r14", "r15"};

// ---- what the interpreter produced, in the same shape as the native side ----

struct EmuResult {
  nx_state out;
  uint8_t stop_kind;
  uint8_t fault;
  uint8_t pad[6];
  uint64_t stop_pc;
  char mnemonic[40];
  uint32_t crashed;  // the child died on this case
  uint32_t pad2;
};

// 80-bit x87 value of a host long double (x86-64: 80-bit extended in 16 bytes).
void put_f80(uint8_t* dst, long double v) {
  uint8_t tmp[16] = {};
  std::memcpy(tmp, &v, sizeof v < 16 ? sizeof v : 16);
  std::memcpy(dst, tmp, 10);
}
long double get_f80(const uint8_t* src) {
  uint8_t tmp[16] = {};
  std::memcpy(tmp, src, 10);
  long double v;
  std::memcpy(&v, tmp, sizeof v);
  return v;
}

// Full x87 tag (2 bits per physical register) from an FXSAVE image.
uint16_t full_tag(const uint8_t* fx) {
  uint16_t fsw;
  std::memcpy(&fsw, fx + NX_FX_FSW, 2);
  int top = (fsw >> 11) & 7;
  uint16_t tag = 0;
  for (int phys = 0; phys < 8; ++phys) {
    unsigned t = 3;
    if (fx[NX_FX_FTW] & (1u << phys)) {
      int sti = (phys - top) & 7;
      const uint8_t* v = fx + NX_FX_ST + 16 * sti;
      uint16_t se;
      uint64_t mant;
      std::memcpy(&mant, v, 8);
      std::memcpy(&se, v + 8, 2);
      uint16_t e = se & 0x7FFF;
      if (e == 0 && mant == 0) t = 1;
      else if (e == 0x7FFF || e == 0 || !(mant >> 63)) t = 2;
      else t = 0;
    }
    tag |= uint16_t(t << (2 * phys));
  }
  return tag;
}

cpu::Context context_of(const nx_state& s, Arch arch) {
  cpu::Context c;
  int n = arch == Arch::X64 ? 16 : 8;
  for (int i = 0; i < 16; ++i) c.gpr[i] = i < n ? (arch == Arch::X64 ? s.gpr[i] : s.gpr[i] & 0xFFFFFFFFu) : 0;
  c.rip = 0;
  c.eflags = uint32_t(s.rflags);
  for (int i = 0; i < 16; ++i) {
    std::memcpy(&c.xmm[i].lo, s.fx + NX_FX_XMM + 16 * i, 8);
    std::memcpy(&c.xmm[i].hi, s.fx + NX_FX_XMM + 16 * i + 8, 8);
    std::memcpy(&c.ymm_hi[i].lo, s.ymmh + 16 * i, 8);
    std::memcpy(&c.ymm_hi[i].hi, s.ymmh + 16 * i + 8, 8);
  }
  std::memcpy(&c.mxcsr, s.fx + NX_FX_MXCSR, 4);
  std::memcpy(&c.fpu_control, s.fx + NX_FX_FCW, 2);
  std::memcpy(&c.fpu_status, s.fx + NX_FX_FSW, 2);
  c.fpu_tag = full_tag(s.fx);
  for (int i = 0; i < 8; ++i) c.st[i] = get_f80(s.fx + NX_FX_ST + 16 * i);
  return c;
}

void state_of(const cpu::Context& c, uint32_t eflags, Arch arch, nx_state& s) {
  int n = arch == Arch::X64 ? 16 : 8;
  for (int i = 0; i < 16; ++i) s.gpr[i] = i < n ? c.gpr[i] : 0;
  s.rflags = eflags;
  std::memset(s.fx, 0, sizeof s.fx);
  for (int i = 0; i < 16; ++i) {
    std::memcpy(s.fx + NX_FX_XMM + 16 * i, &c.xmm[i].lo, 8);
    std::memcpy(s.fx + NX_FX_XMM + 16 * i + 8, &c.xmm[i].hi, 8);
    std::memcpy(s.ymmh + 16 * i, &c.ymm_hi[i].lo, 8);
    std::memcpy(s.ymmh + 16 * i + 8, &c.ymm_hi[i].hi, 8);
  }
  std::memcpy(s.fx + NX_FX_MXCSR, &c.mxcsr, 4);
  std::memcpy(s.fx + NX_FX_FCW, &c.fpu_control, 2);
  std::memcpy(s.fx + NX_FX_FSW, &c.fpu_status, 2);
  uint8_t ftw = 0;
  for (int p = 0; p < 8; ++p)
    if (((c.fpu_tag >> (2 * p)) & 3) != 3) ftw |= uint8_t(1u << p);
  s.fx[NX_FX_FTW] = ftw;
  for (int i = 0; i < 8; ++i) put_f80(s.fx + NX_FX_ST + 16 * i, c.st[i]);
}

// Self-test hook: corrupts the interpreter's result so the harness can prove
// that it notices (set only by the harness self-test).
Mutation g_mutation = Mutation::None;

void apply_mutation(EmuResult& r) {
  switch (g_mutation) {
    case Mutation::None: break;
    case Mutation::Gpr: r.out.gpr[3] ^= 1; break;
    case Mutation::Flags: r.out.rflags ^= cpu::kZF; break;
    case Mutation::Xmm: r.out.fx[NX_FX_XMM + 16 * 5 + 7] ^= 0x40; break;
    case Mutation::Memory: r.out.mem[kMemLo + 0x40] ^= 0x80; break;
    case Mutation::Stop: r.stop_pc += 1; break;
    case Mutation::X87: r.out.fx[NX_FX_ST] ^= 0x02; break;  // ST(0) mantissa
    case Mutation::YmmUpper: r.out.ymmh[16 * 2 + 9] ^= 0x04; break;  // bits 255:128 of YMM2
  }
}

// ---- running batches in disposable processes ----

struct Shared {
  void* p = MAP_FAILED;
  size_t size = 0;
  int fd = -1;
  Shared(size_t n) : size(n) {
    fd = memfd_create("emu-diff", 0);
    if (fd < 0 || ftruncate(fd, off_t(n)) != 0) return;
    p = mmap(nullptr, n, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  }
  ~Shared() {
    if (p != MAP_FAILED) munmap(p, size);
    if (fd >= 0) close(fd);
  }
  bool ok() const { return p != MAP_FAILED; }
};

std::string native32_path() { return std::string(EMU_BIN_DIR) + "/cpu-diff-native32"; }

// Runs the cases natively; returns "" or a description of why it could not.
std::string run_native(Arch arch, std::vector<nx_case>& cases) {
  Shared sh(nx_batch_bytes(uint32_t(cases.size())));
  if (!sh.ok()) return "cannot create shared memory";
  auto* b = static_cast<nx_batch*>(sh.p);
  b->count = uint32_t(cases.size());
  b->completed = 0;
  b->mode64 = arch == Arch::X64;
  b->ymm = host_has_avx();
  std::memcpy(nx_cases(b), cases.data(), cases.size() * sizeof(nx_case));
  std::string helper = native32_path();
  if (arch == Arch::X86 && access(helper.c_str(), X_OK) != 0) return "missing " + helper;
  int restarts = 0;
  while (b->completed < b->count) {
    pid_t pid = fork();
    if (pid < 0) return "fork failed";
    if (pid == 0) {
      if (arch == Arch::X64) {
        if (nx_setup() != 0) _exit(3);
        alarm(60);
        nx_run_batch(b);
        _exit(0);
      }
      std::string fdarg = std::to_string(sh.fd);
      execl(helper.c_str(), helper.c_str(), fdarg.c_str(), static_cast<char*>(nullptr));
      _exit(4);
    }
    int st = 0;
    waitpid(pid, &st, 0);
    if (WIFEXITED(st) && WEXITSTATUS(st) != 0 && b->completed == 0)
      return "native runner failed with status " + std::to_string(WEXITSTATUS(st));
    if (b->completed < b->count) {
      // The host process itself died on this case (should not happen: faults
      // are caught); mark it and carry on with the next one.
      nx_cases(b)[b->completed].signal = -1;
      b->completed++;
      if (++restarts > 50) return "native runner keeps dying";
    }
  }
  std::memcpy(cases.data(), nx_cases(b), cases.size() * sizeof(nx_case));
  return {};
}

void emulate_one(cpu::Cpu& cpu, cpu::Memory& mem, Arch arch, const nx_case& c, EmuResult& r) {
  mem.write(NX_MEM, c.in.mem, NX_MEM_SIZE);
  mem.write(NX_CODE_END - c.code_len, c.code, c.code_len);
  cpu.flush_code_cache();
  cpu::Context ctx = context_of(c.in, arch);
  ctx.rip = NX_CODE_END - c.code_len;
  cpu.set_context(ctx);
  cpu::Stop s;
  try {
    s = cpu.run(kEmuBudget);
  } catch (const std::exception& e) {
    s.kind = cpu::StopKind::Unimplemented;
    s.mnemonic = std::string("exception: ") + e.what();
    r.crashed = 2;
  }
  r.stop_kind = uint8_t(s.kind);
  r.fault = uint8_t(s.fault);
  r.stop_pc = s.pc;
  std::snprintf(r.mnemonic, sizeof r.mnemonic, "%s", s.mnemonic.c_str());
  state_of(cpu.context(), cpu.eflags(), arch, r.out);
  mem.read(NX_MEM, r.out.mem, NX_MEM_SIZE);
  apply_mutation(r);
}

// Runs the interpreter over all cases in a child process.
std::string run_emulated(Arch arch, const std::vector<nx_case>& cases, std::vector<EmuResult>& out) {
  out.assign(cases.size(), EmuResult{});
  size_t bytes = sizeof(uint32_t) * 2 + cases.size() * sizeof(EmuResult);
  Shared sh(bytes);
  if (!sh.ok()) return "cannot create shared memory";
  auto* done = static_cast<uint32_t*>(sh.p);
  auto* res = reinterpret_cast<EmuResult*>(static_cast<char*>(sh.p) + 8);
  *done = 0;
  while (*done < cases.size()) {
    pid_t pid = fork();
    if (pid < 0) return "fork failed";
    if (pid == 0) {
      alarm(120);
      cpu::Memory mem;
      mem.map(NX_MEM, 0x1000, cpu::kPermRead | cpu::kPermWrite, "diff-data");
      mem.map(NX_CODE, 0x1000, cpu::kPermRead | cpu::kPermWrite | cpu::kPermExec, "diff-code");
      uint8_t hlt[16];
      std::memset(hlt, 0xF4, sizeof hlt);
      mem.write(NX_CODE_END, hlt, sizeof hlt);
      cpu::Cpu cpu(arch == Arch::X64 ? cpu::Mode::X64 : cpu::Mode::X86, mem);
      cpu.add_trap_range(NX_CODE_END, NX_CODE_END + 1);
      for (uint32_t i = *done; i < cases.size(); ++i) {
        emulate_one(cpu, mem, arch, cases[i], res[i]);
        *done = i + 1;
      }
      _exit(0);
    }
    int st = 0;
    waitpid(pid, &st, 0);
    if (*done < cases.size()) {
      res[*done].crashed = 1;
      (*done)++;
    }
  }
  std::memcpy(out.data(), res, cases.size() * sizeof(EmuResult));
  return {};
}

// ---- comparison ----

const char* signal_fault(int sig) {
  switch (sig) {
    case SIGFPE: return "DivideError";
    case SIGILL: return "InvalidOpcode";
    case SIGTRAP: return "Breakpoint";
    default: return "PageFault/GeneralProtection";
  }
}

bool fault_matches(int sig, cpu::FaultKind k) {
  switch (sig) {
    case SIGFPE: return k == cpu::FaultKind::DivideError;
    case SIGILL: return k == cpu::FaultKind::InvalidOpcode;
    case SIGTRAP: return k == cpu::FaultKind::Breakpoint;
    case SIGSEGV:
    case SIGBUS: return k == cpu::FaultKind::PageFault || k == cpu::FaultKind::GeneralProtection;
    default: return false;
  }
}

std::string flag_names(uint32_t f) {
  std::string s;
  const std::pair<uint32_t, const char*> names[] = {{cpu::kCF, "CF"}, {cpu::kPF, "PF"}, {cpu::kAF, "AF"},
                                                    {cpu::kZF, "ZF"}, {cpu::kSF, "SF"}, {cpu::kDF, "DF"},
                                                    {cpu::kOF, "OF"}};
  for (auto& [bit, n] : names)
    if (f & bit) s += std::string(s.empty() ? "" : ",") + n;
  return s;
}

std::string xmm_str(const uint8_t* p) {
  uint64_t lo, hi;
  std::memcpy(&lo, p, 8);
  std::memcpy(&hi, p + 8, 8);
  char b[48];
  std::snprintf(b, sizeof b, "%016llx:%016llx", static_cast<unsigned long long>(hi),
                static_cast<unsigned long long>(lo));
  return b;
}

// Returns the list of differences ("" entries never); empty = match.
std::vector<std::string> compare(const Form& f, const Case& k, const nx_case& n, const EmuResult& e) {
  std::vector<std::string> d;
  if (e.crashed == 1) {
    d.push_back("interpreter process crashed");
    return d;
  }
  if (e.crashed == 2) {
    d.push_back(std::string("interpreter threw ") + e.mnemonic);
    return d;
  }
  auto kind = cpu::StopKind(e.stop_kind);
  uint64_t start = NX_CODE_END - n.code_len;
  if (n.signal < 0) {
    d.push_back("host process died natively (harness problem)");
    return d;
  }
  if (n.signal != 0) {
    if (kind != cpu::StopKind::Fault || !fault_matches(n.signal, cpu::FaultKind(e.fault)))
      d.push_back(std::string("native raised ") + signal_fault(n.signal) + ", interpreter stopped with " +
                  cpu::stop_name(kind) + "/" + cpu::fault_name(cpu::FaultKind(e.fault)));
    else if (e.stop_pc != start && f.raw.empty() && !f.x87)
      d.push_back("fault pc " + hex(e.stop_pc) + " != " + hex(start));
    // Faults are precise: the instruction changed nothing.
    if (!f.partial_on_fault && f.suffix.empty()) {
      int nregs = k.arch == Arch::X64 ? 16 : 8;
      uint64_t wmask = k.arch == Arch::X64 ? ~0ull : 0xFFFFFFFFull;
      for (int i = 0; i < nregs; ++i)
        if ((n.in.gpr[i] & wmask) != (e.out.gpr[i] & wmask))
          d.push_back(std::string(kRegNames[i]) + " changed by a faulting instruction: " + hex(n.in.gpr[i] & wmask) +
                      " -> " + hex(e.out.gpr[i] & wmask));
      for (uint32_t i = 0; i < NX_MEM_SIZE; ++i)
        if (n.in.mem[i] != e.out.mem[i]) {
          d.push_back("memory at " + hex(NX_MEM + i) + " changed by a faulting instruction");
          break;
        }
    }
    return d;
  }
  bool at_end = (kind == cpu::StopKind::Trap && e.stop_pc == NX_CODE_END) ||
                (kind == cpu::StopKind::Halt && (e.stop_pc == NX_CODE_END || e.stop_pc == NX_CODE_END + 1));
  if (!at_end) {
    d.push_back(std::string("stopped with ") + cpu::stop_name(kind) +
                (kind == cpu::StopKind::Fault ? std::string("/") + cpu::fault_name(cpu::FaultKind(e.fault)) : "") +
                " at " + hex(e.stop_pc) + (e.mnemonic[0] ? std::string(" (") + e.mnemonic + ")" : ""));
    return d;
  }
  Undef u;
  u.flags = f.undef;
  if (f.dyn) {
    Undef du = f.dyn(k);
    u.flags |= du.flags;
    u.gpr_ignore |= du.gpr_ignore;
  }
  int nregs = k.arch == Arch::X64 ? 16 : 8;
  uint64_t wmask = k.arch == Arch::X64 ? ~0ull : 0xFFFFFFFFull;
  for (int i = 0; i < nregs; ++i) {
    if (u.gpr_ignore & (1u << i)) continue;
    uint64_t a = n.out.gpr[i] & wmask, b = e.out.gpr[i] & wmask;
    if (a != b) d.push_back(std::string(kRegNames[i]) + ": native " + hex(a) + " emu " + hex(b));
  }
  uint32_t fm = kCompareFlags & ~u.flags;
  uint32_t fa = uint32_t(n.out.rflags) & fm, fb = uint32_t(e.out.rflags) & fm;
  if (fa != fb)
    d.push_back("flags: native {" + flag_names(fa) + "} emu {" + flag_names(fb) + "} (compared " +
                flag_names(fm) + ")");
  for (int i = 0; i < nregs; ++i) {
    const uint8_t* a = n.out.fx + NX_FX_XMM + 16 * i;
    const uint8_t* b = e.out.fx + NX_FX_XMM + 16 * i;
    if (std::memcmp(a, b, 16) != 0)
      d.push_back("xmm" + std::to_string(i) + ": native " + xmm_str(a) + " emu " + xmm_str(b));
  }
  if (host_has_avx()) {
    for (int i = 0; i < nregs; ++i) {
      const uint8_t* a = n.out.ymmh + 16 * i;
      const uint8_t* b = e.out.ymmh + 16 * i;
      if (std::memcmp(a, b, 16) != 0)
        d.push_back("ymm" + std::to_string(i) + "[255:128]: native " + xmm_str(a) + " emu " + xmm_str(b));
    }
  }
  uint32_t ma, mb;
  std::memcpy(&ma, n.out.fx + NX_FX_MXCSR, 4);
  std::memcpy(&mb, e.out.fx + NX_FX_MXCSR, 4);
  if (ma != mb) d.push_back("mxcsr: native " + hex(ma) + " emu " + hex(mb));
  if (f.x87) {
    uint16_t ca, cb, sa, sb;
    std::memcpy(&ca, n.out.fx + NX_FX_FCW, 2);
    std::memcpy(&cb, e.out.fx + NX_FX_FCW, 2);
    std::memcpy(&sa, n.out.fx + NX_FX_FSW, 2);
    std::memcpy(&sb, e.out.fx + NX_FX_FSW, 2);
    if ((ca & 0x1F3F) != (cb & 0x1F3F)) d.push_back("fpu control: native " + hex(ca) + " emu " + hex(cb));
    uint16_t sm = uint16_t(0x7F3F & ~f.fsw_undef);  // C0-C3, TOP, exception flags
    if ((sa & sm) != (sb & sm)) d.push_back("fpu status: native " + hex(sa) + " emu " + hex(sb) + " (mask " + hex(sm) + ")");
    uint8_t ta = n.out.fx[NX_FX_FTW], tb = e.out.fx[NX_FX_FTW];
    if (ta != tb) d.push_back("fpu tags (non-empty bits): native " + hex(ta) + " emu " + hex(tb));
    int top = (sa >> 11) & 7;
    for (int i = 0; i < 8; ++i) {
      if (!(ta & (1u << ((top + i) & 7)))) continue;
      const uint8_t* a = n.out.fx + NX_FX_ST + 16 * i;
      const uint8_t* b = e.out.fx + NX_FX_ST + 16 * i;
      if (std::memcmp(a, b, 10) != 0) {
        char buf[160];
        std::snprintf(buf, sizeof buf, "st%d: native %.21Lg emu %.21Lg", i, get_f80(a), get_f80(b));
        d.push_back(buf);
      }
    }
  }
  for (uint32_t i = 0; i < NX_MEM_SIZE; ++i) {
    if (n.out.mem[i] != e.out.mem[i]) {
      uint32_t from = i & ~7u;
      uint64_t a = 0, b = 0;
      std::memcpy(&a, n.out.mem + from, 8);
      std::memcpy(&b, e.out.mem + from, 8);
      d.push_back("memory at " + hex(NX_MEM + from) + ": native " + hex(a) + " emu " + hex(b));
      break;
    }
  }
  return d;
}

std::string describe_inputs(const Form& f, const Case& k) {
  std::ostringstream o;
  int nregs = k.arch == Arch::X64 ? 16 : 8;
  for (int i = 0; i < nregs; ++i) {
    o << kRegNames[i] << "=" << hex(k.in.gpr[i] & mask_of(k.width())) << " ";
  }
  o << "flags=" << hex(k.in.rflags);
  bool any_xmm = f.lane != 0;
  for (auto& op : f.ops) any_xmm |= op.kind == K::Xmm || op.kind == K::Ymm;
  if (any_xmm) {
    for (auto& l : k.locs) {
      if (l.kind == K::Xmm) o << " xmm" << l.reg << "=" << xmm_str(k.in.fx + NX_FX_XMM + 16 * l.reg);
      if (l.kind == K::Ymm)
        o << " ymm" << l.reg << "=" << xmm_str(k.in.ymmh + 16 * l.reg) << ":"
          << xmm_str(k.in.fx + NX_FX_XMM + 16 * l.reg);
    }
    o << " xmm0=" << xmm_str(k.in.fx + NX_FX_XMM) << " mxcsr=" << hex(k.mxcsr());
  }
  for (auto& l : k.locs)
    if (l.kind == K::Mem) o << " mem[" << hex(NX_MEM + l.off) << "]=" << hex(k.mem64(l.off));
  if (f.x87) {
    uint16_t fcw, fsw;
    std::memcpy(&fcw, k.in.fx + NX_FX_FCW, 2);
    std::memcpy(&fsw, k.in.fx + NX_FX_FSW, 2);
    o << " fcw=" << hex(fcw) << " fsw=" << hex(fsw);
    int depth = __builtin_popcount(k.in.fx[NX_FX_FTW]);
    for (int i = 0; i < depth; ++i) {
      char b[64];
      std::snprintf(b, sizeof b, " st%d=%.21Lg", i, get_f80(k.in.fx + NX_FX_ST + 16 * i));
      o << b;
    }
  }
  return o.str();
}

// ---- generation ----

void init_state(const Form& f, Case& k, Rng& g) {
  std::memset(&k.in, 0, sizeof k.in);
  int nregs = k.arch == Arch::X64 ? 16 : 8;
  for (int i = 0; i < nregs; ++i) k.in.gpr[i] = rand_value(g, k.width());
  k.in.gpr[4] = NX_MEM + kStack - 8 * (g() % 16);
  uint32_t fl = 0x202;
  fl |= uint32_t(g()) & kArithFlags;
  k.in.rflags = fl;
  for (uint32_t i = 0; i < NX_MEM_SIZE; i += 8) {
    uint64_t v = g();
    std::memcpy(k.in.mem + i, &v, 8);
  }
  // x87: all exceptions masked; precision and rounding vary when asked.
  uint16_t fcw = 0x037F;
  if (f.x87 && f.any_rounding) {
    static const uint16_t pcs[] = {0x0000, 0x0200, 0x0300};
    fcw = uint16_t(0x007F | pcs[g() % 3] | ((g() % 4) << 10));
  } else if (f.x87) {
    fcw = (g() & 1) ? 0x037F : 0x027F;
  }
  std::memcpy(k.in.fx + NX_FX_FCW, &fcw, 2);
  uint32_t mxcsr = 0x1F80;
  if (f.any_rounding && (g() % 2)) mxcsr |= uint32_t(g() % 4) << 13;
  k.set_mxcsr(mxcsr);
  uint32_t mxmask = 0xFFFF;
  std::memcpy(k.in.fx + 28, &mxmask, 4);
  for (int i = 0; i < 16; ++i) {
    uint8_t* p = k.xmm(i);
    for (int j = 0; j < 16; j += 8) {
      uint64_t v;
      if (f.lane == 32) {
        v = rand_float_bits(g) | (uint64_t(rand_float_bits(g)) << 32);
      } else if (f.lane == 64) {
        v = rand_double_bits(g);
      } else {
        v = (g() % 3 == 0) ? rand_value(g, 64) : g();
      }
      std::memcpy(p + j, &v, 8);
    }
  }
  // Upper YMM halves: random, so that a lost or unzeroed half shows.
  for (int i = 0; i < (k.arch == Arch::X64 ? 16 : 8); ++i) {
    for (int j = 0; j < 16; j += 8) {
      uint64_t v = f.lane == 64 ? rand_double_bits(g) : g();
      std::memcpy(k.ymmh(i) + j, &v, 8);
    }
  }
  if (f.x87) {
    int span = f.x87_max - f.x87_min + 1;
    int depth = f.x87_min + int(g() % uint64_t(span > 0 ? span : 1));
    int top = (8 - depth) & 7;
    uint16_t fsw = uint16_t(top << 11);
    std::memcpy(k.in.fx + NX_FX_FSW, &fsw, 2);
    uint8_t ftw = 0;
    for (int i = 0; i < depth; ++i) {
      put_f80(k.in.fx + NX_FX_ST + 16 * i, (long double)rand_double(g));
      ftw |= uint8_t(1u << ((top + i) & 7));
    }
    k.in.fx[NX_FX_FTW] = ftw;
  }
}

// Picks registers and memory locations for the operands; false if the form
// asks for more registers than are free.
bool pick_operands(const Form& f, Case& k, Rng& g) {
  int nregs = k.arch == Arch::X64 ? 16 : 8;
  uint32_t used = (1u << 4) | f.implicit;
  auto pick_gpr = [&]() -> int {
    int free[16], n = 0;
    for (int i = 0; i < nregs; ++i)
      if (!(used & (1u << i))) free[n++] = i;
    return n ? free[g() % uint64_t(n)] : -1;
  };
  k.locs.assign(f.ops.size(), Loc{});
  // Memory operands first: their address registers are then kept out of
  // the other operands so that input fix-ups cannot move the address.
  for (size_t i = 0; i < f.ops.size(); ++i) {
    const Op& op = f.ops[i];
    Loc& l = k.locs[i];
    l.kind = op.kind;
    l.bits = op.bits;
    if (op.kind != K::Mem && op.kind != K::Agen) continue;
    int base = pick_gpr();
    if (base < 0) return false;
    used |= 1u << base;
    if (g() % 3 == 0) {
      l.index = pick_gpr();
      if (l.index >= 0) {
        used |= 1u << l.index;
        l.scale = uint8_t(1u << (g() % 4));
      }
    }
    uint32_t bytes = op.bits / 8;
    uint32_t align = op.bits >= 128 ? 16 : (g() % 4 == 0 ? 1 : (bytes ? bytes : 1));
    if (op.bits == 256) align = g() % 4 == 0 ? 16 : 32;
    // VEX memory operands need no alignment (except the aligned moves, which must fault).
    if (f.vex && op.bits >= 128 && g() % 4 == 0) align = 1;
    if (op.bits == 80) align = g() % 2 ? 2 : 8;
    uint32_t off = kMemLo + uint32_t(g() % (kMemHi - kMemLo - 64));
    off &= ~(align - 1);
    l.off = off;
    l.disp = (g() % 4 == 0) ? 0 : int64_t(g() % 256) - 128;
    if (g() % 8 == 0) l.disp = int64_t(g() % 0x10000) - 0x8000;
    uint64_t idxv = l.index >= 0 ? g() % 32 : 0;
    uint64_t basev = NX_MEM + off - uint64_t(l.disp) - idxv * l.scale;
    if (k.arch == Arch::X86) basev &= 0xFFFFFFFFull;
    k.in.gpr[base] = basev;
    if (l.index >= 0) k.in.gpr[l.index] = idxv;
    l.reg = base;
    if (op.kind != K::Mem) continue;
    // Operand value: floats for FP forms, edge-biased integers otherwise.
    for (uint32_t pos = 0; pos < bytes; pos += 8) {
      uint32_t chunk = bytes - pos < 8 ? bytes - pos : 8;
      uint64_t v;
      if (f.lane == 32 || (f.mem_float && op.bits == 32))
        v = rand_float_bits(g) | (uint64_t(rand_float_bits(g)) << 32);
      else if (f.lane == 64 || (f.mem_float && op.bits == 64))
        v = rand_double_bits(g);
      else
        v = rand_value(g, int(chunk * 8));
      std::memcpy(k.in.mem + off + pos, &v, chunk);
    }
    if (f.mem_float && op.bits == 80) put_f80(k.in.mem + off, (long double)rand_double(g));
  }
  int last_gpr = -1;
  for (size_t i = 0; i < f.ops.size(); ++i) {
    const Op& op = f.ops[i];
    Loc& l = k.locs[i];
    switch (op.kind) {
      case K::Gpr: {
        // Same register twice (add eax, eax) now and then.
        int reg = (last_gpr >= 0 && g() % 6 == 0) ? last_gpr : pick_gpr();
        if (reg < 0) return false;
        l.reg = reg;
        if (op.bits == 8 && reg < 4) l.high8 = k.arch == Arch::X86 ? (g() % 2 == 0) : (g() % 5 == 0);
        if (k.arch == Arch::X86 && op.bits == 8 && reg >= 4) {
          // Only AL..BL have 8-bit names below REX; use the high byte instead.
          if (used & (1u << (reg - 4))) return false;
          l.reg = reg - 4;
          l.high8 = true;
        }
        used |= 1u << l.reg;
        last_gpr = l.reg;
        break;
      }
      case K::Xmm:
      case K::Ymm: l.reg = int(g() % (k.arch == Arch::X64 ? 16 : 8)); break;
      case K::Imm:
      case K::ImmU: {
        uint64_t v = op.kind == K::ImmU && op.bits == 8 ? (g() % 3 == 0 ? g() % 64 : g() % 256)
                                                         : rand_value(g, op.bits);
        k.set(l, v);
        break;
      }
      case K::Cl: l.reg = 1; break;
      case K::St: l.reg = op.bits; break;
      case K::Mem:
      case K::Agen: break;
    }
  }
  return true;
}

bool encode(const Form& f, Case& k) {
  if (!f.raw.empty()) {
    if (f.raw.size() + f.suffix.size() > NX_CODE_MAX) return false;
    std::memcpy(k.code, f.raw.data(), f.raw.size());
    std::memcpy(k.code + f.raw.size(), f.suffix.data(), f.suffix.size());
    k.len = uint32_t(f.raw.size() + f.suffix.size());
    return true;
  }
  ZydisEncoderRequest req;
  std::memset(&req, 0, sizeof req);
  req.machine_mode = k.arch == Arch::X64 ? ZYDIS_MACHINE_MODE_LONG_64 : ZYDIS_MACHINE_MODE_LEGACY_32;
  req.mnemonic = f.mn;
  req.prefixes = f.prefixes;
  req.operand_count = uint8_t(f.ops.size());
  if (f.vex) req.allowed_encodings = ZYDIS_ENCODABLE_ENCODING_VEX;
  int abits = f.addr32 ? 32 : k.width();
  for (size_t i = 0; i < f.ops.size(); ++i) {
    const Loc& l = k.locs[i];
    ZydisEncoderOperand& o = req.operands[i];
    switch (l.kind) {
      case K::Gpr:
        o.type = ZYDIS_OPERAND_TYPE_REGISTER;
        o.reg.value = zreg(l.reg, l.bits, l.high8);
        break;
      case K::Cl:
        o.type = ZYDIS_OPERAND_TYPE_REGISTER;
        o.reg.value = ZYDIS_REGISTER_CL;
        break;
      case K::Xmm:
        o.type = ZYDIS_OPERAND_TYPE_REGISTER;
        o.reg.value = ZydisRegister(ZYDIS_REGISTER_XMM0 + l.reg);
        break;
      case K::Ymm:
        o.type = ZYDIS_OPERAND_TYPE_REGISTER;
        o.reg.value = ZydisRegister(ZYDIS_REGISTER_YMM0 + l.reg);
        break;
      case K::St:
        o.type = ZYDIS_OPERAND_TYPE_REGISTER;
        o.reg.value = ZydisRegister(ZYDIS_REGISTER_ST0 + l.reg);
        break;
      case K::Imm:
      case K::ImmU:
        o.type = ZYDIS_OPERAND_TYPE_IMMEDIATE;
        o.imm.u = l.imm;
        break;
      case K::Mem:
      case K::Agen: {
        o.type = ZYDIS_OPERAND_TYPE_MEMORY;
        o.mem.base = zreg(l.reg, abits, false);
        if (l.index >= 0) {
          o.mem.index = zreg(l.index, abits, false);
          o.mem.scale = l.scale;
        }
        o.mem.displacement = l.disp;
        // lea wants the address size here, accessing forms the operand size.
        o.mem.size = uint16_t(l.kind == K::Agen ? abits / 8 : l.bits / 8);
        break;
      }
    }
  }
  ZyanUSize len = NX_CODE_MAX;
  if (!ZYAN_SUCCESS(ZydisEncoderEncodeInstruction(&req, k.code, &len))) return false;
  if (len + f.suffix.size() > NX_CODE_MAX) return false;
  std::memcpy(k.code + len, f.suffix.data(), f.suffix.size());
  k.len = uint32_t(len + f.suffix.size());
  return true;
}

// Forms whose every attempt to encode fails are reported as harness errors.
bool generate(const Form& f, Arch arch, Rng& g, Case& k) {
  for (int attempt = 0; attempt < 64; ++attempt) {
    k.arch = arch;
    init_state(f, k, g);
    if (!pick_operands(f, k, g)) continue;
    if (f.fix) f.fix(k, g);
    if (encode(f, k)) return true;
  }
  return false;
}

}  // namespace

// ---- Case accessors ----

uint64_t Case::mem64(uint32_t off) const {
  uint64_t v = 0;
  std::memcpy(&v, in.mem + off, 8);
  return v;
}
void Case::set_mem64(uint32_t off, uint64_t v) { std::memcpy(in.mem + off, &v, 8); }
uint32_t Case::mxcsr() const {
  uint32_t v;
  std::memcpy(&v, in.fx + NX_FX_MXCSR, 4);
  return v;
}
void Case::set_mxcsr(uint32_t v) { std::memcpy(in.fx + NX_FX_MXCSR, &v, 4); }

uint64_t Case::get(const Loc& l) const {
  switch (l.kind) {
    case K::Gpr:
      if (l.high8) return (in.gpr[l.reg] >> 8) & 0xFF;
      return in.gpr[l.reg] & mask_of(l.bits);
    case K::Cl: return in.gpr[1] & 0xFF;
    case K::Mem: {
      uint64_t v = 0;
      std::memcpy(&v, in.mem + l.off, l.bits >= 64 ? 8 : l.bits / 8);
      return v;
    }
    case K::Imm:
    case K::ImmU: return l.imm;
    default: return 0;
  }
}

void Case::set(const Loc& l, uint64_t v) {
  switch (l.kind) {
    case K::Gpr:
      if (l.high8) {
        in.gpr[l.reg] = (in.gpr[l.reg] & ~0xFF00ull) | ((v & 0xFF) << 8);
      } else {
        uint64_t mk = mask_of(l.bits);
        in.gpr[l.reg] = (in.gpr[l.reg] & ~mk) | (v & mk);
      }
      break;
    case K::Cl: in.gpr[1] = (in.gpr[1] & ~0xFFull) | (v & 0xFF); break;
    case K::Mem: std::memcpy(in.mem + l.off, &v, l.bits >= 64 ? 8 : l.bits / 8); break;
    case K::Imm:
    case K::ImmU: {
      uint64_t mk = mask_of(l.bits);
      v &= mk;
      if (l.kind == K::Imm && l.bits < 64 && (v >> (l.bits - 1)) & 1) v |= ~mk;
      // Immediates live in the case's own (non-const) Loc list.
      const_cast<Loc&>(l).imm = v;
      break;
    }
    default: break;
  }
}

// ---- form builders ----

Form make(ZydisMnemonic mn, std::vector<Op> ops, uint32_t undef, bool int_mem64) {
  Form f;
  f.mn = mn;
  f.undef = undef;
  std::string name = ZydisMnemonicGetString(mn);
  bool x64_only = false;
  for (size_t i = 0; i < ops.size(); ++i) {
    const Op& op = ops[i];
    name += i ? ", " : " ";
    switch (op.kind) {
      case K::Gpr: name += "r" + std::to_string(op.bits); x64_only |= op.bits == 64; break;
      case K::Mem: name += "m" + std::to_string(op.bits); x64_only |= int_mem64 && op.bits == 64; break;
      case K::Agen: name += "m"; break;
      case K::Imm:
      case K::ImmU: name += "imm" + std::to_string(op.bits); break;
      case K::Xmm: name += "xmm"; break;
      case K::Ymm: name += "ymm"; break;
      case K::Cl: name += "cl"; break;
      case K::St: name += "st" + std::to_string(op.bits); break;
    }
  }
  f.name = name;
  f.ops = std::move(ops);
  f.arches = x64_only ? 2 : 3;
  return f;
}

Form raw(std::string name, std::vector<uint8_t> bytes, uint8_t arches, uint32_t undef) {
  Form f;
  f.name = std::move(name);
  f.raw = std::move(bytes);
  f.arches = arches;
  f.undef = undef;
  return f;
}

uint32_t shift_count(const Case& c, size_t i, int bits) {
  return uint32_t(c.get(c.locs[i])) & (bits == 64 ? 63u : 31u);
}

bool host_has_avx() {
  static const bool yes = __builtin_cpu_supports("avx") && __builtin_cpu_supports("avx2") &&
                          __builtin_cpu_supports("fma");
  return yes;
}

// ---- random values ----

uint64_t rand_value(Rng& g, int bits) {
  uint64_t v;
  switch (g() % 8) {
    case 0: v = g() % 65; break;
    case 1: v = uint64_t(-int64_t(g() % 65)); break;
    case 2: {
      int b = int(g() % uint64_t(bits));
      uint64_t edge = 1ull << b;
      v = edge + uint64_t(int64_t(g() % 3) - 1);
      break;
    }
    case 3: v = (bits >= 64 ? ~0ull : mask_of(bits)) >> (g() % 2); break;
    case 4: v = g() & (g() % 2 ? 0xFFull : 0xFFFFull); break;
    default: v = g(); break;
  }
  return v & mask_of(bits);
}

double rand_double(Rng& g) {
  static const double specials[] = {0.0, -0.0, 1.0, -1.0, 0.5, 1.5, 2.5, -2.5, 3.5, -0.5, 1e300, -1e-300,
                                    4.9406564584124654e-324, 2.2250738585072014e-308, 2147483647.0,
                                    2147483648.0, -2147483648.0, -2147483649.0, 9.2233720368547758e18,
                                    -9.2233720368547758e18, 65535.5, 32767.0, -32768.5, 0.1, 1.0 / 3.0};
  switch (g() % 8) {
    case 0: return specials[g() % (sizeof specials / sizeof specials[0])];
    case 1: return double(int64_t(g() % 2001) - 1000) / 4.0;
    case 2: return std::ldexp(double(int64_t(g() % 2000001) - 1000000), int(g() % 120) - 60);
    case 3: {
      static const double inf = HUGE_VAL;
      double v = g() % 2 ? inf : -inf;
      if (g() % 2) v = std::nan("");
      return v;
    }
    default: return double(int64_t(g() % 200001) - 100000) / double(1 + g() % 1000);
  }
}

uint64_t rand_double_bits(Rng& g) {
  switch (g() % 10) {
    case 0: return 0x7FF0000000000000ull | (g() & 0x000FFFFFFFFFFFFFull) | 1;  // NaN (often signalling)
    case 1: return 0xFFF8000000000000ull | (g() & 0xFFFFu);                    // negative quiet NaN
    case 2: return g() & 0x000FFFFFFFFFFFFFull;                                // denormal
    default: {
      double d = rand_double(g);
      uint64_t v;
      std::memcpy(&v, &d, 8);
      return v;
    }
  }
}

uint32_t rand_float_bits(Rng& g) {
  switch (g() % 10) {
    case 0: return 0x7F800000u | (uint32_t(g()) & 0x7FFFFFu) | 1;
    case 1: return 0xFFC00000u | (uint32_t(g()) & 0xFFu);
    case 2: return uint32_t(g()) & 0x7FFFFFu;
    default: {
      float f = float(rand_double(g));
      uint32_t v;
      std::memcpy(&v, &f, 4);
      return v;
    }
  }
}

// ---- the driver ----

FamilyOutcome run_family_collect(const std::string& family, Arch arch, const std::vector<Form>& forms,
                                 Mutation mutation) {
  FamilyOutcome out;
  g_mutation = mutation;
  const uint64_t per_form = env_u64("EMU_DIFF_CASES", kCasesDefault);
  const uint64_t seed = env_u64("EMU_DIFF_SEED", 1);
  const char* arch_name = arch == Arch::X64 ? "x64" : "x86";
  const unsigned bit = arch == Arch::X64 ? 2 : 1;

  struct Pending {
    size_t form;
    uint64_t index;
    Case k;
  };
  struct FormStats {
    uint64_t cases = 0, failed = 0, native_faults = 0;
    std::vector<std::string> samples;
    std::map<std::string, uint64_t> unimplemented;
  };
  std::vector<FormStats> stats(forms.size());
  std::vector<Pending> pending;
  uint64_t total = 0, forms_run = 0;

  auto flush = [&]() {
    if (pending.empty()) return;
    std::vector<nx_case> cases(pending.size());
    for (size_t i = 0; i < pending.size(); ++i) {
      std::memset(&cases[i], 0, sizeof cases[i]);
      std::memcpy(cases[i].code, pending[i].k.code, pending[i].k.len);
      cases[i].code_len = pending[i].k.len;
      cases[i].in = pending[i].k.in;
    }
    std::string err = run_native(arch, cases);
    if (!err.empty()) {
      out.errors.push_back(family + "/" + arch_name + ": native execution unavailable: " + err);
      pending.clear();
      return;
    }
    std::vector<EmuResult> emu;
    err = run_emulated(arch, cases, emu);
    if (!err.empty()) {
      out.errors.push_back(family + "/" + arch_name + ": emulation failed: " + err);
      pending.clear();
      return;
    }
    const bool debug = env_u64("EMU_DIFF_DEBUG", 0) != 0;
    for (size_t i = 0; i < pending.size(); ++i) {
      const Form& f = forms[pending[i].form];
      FormStats& st = stats[pending[i].form];
      if (debug && st.cases < 2) {
        // Native outcome of the first cases of each form, for checking the harness itself.
        std::printf("%s | %s\n  in: %s\n  native: sig=%d", f.name.c_str(),
                    disasm(arch, cases[i].code, cases[i].code_len).c_str(),
                    describe_inputs(f, pending[i].k).c_str(), cases[i].signal);
        for (int r = 0; r < (arch == Arch::X64 ? 16 : 8); ++r)
          std::printf(" %s=%s", kRegNames[r], hex(cases[i].out.gpr[r]).c_str());
        std::printf(" flags=%s\n", hex(cases[i].out.rflags).c_str());
      }
      st.cases++;
      total++;
      if (cases[i].signal > 0) st.native_faults++;
      if (cpu::StopKind(emu[i].stop_kind) == cpu::StopKind::Unimplemented && !emu[i].crashed) {
        st.unimplemented[emu[i].mnemonic[0] ? emu[i].mnemonic : "(unnamed)"]++;
        continue;
      }
      auto d = compare(f, pending[i].k, cases[i], emu[i]);
      if (d.empty()) continue;
      st.failed++;
      if (st.samples.size() < 3) {
        std::ostringstream o;
        o << "  case " << pending[i].index << ": " << disasm(arch, cases[i].code, cases[i].code_len) << "\n    in: "
          << describe_inputs(f, pending[i].k);
        for (auto& s : d) o << "\n    " << s;
        st.samples.push_back(o.str());
      }
    }
    pending.clear();
  };

  for (size_t fi = 0; fi < forms.size(); ++fi) {
    const Form& f = forms[fi];
    if (!(f.arches & bit)) continue;
    forms_run++;
    Rng g(splitmix(seed ^ hash_name(f.name) ^ (arch == Arch::X64 ? 0x64 : 0x32)));
    for (uint64_t i = 0; i < per_form; ++i) {
      Pending p{fi, i, {}};
      if (!generate(f, arch, g, p.k)) {
        out.errors.push_back(family + "/" + arch_name + ": cannot encode form '" + f.name + "'");
        break;
      }
      pending.push_back(std::move(p));
      if (pending.size() >= kBatch) flush();
    }
  }
  flush();

  std::map<std::string, std::vector<std::string>> missing;  // mnemonic -> forms
  uint64_t failed_forms = 0, passed_forms = 0;
  for (size_t fi = 0; fi < forms.size(); ++fi) {
    const FormStats& st = stats[fi];
    if (!st.cases) continue;
    for (auto& [mn, n] : st.unimplemented) missing[mn].push_back(forms[fi].name);
    if (!st.unimplemented.empty()) continue;
    if (st.failed) {
      failed_forms++;
      std::ostringstream o;
      o << family << "/" << arch_name << " form '" << forms[fi].name << "': " << st.failed << " of " << st.cases
        << " cases differ (reproduce with EMU_DIFF_SEED=" << seed << " EMU_DIFF_CASES=" << per_form << ")";
      for (auto& s : st.samples) o << "\n" << s;
      out.errors.push_back(o.str());
    } else {
      passed_forms++;
    }
  }
  if (!missing.empty()) {
    std::ostringstream o;
    o << family << "/" << arch_name << ": the interpreter reports " << missing.size()
      << " mnemonic(s) unimplemented:";
    for (auto& [mn, fs] : missing) {
      o << "\n  " << mn << " (" << fs.size() << " form" << (fs.size() > 1 ? "s" : "") << ": " << fs.front()
        << (fs.size() > 1 ? ", ..." : "") << ")";
    }
    out.errors.push_back(o.str());
  }
  g_mutation = Mutation::None;
  out.forms = forms_run;
  out.cases = total;
  out.passed = passed_forms;
  out.differ = failed_forms;
  for (auto& st : stats) {
    out.unimplemented += !st.unimplemented.empty();
    out.native_faults += st.native_faults;
  }
  return out;
}

void run_family(const std::string& family, Arch arch, const std::vector<Form>& forms) {
  FamilyOutcome o = run_family_collect(family, arch, forms, Mutation::None);
  for (const std::string& e : o.errors) BOOST_ERROR(e);
  const char* arch_name = arch == Arch::X64 ? "x64" : "x86";
  std::printf("diff %s/%s: forms=%llu cases=%llu (native faults %llu) pass=%llu differ=%llu unimplemented=%llu\n",
              family.c_str(), arch_name, static_cast<unsigned long long>(o.forms),
              static_cast<unsigned long long>(o.cases), static_cast<unsigned long long>(o.native_faults),
              static_cast<unsigned long long>(o.passed), static_cast<unsigned long long>(o.differ),
              static_cast<unsigned long long>(o.unimplemented));
  BOOST_TEST_MESSAGE(family << "/" << arch_name << ": " << o.forms << " forms, " << o.cases << " cases, "
                            << o.passed << " pass, " << o.differ << " differ, " << o.unimplemented
                            << " unimplemented");
}

}  // namespace emu::difftest
