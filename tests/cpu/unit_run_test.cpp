// The run API: traps, budget, stops, self-modifying code, request_stop,
// unimplemented instructions, context round trips, the decode-cache switch.
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <thread>

#include "cpu/isa.h"
#include "tests/cpu/unit_harness.h"

using namespace emu::cpu;
using namespace emu::cpu::test;

BOOST_AUTO_TEST_SUITE(unit_run)

BOOST_AUTO_TEST_CASE(trap_range_stops_before_the_instruction) {
  Guest g(Mode::X86, R"(
    mov eax, 1
    call 0x7ff00010
    mov eax, 2
    hlt
  )");
  g.c().add_trap_range(0x7ff00000, 0x7ff01000);  // unmapped: traps need no memory
  Stop s = g.run();
  BOOST_TEST(s.kind == StopKind::Trap);
  BOOST_TEST(s.pc == 0x7ff00010u);
  BOOST_TEST(g.c().pc() == 0x7ff00010u);
  BOOST_TEST(g.c().instructions() == 2u);
  // Emulate the API: return to the caller and continue.
  auto ret = g.c().pop();
  BOOST_REQUIRE(ret.has_value());
  g.c().set_pc(*ret);
  s = g.run();
  BOOST_TEST(s.kind == StopKind::Halt);
  BOOST_TEST(g.r(RAX) == 2u);
}

BOOST_AUTO_TEST_CASE(trap_inside_straight_line_code) {
  Guest g(Mode::X64, "nop\nnop\nnop\nnop\nhlt");
  g.c().add_trap_range(kCode + 2, kCode + 3);
  Stop s = g.run();
  BOOST_TEST(s.kind == StopKind::Trap);
  BOOST_TEST(s.pc == kCode + 2);
  BOOST_TEST(g.c().instructions() == 2u);
}

BOOST_AUTO_TEST_CASE(budget_is_exact) {
  Guest g(Mode::X86, R"(
  top:
    inc eax
    inc ebx
    inc ecx
    jmp top
  )");
  Stop s = g.run(10);
  BOOST_TEST(s.kind == StopKind::Budget);
  BOOST_TEST(g.c().instructions() == 10u);
  // 10 = 2 full loops (8) + inc eax + inc ebx.
  BOOST_TEST(g.r(RAX) == 3u);
  BOOST_TEST(g.r(RBX) == 3u);
  BOOST_TEST(g.r(RCX) == 2u);
  BOOST_TEST(g.c().pc() == kCode + 2);
  s = g.run(5);
  BOOST_TEST(g.c().instructions() == 15u);
  BOOST_TEST(g.r(RCX) == 4u);
  s = g.run(0);
  BOOST_TEST(s.kind == StopKind::Budget);
  BOOST_TEST(g.c().instructions() == 15u);
}

// A long REP instruction yields every 65536 iterations (each slice counts
// as one retired instruction), so the budget can end the run inside it.
BOOST_AUTO_TEST_CASE(long_rep_yields_to_the_budget) {
  Guest g(Mode::X86, R"(
    mov edi, 0x300000
    mov ecx, 0x30000
    mov al, 0x5a
    rep stosb
    hlt
  )");
  g.mem.map(0x300000, 0x40000, kPermRead | kPermWrite);
  Stop s = g.run(4);
  BOOST_TEST(s.kind == StopKind::Budget);
  BOOST_TEST(g.c().pc() == kCode + 12);  // still on rep stosb
  BOOST_TEST(g.r(RCX) == 0x20000u);
  BOOST_TEST(g.r(RDI) == 0x310000u);
  s = g.run(100);
  BOOST_TEST(s.kind == StopKind::Halt);
  BOOST_TEST(g.r(RCX) == 0u);
  BOOST_TEST(*g.mem.read_as<uint8_t>(0x32ffff) == 0x5au);
  BOOST_TEST(*g.mem.read_as<uint8_t>(0x330000) == 0u);
  BOOST_TEST(g.c().instructions() == 3u + 3u + 1u);  // 3 movs, 3 slices, hlt
}

