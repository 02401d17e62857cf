// Faults: every one stops the run with a structured reason and leaves the
// faulting instruction unretired (registers, memory and count untouched).
#include <boost/test/unit_test.hpp>

#include "tests/cpu/unit_harness.h"

using namespace emu::cpu;
using namespace emu::cpu::test;

BOOST_AUTO_TEST_SUITE(unit_fault)

// Speakeasy's shellcode case: mov eax, 0xdeadbeef; mov eax, [eax].
BOOST_AUTO_TEST_CASE(speakeasy_read_deadbeef) {
  Guest g(Mode::X86, std::vector<uint8_t>{0xb8, 0xef, 0xbe, 0xad, 0xde, 0x8b, 0x00});
  Stop s = g.run();
  BOOST_TEST(s.kind == StopKind::Fault);
  BOOST_TEST(s.fault == FaultKind::PageFault);
  BOOST_TEST(s.access == Access::Read);
  BOOST_TEST(s.address == 0xdeadbeefu);
  BOOST_TEST(s.pc == kCode + 5);
  BOOST_TEST(g.c().pc() == kCode + 5);
  BOOST_TEST(g.r(RAX) == 0xdeadbeefu);
  BOOST_TEST(g.c().instructions() == 1u);
}

// mov eax, 0xdeadbeef; mov [eax], ebx.
BOOST_AUTO_TEST_CASE(speakeasy_write_deadbeef) {
  Guest g(Mode::X86, std::vector<uint8_t>{0xb8, 0xef, 0xbe, 0xad, 0xde, 0x89, 0x18});
  Stop s = g.run();
  BOOST_TEST(s.kind == StopKind::Fault);
  BOOST_TEST(s.fault == FaultKind::PageFault);
  BOOST_TEST(s.access == Access::Write);
  BOOST_TEST(s.address == 0xdeadbeefu);
  BOOST_TEST(s.pc == kCode + 5);
  BOOST_TEST(g.r(RAX) == 0xdeadbeefu);
}

BOOST_AUTO_TEST_CASE(write_to_read_only_page_changes_nothing) {
  Guest g(Mode::X64, R"(
    mov rax, 0x300000
    mov dword [rax], 0x11223344
    hlt
  )");
  g.mem.map(0x300000, 0x1000, kPermRead, "ro");
  g.mem.write_as<uint32_t>(0x300000, 0xAABBCCDD);
  Stop s = g.run();
  BOOST_TEST(s.kind == StopKind::Fault);
  BOOST_TEST(s.fault == FaultKind::PageFault);
  BOOST_TEST(s.access == Access::Write);
  BOOST_TEST(s.address == 0x300000u);
  BOOST_TEST(*g.mem.read_as<uint32_t>(0x300000) == 0xAABBCCDDu);
}

BOOST_AUTO_TEST_CASE(read_modify_write_on_read_only_is_a_write_fault) {
  Guest g(Mode::X86, R"(
    mov eax, 0x300000
    stc
    add dword [eax], 1
    hlt
  )");
  g.mem.map(0x300000, 0x1000, kPermRead, "ro");
  Stop s = g.run();
  BOOST_TEST(s.kind == StopKind::Fault);
  BOOST_TEST(s.access == Access::Write);
  // The faulting add did not touch the flags: CF from stc is still set.
  BOOST_TEST((g.c().eflags() & kCF) != 0u);
}

BOOST_AUTO_TEST_CASE(store_straddling_into_unmapped_page_writes_nothing) {
  Guest g(Mode::X64, R"(
    mov rax, 0x20fffe
    mov dword [rax], 0x11223344
    hlt
  )");
  Stop s = g.run();
  BOOST_TEST(s.kind == StopKind::Fault);
  BOOST_TEST(s.access == Access::Write);
  BOOST_TEST(s.address == 0x210000u);
  BOOST_TEST(*g.mem.read_as<uint16_t>(0x20fffe) == 0u);
}

BOOST_AUTO_TEST_CASE(execute_unmapped) {
  Guest g(Mode::X64, R"(
    mov rax, 0x12340000
    jmp rax
  )");
  Stop s = g.run();
  BOOST_TEST(s.kind == StopKind::Fault);
  BOOST_TEST(s.fault == FaultKind::PageFault);
  BOOST_TEST(s.access == Access::Execute);
  BOOST_TEST(s.address == 0x12340000u);
  BOOST_TEST(s.pc == 0x12340000u);
  BOOST_TEST(g.c().pc() == 0x12340000u);
  BOOST_TEST(g.c().instructions() == 2u);
}

BOOST_AUTO_TEST_CASE(execute_non_executable_page) {
  Guest g(Mode::X86, R"(
    mov eax, 0x200000
    call eax
  )");
  g.mem.write_as<uint8_t>(kData, 0x90);  // nop in the RW data page
  Stop s = g.run();
  BOOST_TEST(s.kind == StopKind::Fault);
  BOOST_TEST(s.access == Access::Execute);
  BOOST_TEST(s.address == kData);
  // The call itself retired: the return address is on the stack.
  BOOST_TEST(*g.mem.read_as<uint32_t>(g.r(RSP)) == kCode + 7);
}

BOOST_AUTO_TEST_CASE(instruction_running_off_the_executable_page) {
  // The last page byte starts a 5-byte mov whose tail lies on an unmapped page.
  Memory mem;
  mem.map(0x500000, 0x1000, kPermRead | kPermExec);
  mem.write_as<uint8_t>(0x500fff, 0xb8);
  Cpu cpu(Mode::X86, mem);
  cpu.set_pc(0x500fff);
  Stop s = cpu.run(10);
  BOOST_TEST(s.kind == StopKind::Fault);
  BOOST_TEST(s.access == Access::Execute);
  BOOST_TEST(s.address == 0x501000u);
  BOOST_TEST(s.pc == 0x500fffu);
}

