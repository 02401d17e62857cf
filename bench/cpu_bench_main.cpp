// cpu-bench: runs a raw code blob on the interpreter and reports throughput.
//
//   cpu-bench --arch x86|x64 [--no-cache] FILE
//
// The blob is mapped at 0x10000000 (RWX) and called like a function with a
// return address that is a trap (which ends the run); 1 MiB of zeroed RW
// memory sits at 0x20000000 and a 2 MiB stack below 0x30200000. Prints one
// JSON line: {"instructions": N, "seconds": S, "mips": M, "rax": V, ...}
// (rax = eax zero-extended in 32-bit mode). "seconds"/"mips" use wall-clock
// time; "cpu_seconds"/"cpu_mips" use the thread's CPU time, which stays
// meaningful on a machine shared with other work.
#include <time.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "cpu/cpu.h"
#include "cpu/memory.h"

namespace {

constexpr uint64_t kCodeBase = 0x10000000;
constexpr uint64_t kDataBase = 0x20000000;
constexpr uint64_t kDataSize = 1 << 20;
constexpr uint64_t kStackBase = 0x30000000;
constexpr uint64_t kStackSize = 2 << 20;
constexpr uint64_t kReturnTrap = 0x0F000000;

double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

int usage() {
  std::fprintf(stderr, "usage: cpu-bench --arch x86|x64 [--no-cache] FILE\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace emu::cpu;
  std::string arch, file;
  bool cache = true;
  for (int k = 1; k < argc; ++k) {
    const std::string a = argv[k];
    if (a == "--arch" && k + 1 < argc) arch = argv[++k];
    else if (a == "--no-cache") cache = false;
    else if (!a.empty() && a[0] != '-' && file.empty()) file = a;
    else return usage();
  }
  if ((arch != "x86" && arch != "x64") || file.empty()) return usage();
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "cpu-bench: cannot read %s\n", file.c_str());
    return 1;
  }
  const std::vector<uint8_t> blob((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (blob.empty() || blob.size() > (64u << 20)) {
    std::fprintf(stderr, "cpu-bench: %s is empty or larger than 64 MiB\n", file.c_str());
    return 1;
  }

  const Mode mode = arch == "x64" ? Mode::X64 : Mode::X86;
  Memory mem;
  mem.map(kCodeBase, blob.size(), kPermRead | kPermWrite | kPermExec, "bench:code");
  mem.write(kCodeBase, blob.data(), blob.size());
  mem.map(kDataBase, kDataSize, kPermRead | kPermWrite, "bench:data");
  mem.map(kStackBase, kStackSize, kPermRead | kPermWrite, "bench:stack");

  Cpu cpu(mode, mem);
  cpu.set_decode_cache_enabled(cache);
  cpu.add_trap_range(kReturnTrap, kReturnTrap + 1);
  // Entry as after a call: the stack pointer 16-byte aligned plus the return address.
  cpu.set_reg(RSP, kStackBase + kStackSize - 0x100);
  cpu.push(kReturnTrap);
  cpu.set_pc(kCodeBase);

  const double c0 = thread_cpu_seconds();
  const auto t0 = std::chrono::steady_clock::now();
  const Stop stop = cpu.run(~0ull);
  const auto t1 = std::chrono::steady_clock::now();
  const double cpu_seconds = thread_cpu_seconds() - c0;
  const double seconds = std::chrono::duration<double>(t1 - t0).count();

  if (stop.kind != StopKind::Trap || stop.pc != kReturnTrap) {
    std::fprintf(stderr, "cpu-bench: run ended with %s at 0x%llx", stop_name(stop.kind),
                 static_cast<unsigned long long>(stop.pc));
    if (stop.kind == StopKind::Fault)
      std::fprintf(stderr, " (%s, %s at 0x%llx)", fault_name(stop.fault), access_name(stop.access),
                   static_cast<unsigned long long>(stop.address));
    if (!stop.mnemonic.empty()) std::fprintf(stderr, " (%s)", stop.mnemonic.c_str());
    std::fprintf(stderr, "\n");
    return 1;
  }
  const uint64_t n = cpu.instructions();
  uint64_t rax = cpu.reg(RAX);
  if (mode == Mode::X86) rax &= 0xFFFFFFFFull;
  std::printf(
      "{\"instructions\": %llu, \"seconds\": %.6f, \"mips\": %.2f, \"rax\": %llu, "
      "\"cpu_seconds\": %.6f, \"cpu_mips\": %.2f, \"cache\": %s}\n",
      static_cast<unsigned long long>(n), seconds, seconds > 0 ? n / seconds / 1e6 : 0.0,
      static_cast<unsigned long long>(rax), cpu_seconds, cpu_seconds > 0 ? n / cpu_seconds / 1e6 : 0.0,
      cache ? "true" : "false");
  return 0;
}