BOOST_AUTO_TEST_CASE(hlt_int_syscall_stops) {
  Guest a(Mode::X64, "nop\nsyscall\nhlt");
  Stop s = a.run();
  BOOST_TEST(s.kind == StopKind::Syscall);
  BOOST_TEST(s.pc == kCode + 3);
  BOOST_TEST(a.c().pc() == kCode + 3);
  BOOST_TEST(a.c().instructions() == 2u);

  Guest b(Mode::X86, "int 0x2e\nhlt");
  s = b.run();
  BOOST_TEST(s.kind == StopKind::Interrupt);
  BOOST_TEST(s.vector == 0x2e);
  BOOST_TEST(s.pc == kCode);
  BOOST_TEST(b.c().pc() == kCode + 2);

  Guest c(Mode::X86, "sysenter");
  s = c.run();
  BOOST_TEST(s.kind == StopKind::Syscall);

  Guest d(Mode::X86, "nop\nhlt");
  s = d.run();
  BOOST_TEST(s.kind == StopKind::Halt);
  BOOST_TEST(s.pc == kCode + 1);
  BOOST_TEST(d.c().pc() == kCode + 2);
}

// Writes over an instruction that already ran; the new code must run.
BOOST_AUTO_TEST_CASE(self_modifying_code_reruns_new_bytes) {
  Guest g(Mode::X86, R"(
    mov ecx, 2
  again:
    call patchme
    ; overwrite the immediate of `mov eax, 1` below with 42
    mov byte [patchme + 1], 42
    dec ecx
    jnz again
    hlt
  patchme:
    mov eax, 1
    ret
  )", kPermRead | kPermWrite | kPermExec);
  Stop s = g.run();
  BOOST_TEST(s.kind == StopKind::Halt);
  BOOST_TEST(g.r(RAX) == 42u);
}

// A store into the block that is executing: the following instruction was
// changed after decoding and must run in its new form.
BOOST_AUTO_TEST_CASE(self_modifying_code_same_block) {
  Guest g(Mode::X64, R"(
    lea rbx, [target]
    mov byte [rbx], 0x40     ; first patch: 0x40 0xc0 (rex + stray byte)
    mov word [rbx], 0xc3ff   ; final patch: 0xff 0xc3 = inc ebx
  target:
    inc eax
    hlt
  )", kPermRead | kPermWrite | kPermExec);
  Stop s = g.run();
  BOOST_TEST(s.kind == StopKind::Halt);
  BOOST_TEST(g.r(RAX) == 0u);
  // target = kCode + 7 (lea) + 3 + 5; inc ebx adds 1.
  BOOST_TEST(g.r(RBX) == kCode + 15 + 1);
}

BOOST_AUTO_TEST_CASE(host_write_invalidates_code) {
  Guest g(Mode::X86, "mov eax, 1\nhlt");
  Stop s = g.run();
  BOOST_TEST(g.r(RAX) == 1u);
  g.mem.write_as<uint32_t>(kCode + 1, 7);
  g.c().set_pc(kCode);
  s = g.run();
  BOOST_TEST(s.kind == StopKind::Halt);
  BOOST_TEST(g.r(RAX) == 7u);
}

BOOST_AUTO_TEST_CASE(protect_removing_execute_is_seen) {
  Guest g(Mode::X86, "mov eax, 1\nhlt");
  g.run();
  g.mem.protect(kCode, 0x1000, kPermRead);
  g.c().set_pc(kCode);
  Stop s = g.run();
  BOOST_TEST(s.kind == StopKind::Fault);
  BOOST_TEST(s.access == Access::Execute);
}

BOOST_AUTO_TEST_CASE(request_stop_from_another_thread) {
  Guest g(Mode::X64, "top: jmp top");
  std::thread t([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    g.c().request_stop();
  });
  Stop s = g.run(~0ull);
  t.join();
  BOOST_TEST(s.kind == StopKind::Interrupted);
  BOOST_TEST(g.c().instructions() > 0u);
  BOOST_TEST(g.c().pc() == kCode);
}

BOOST_AUTO_TEST_CASE(unimplemented_instruction_names_its_mnemonic) {
  // vpermq (AVX2) is not implemented.
  Guest g(Mode::X64, "nop\nvpermq ymm0, ymm1, 0x1b\nhlt");
  Stop s = g.run();
  BOOST_TEST(s.kind == StopKind::Unimplemented);
  BOOST_TEST(s.mnemonic == "vpermq");
  BOOST_TEST(s.pc == kCode + 1);
  BOOST_TEST(g.c().pc() == kCode + 1);
  BOOST_TEST(g.c().instructions() == 1u);
  BOOST_TEST(!is_implemented(ZYDIS_MNEMONIC_VPERMQ));
  BOOST_TEST(is_implemented(ZYDIS_MNEMONIC_ADD));
  BOOST_TEST(is_implemented(ZYDIS_MNEMONIC_CMPXCHG16B));
}