BOOST_AUTO_TEST_CASE(guard_page_faults_once_then_clears) {
  Guest g(Mode::X86, R"(
    mov eax, 0x300010
    mov ebx, [eax]
    hlt
  )");
  g.mem.map(0x300000, 0x1000, kPermRead | kPermWrite | kPermGuard, "guard");
  g.mem.write_as<uint32_t>(0x300010, 77);
  Stop s = g.run();
  BOOST_TEST(s.kind == StopKind::Fault);
  BOOST_TEST(s.fault == FaultKind::GuardPage);
  BOOST_TEST(s.address == 0x300010u);
  BOOST_TEST(s.access == Access::Read);
  BOOST_TEST((g.mem.page(0x300000)->perms & kPermGuard) == 0);
  // Resuming at the same instruction now succeeds.
  s = g.run();
  BOOST_TEST(s.kind == StopKind::Halt);
  BOOST_TEST(g.r(RBX) == 77u);
}

BOOST_AUTO_TEST_CASE(guard_page_on_execute) {
  Memory mem;
  mem.map(0x500000, 0x1000, kPermRead | kPermExec | kPermGuard);
  mem.write_as<uint8_t>(0x500000, 0xf4);  // hlt
  Cpu cpu(Mode::X64, mem);
  cpu.set_pc(0x500000);
  Stop s = cpu.run(10);
  BOOST_TEST(s.kind == StopKind::Fault);
  BOOST_TEST(s.fault == FaultKind::GuardPage);
  BOOST_TEST(s.access == Access::Execute);
  s = cpu.run(10);
  BOOST_TEST(s.kind == StopKind::Halt);
}

BOOST_AUTO_TEST_CASE(divide_by_zero) {
  Guest g(Mode::X86, R"(
    mov eax, 100
    xor edx, edx
    xor ecx, ecx
    div ecx
    hlt
  )");
  Stop s = g.run();
  BOOST_TEST(s.kind == StopKind::Fault);
  BOOST_TEST(s.fault == FaultKind::DivideError);
  BOOST_TEST(s.pc == kCode + 9);
  BOOST_TEST(g.r(RAX) == 100u);
}

BOOST_AUTO_TEST_CASE(divide_quotient_overflow) {
  // 0x100000000 / 1 does not fit in 32 bits; INT64_MIN / -1 overflows idiv.
  Guest g(Mode::X64, R"(
    mov edx, 1
    xor eax, eax
    mov ecx, 1
    div ecx
    hlt
  )");
  Stop s = g.run();
  BOOST_TEST(s.fault == FaultKind::DivideError);
  Guest h(Mode::X64, R"(
    mov rax, 0x8000000000000000
    cqo
    mov rcx, -1
    idiv rcx
    hlt
  )");
  s = h.run();
  BOOST_TEST(s.fault == FaultKind::DivideError);
  Guest k(Mode::X86, R"(
    mov ax, 0x8000
    cwd
    mov cx, -1
    idiv cx
    hlt
  )");
  s = k.run();
  BOOST_TEST(s.fault == FaultKind::DivideError);
}

BOOST_AUTO_TEST_CASE(ud2_int3_into_and_invalid_bytes) {
  Guest a(Mode::X64, "nop\nud2");
  Stop s = a.run();
  BOOST_TEST(s.fault == FaultKind::InvalidOpcode);
  BOOST_TEST(s.pc == kCode + 1);

  Guest b(Mode::X86, "nop\nint3");
  s = b.run();
  BOOST_TEST(s.kind == StopKind::Fault);
  BOOST_TEST(s.fault == FaultKind::Breakpoint);
  BOOST_TEST(s.pc == kCode + 1);
  BOOST_TEST(b.c().pc() == kCode + 1);

  Guest c(Mode::X86, "mov al, 0x7f\nadd al, 1\ninto\nhlt");
  s = c.run();
  BOOST_TEST(s.fault == FaultKind::Overflow);

  // 0x0f 0x0b is ud2, 0x0f 0xff is ud0 (needs modrm), 0xd6 is invalid in 64-bit mode.
  Guest d(Mode::X64, std::vector<uint8_t>{0x90, 0xd6});
  s = d.run();
  BOOST_TEST(s.kind == StopKind::Fault);
  BOOST_TEST(s.fault == FaultKind::InvalidOpcode);
  BOOST_TEST(s.pc == kCode + 1);
}

BOOST_AUTO_TEST_CASE(privileged_instructions_raise_gp) {
  for (const char* src : {"mov cr0, eax", "in al, dx", "out dx, al", "lgdt [eax]", "wrmsr"}) {
    Guest g(Mode::X86, src);
    Stop s = g.run();
    BOOST_TEST_INFO(src);
    BOOST_TEST(s.kind == StopKind::Fault);
    BOOST_TEST(s.fault == FaultKind::GeneralProtection);
    BOOST_TEST(s.pc == kCode);
  }
}

BOOST_AUTO_TEST_CASE(misaligned_movdqa_is_gp) {
  Guest g(Mode::X64, R"(
    mov rax, 0x200008
    movdqa xmm0, [rax]
    hlt
  )");
  Stop s = g.run();
  BOOST_TEST(s.fault == FaultKind::GeneralProtection);
}

BOOST_AUTO_TEST_CASE(fault_names) {
  BOOST_TEST(std::string(fault_name(FaultKind::PageFault)) == "page_fault");
  BOOST_TEST(std::string(stop_name(StopKind::Unimplemented)) == "unimplemented");
}

BOOST_AUTO_TEST_SUITE_END()
