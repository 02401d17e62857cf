// Small guest machine for the cpu unit tests: assembles NASM source at test
// time, maps it with a stack and a data area, and runs it.
#pragma once

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <ostream>
#include <iterator>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "cpu/cpu.h"
#include "cpu/memory.h"

namespace emu::cpu {
// Printable stop fields for Boost.Test messages.
inline std::ostream& operator<<(std::ostream& o, StopKind k) { return o << stop_name(k); }
inline std::ostream& operator<<(std::ostream& o, FaultKind k) { return o << fault_name(k); }
inline std::ostream& operator<<(std::ostream& o, Access a) { return o << access_name(a); }
}  // namespace emu::cpu

namespace emu::cpu::test {

constexpr uint64_t kCode = 0x400000;
constexpr uint64_t kData = 0x200000;   // 64 KiB RW
constexpr uint64_t kStackTop = 0x180000;  // 64 KiB RW below

// Assembles `src` with nasm (-f bin) in the mode's bit width; throws on error.
inline std::vector<uint8_t> assemble(Mode m, const std::string& src, uint64_t org = kCode) {
  char dir[] = "/tmp/emu-cpu-test-XXXXXX";
  if (!mkdtemp(dir)) throw std::runtime_error("mkdtemp failed");
  const std::string in = std::string(dir) + "/a.asm", out = std::string(dir) + "/a.bin";
  {
    std::ofstream f(in);
    f << (m == Mode::X64 ? "bits 64\n" : "bits 32\n") << "default rel\n"
      << "org " << org << "\n" << src << "\n";
  }
  const std::string cmd = "nasm -f bin -o " + out + " " + in + " 2>" + std::string(dir) + "/err";
  const int rc = std::system(cmd.c_str());
  std::ifstream b(out, std::ios::binary);
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(b)), std::istreambuf_iterator<char>());
  std::ifstream e(std::string(dir) + "/err");
  std::string err((std::istreambuf_iterator<char>(e)), std::istreambuf_iterator<char>());
  std::system(("rm -rf " + std::string(dir)).c_str());
  if (rc != 0) throw std::runtime_error("nasm failed: " + err);
  return bytes;
}

struct Guest {
  Memory mem;
  std::unique_ptr<Cpu> cpu;

  Guest(Mode m, const std::vector<uint8_t>& code, uint8_t code_perms = kPermRead | kPermExec) {
    mem.map(kCode, std::max<size_t>(code.size(), 1) + 0x1000, code_perms, "code");
    mem.write(kCode, code.data(), code.size());
    mem.map(kStackTop - 0x10000, 0x10000, kPermRead | kPermWrite, "stack");
    mem.map(kData, 0x10000, kPermRead | kPermWrite, "data");
    cpu = std::make_unique<Cpu>(m, mem);
    cpu->set_reg(RSP, kStackTop - 0x100);
    cpu->set_pc(kCode);
  }
  Guest(Mode m, const std::string& src, uint8_t code_perms = kPermRead | kPermExec)
      : Guest(m, assemble(m, src), code_perms) {}

  Stop run(uint64_t budget = 10'000'000) { return cpu->run(budget); }
  uint64_t r(Reg x) const { return cpu->reg(x); }
  Cpu& c() { return *cpu; }
};

}  // namespace emu::cpu::test