BOOST_AUTO_TEST_CASE(far_indirect_branches_stop_as_unimplemented) {
  // jmp/call m16:16 (66 FF /5, /3) have the operand width of a near m32
  // branch; they must not run as one (a far transfer loads CS).
  for (const char* text : {"nop\no16 jmp far [0x20000000]\nhlt", "nop\no16 call far [0x20000000]\nhlt",
                           "nop\njmp far [0x20000000]\nhlt"}) {
    Guest g(Mode::X86, text);
    Stop s = g.run();
    BOOST_TEST(s.kind == StopKind::Unimplemented, text);
    BOOST_TEST(s.pc == kCode + 1, text);
  }
}

BOOST_AUTO_TEST_CASE(context_round_trip) {
  Memory mem;
  Cpu cpu(Mode::X64, mem);
  Context c;
  for (int k = 0; k < kGprCount; ++k) c.gpr[k] = 0x1111111111111111ull * (k + 1);
  c.rip = 0x401000;
  c.eflags = 0x202 | kCF | kZF | kOF | kDF | kPF | kAF | kSF;
  c.fs_base = 0x7000;
  c.gs_base = 0x8000;
  for (int k = 0; k < 16; ++k) c.xmm[k] = Xmm{uint64_t(k) * 3, uint64_t(k) * 5 + 1};
  c.mxcsr = 0x1FA0;
  for (int k = 0; k < 8; ++k) c.st[k] = 1.5L * k;
  c.fpu_control = 0x037F;
  c.fpu_status = 0x3800;
  c.fpu_tag = 0x00FF;
  cpu.set_context(c);
  Context d = cpu.context();
  BOOST_TEST(d.gpr == c.gpr);
  BOOST_TEST(d.rip == c.rip);
  BOOST_TEST(d.eflags == c.eflags);
  BOOST_TEST(d.fs_base == c.fs_base);
  BOOST_TEST(d.gs_base == c.gs_base);
  for (int k = 0; k < 16; ++k) {
    BOOST_TEST(d.xmm[k].lo == c.xmm[k].lo);
    BOOST_TEST(d.xmm[k].hi == c.xmm[k].hi);
  }
  BOOST_TEST(d.mxcsr == c.mxcsr);
  for (int k = 0; k < 8; ++k) BOOST_TEST(d.st[k] == c.st[k]);
  BOOST_TEST(d.fpu_control == c.fpu_control);
  BOOST_TEST(d.fpu_status == c.fpu_status);
  BOOST_TEST(d.fpu_tag == c.fpu_tag);
  // Every combination of the six arithmetic flags survives set/get.
  for (uint32_t m = 0; m < 64; ++m) {
    const uint32_t bits[6] = {kCF, kPF, kAF, kZF, kSF, kOF};
    uint32_t f = 0x202;
    for (int b = 0; b < 6; ++b)
      if (m & (1u << b)) f |= bits[b];
    cpu.set_eflags(f);
    BOOST_TEST(cpu.eflags() == f);
  }
}

BOOST_AUTO_TEST_CASE(push_pop_api_respects_word_size) {
  Guest g(Mode::X86, "hlt");
  const uint64_t sp = g.r(RSP);
  BOOST_TEST(g.c().push(0x1234567890ull));
  BOOST_TEST(g.r(RSP) == sp - 4);
  BOOST_TEST(*g.mem.read_as<uint32_t>(sp - 4) == 0x34567890u);
  BOOST_TEST(*g.c().pop() == 0x34567890u);
  BOOST_TEST(g.r(RSP) == sp);
  Guest h(Mode::X64, "hlt");
  BOOST_TEST(h.c().push(0x1234567890ull));
  BOOST_TEST(*h.c().pop() == 0x1234567890ull);
  h.c().set_reg(RSP, 0x10);  // unmapped
  BOOST_TEST(!h.c().push(1));
  BOOST_TEST(!h.c().pop().has_value());
}

BOOST_AUTO_TEST_CASE(rdtsc_counts_instructions) {
  Guest g(Mode::X86, R"(
    rdtsc
    mov esi, eax
    nop
    nop
    rdtsc
    sub eax, esi
    hlt
  )");
  g.run();
  BOOST_TEST(g.r(RAX) == 4u);  // rdtsc, mov, nop, nop retired in between
}

BOOST_AUTO_TEST_CASE(cpuid_profile) {
  Guest g(Mode::X64, R"(
    xor eax, eax
    cpuid
    mov r8d, ebx
    mov r9d, edx
    mov r10d, ecx
    mov eax, 1
    cpuid
    hlt
  )");
  g.run();
  char vendor[13] = {};
  const uint32_t parts[3] = {static_cast<uint32_t>(g.r(R8)), static_cast<uint32_t>(g.r(R9)),
                             static_cast<uint32_t>(g.r(R10))};
  std::memcpy(vendor, parts, 12);
  BOOST_TEST(std::string(vendor) == "GenuineIntel");
  const uint32_t ecx = static_cast<uint32_t>(g.r(RCX)), edx = static_cast<uint32_t>(g.r(RDX));
  BOOST_TEST((edx & (1u << 26)) != 0u);  // SSE2
  BOOST_TEST((edx & (1u << 15)) != 0u);  // CMOV
  BOOST_TEST((ecx & (1u << 23)) != 0u);  // POPCNT
  BOOST_TEST((ecx & (1u << 0)) != 0u);   // SSE3
  BOOST_TEST((edx & (1u << 23)) != 0u);  // MMX
  BOOST_TEST((edx & (1u << 24)) != 0u);  // FXSR
  BOOST_TEST((ecx & (1u << 28)) == 0u);  // no AVX
  BOOST_TEST((ecx & (1u << 27)) == 0u);  // no OSXSAVE
  BOOST_TEST((ecx & (1u << 12)) == 0u);  // no FMA (only part of AVX/FMA is implemented)
  BOOST_TEST((ecx & (1u << 31)) == 0u);  // no hypervisor
}

BOOST_AUTO_TEST_CASE(no_cache_mode_gives_the_same_results) {
  const std::string src = R"(
    xor eax, eax
    mov ecx, 50
  l: imul eax, eax, 7
    add eax, ecx
    rol eax, 5
    loop l
    hlt
  )";
  Guest a(Mode::X86, src), b(Mode::X86, src);
  b.c().set_decode_cache_enabled(false);
  a.run();
  b.run();
  BOOST_TEST(a.r(RAX) == b.r(RAX));
  BOOST_TEST(a.c().instructions() == b.c().instructions());
  BOOST_TEST(a.c().eflags() == b.c().eflags());
}

BOOST_AUTO_TEST_CASE(single_step_after_popf_sets_tf) {
  Guest g(Mode::X86, R"(
    pushfd
    or dword [esp], 0x100
    popfd
    nop
    nop
    hlt
  )");
  Stop s = g.run();
  BOOST_TEST(s.kind == StopKind::Fault);
  BOOST_TEST(s.fault == FaultKind::SingleStep);
  // The trap follows the first instruction after popfd (the first nop).
  BOOST_TEST(s.pc == kCode + 1 + 7 + 1 + 1);
  BOOST_TEST((g.c().eflags() & kTF) == 0u);
}

BOOST_AUTO_TEST_CASE(disassemble_intel_syntax) {
  Guest g(Mode::X64, "mov rax, [rbx+8]");
  BOOST_TEST(g.c().disassemble(kCode) == "mov rax, [rbx+0x08]");
  BOOST_TEST(g.c().disassemble(0x999999000ull).empty());
}

BOOST_AUTO_TEST_CASE(two_cpus_share_memory_and_see_code_writes) {
  Guest g(Mode::X86, "mov eax, 5\nhlt", kPermRead | kPermWrite | kPermExec);
  Cpu other(Mode::X86, g.mem);
  other.set_pc(kCode);
  other.run(10);
  BOOST_TEST(other.reg(RAX) == 5u);
  // The first cpu patches the code the second one has cached.
  g.c().set_reg(RBX, kCode + 1);
  g.mem.write_as<uint8_t>(kCode + 0x10, 0xc7);  // mov dword [ebx], 9 ; hlt
  g.mem.write_as<uint8_t>(kCode + 0x11, 0x03);
  g.mem.write_as<uint32_t>(kCode + 0x12, 9);
  g.mem.write_as<uint8_t>(kCode + 0x16, 0xf4);
  g.c().set_pc(kCode + 0x10);
  g.run();
  other.set_pc(kCode);
  other.run(10);
  BOOST_TEST(other.reg(RAX) == 9u);
}

BOOST_AUTO_TEST_SUITE_END()
