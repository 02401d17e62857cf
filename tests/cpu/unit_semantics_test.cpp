// Instruction semantics checked against values worked out by hand from the
// Intel SDM descriptions (flags, widths, addressing, strings, stack).
#include <boost/test/unit_test.hpp>

#include <algorithm>

#include "tests/cpu/unit_harness.h"

using namespace emu::cpu;
using namespace emu::cpu::test;

namespace {

constexpr uint32_t kArith = kCF | kPF | kAF | kZF | kSF | kOF;

// Runs src (ending in hlt) and returns the arithmetic flags.
uint32_t flags_after(Mode m, const std::string& src) {
  Guest g(m, src + "\nhlt");
  Stop s = g.run();
  BOOST_REQUIRE(s.kind == StopKind::Halt);
  return g.c().eflags() & kArith;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(unit_semantics)

BOOST_AUTO_TEST_CASE(add_sub_flags) {
  // 0x7f + 1 = 0x80: signed overflow, half carry, sign, odd parity (one bit set).
  BOOST_TEST(flags_after(Mode::X86, "mov al, 0x7f\nadd al, 1") == (kOF | kAF | kSF));
  // 0xff + 1 = 0x00: carry, half carry, zero, even parity.
  BOOST_TEST(flags_after(Mode::X86, "mov al, 0xff\nadd al, 1") == (kCF | kAF | kZF | kPF));
  // 0 - 1 = 0xffffffff: borrow, half borrow, sign, parity of 0xff is even.
  BOOST_TEST(flags_after(Mode::X86, "xor eax, eax\nsub eax, 1") == (kCF | kAF | kSF | kPF));
  // 0x80000000 - 1 = 0x7fffffff: signed overflow, half borrow; low byte 0xff even parity.
  BOOST_TEST(flags_after(Mode::X64, "mov eax, 0x80000000\ncmp eax, 1") == (kOF | kAF | kPF));
  // adc with carry in: 0xffff + 0 + CF = 0.
  BOOST_TEST(flags_after(Mode::X86, "stc\nmov ax, 0xffff\nadc ax, 0") == (kCF | kAF | kZF | kPF));
  // sbb: 5 - 5 - CF(1) = -1.
  BOOST_TEST(flags_after(Mode::X64, "stc\nmov rax, 5\nsbb rax, 5") == (kCF | kAF | kSF | kPF));
  // neg 0: CF clear, ZF set; neg 1: CF set.
  BOOST_TEST(flags_after(Mode::X86, "xor ecx, ecx\nneg ecx") == (kZF | kPF));
  BOOST_TEST((flags_after(Mode::X86, "mov ecx, 1\nneg ecx") & kCF) != 0u);
}

BOOST_AUTO_TEST_CASE(inc_dec_keep_carry) {
  BOOST_TEST(flags_after(Mode::X86, "stc\nmov al, 0x7f\ninc al") == (kCF | kOF | kAF | kSF));
  BOOST_TEST(flags_after(Mode::X86, "clc\nmov al, 0x80\ndec al") == (kOF | kAF));
  BOOST_TEST(flags_after(Mode::X64, "stc\nmov rax, -1\ninc rax") == (kCF | kZF | kPF | kAF));
}

BOOST_AUTO_TEST_CASE(logic_clears_cf_of) {
  BOOST_TEST(flags_after(Mode::X86, "stc\nmov eax, 0xf0\nand eax, 0x0f") == (kZF | kPF));
  BOOST_TEST(flags_after(Mode::X86, "mov eax, 0x80000001\ntest eax, eax") == kSF);
  BOOST_TEST(flags_after(Mode::X64, "mov rax, 3\nxor rax, 1") == 0u);  // 2: one bit, odd parity
}

BOOST_AUTO_TEST_CASE(thirty_two_bit_writes_zero_extend_in_long_mode) {
  Guest g(Mode::X64, R"(
    mov rax, -1
    mov rbx, -1
    mov rcx, -1
    mov rdx, -1
    mov eax, 5          ; zero-extends
    mov bx, 7           ; keeps bits 16..63
    mov cl, 9           ; keeps bits 8..63
    add edx, 0          ; zero-extends
    mov r8, -1
    mov r8b, 0
    hlt
  )");
  g.run();
  BOOST_TEST(g.r(RAX) == 5u);
  BOOST_TEST(g.r(RBX) == 0xffffffffffff0007ull);
  BOOST_TEST(g.r(RCX) == 0xffffffffffffff09ull);
  BOOST_TEST(g.r(RDX) == 0xffffffffull);
  BOOST_TEST(g.r(R8) == 0xffffffffffffff00ull);
}

BOOST_AUTO_TEST_CASE(high_byte_registers_and_movzx_movsx) {
  Guest g(Mode::X86, R"(
    mov eax, 0x12345678
    mov bl, ah            ; 0x56
    movzx ecx, ah         ; 0x56
    mov dh, 0x80
    movsx edi, dh         ; 0xffffff80
    movsx si, byte [data]  ; 0xfffe
    movzx ebp, word [data] ; 0x01fe
    hlt
  data: db 0xfe, 0x01
  )");
  g.c().set_reg(RSI, 0xaaaa0000);
  g.run();
  BOOST_TEST((g.r(RBX) & 0xff) == 0x56u);
  BOOST_TEST(g.r(RCX) == 0x56u);
  BOOST_TEST(g.r(RDI) == 0xffffff80u);
  BOOST_TEST(g.r(RSI) == 0xaaaafffeu);
  BOOST_TEST(g.r(RBP) == 0x01feu);
}

BOOST_AUTO_TEST_CASE(rip_relative_and_lea) {
  Guest g(Mode::X64, R"(
    mov rax, [rel value]
    lea rbx, [rel value]
    lea ecx, [rax + rax*4 + 3]   ; 32-bit lea truncates
    hlt
  value: dq 0x100000001
  )");
  g.run();
  BOOST_TEST(g.r(RAX) == 0x100000001ull);
  BOOST_TEST(g.r(RBX) == kCode + 7 + 7 + 4 + 1);
  BOOST_TEST(g.r(RCX) == ((0x100000001ull * 5 + 3) & 0xffffffffu));
}

BOOST_AUTO_TEST_CASE(fs_and_gs_overrides) {
  Guest g(Mode::X86, R"(
    mov eax, [fs:0x18]
    hlt
  )");
  g.c().set_fs_base(kData);
  g.mem.write_as<uint32_t>(kData + 0x18, 0xcafe);
  g.run();
  BOOST_TEST(g.r(RAX) == 0xcafeu);

  Guest h(Mode::X64, R"(
    mov rax, [gs:0x30]
    mov rbx, [fs:0x8]
    hlt
  )");
  h.c().set_gs_base(kData);
  h.c().set_fs_base(kData + 0x100);
  h.mem.write_as<uint64_t>(kData + 0x30, 0x1122334455667788ull);
  h.mem.write_as<uint64_t>(kData + 0x108, 42);
  h.run();
  BOOST_TEST(h.r(RAX) == 0x1122334455667788ull);
  BOOST_TEST(h.r(RBX) == 42u);
}

BOOST_AUTO_TEST_CASE(multiply_and_divide) {
  Guest g(Mode::X86, R"(
    mov eax, 0x80000000
    mov ecx, 4
    mul ecx              ; edx:eax = 0x2_00000000
    mov esi, edx
    mov edi, eax
    mov eax, -7
    cdq
    mov ecx, 2
    idiv ecx             ; quotient -3, remainder -1
    mov ebx, edx
    imul ebp, ecx, -5    ; -10
    hlt
  )");
  g.run();
  BOOST_TEST(g.r(RSI) == 2u);
  BOOST_TEST(g.r(RDI) == 0u);
  BOOST_TEST(g.r(RAX) == 0xfffffffdu);
  BOOST_TEST(g.r(RBX) == 0xffffffffu);
  BOOST_TEST(g.r(RBP) == 0xfffffff6u);
  // mul set CF and OF (upper half non-zero).
  Guest h(Mode::X64, "mov rax, 3\nmov rcx, 5\nmul rcx\nhlt");
  h.run();
  BOOST_TEST(h.r(RAX) == 15u);
  BOOST_TEST((h.c().eflags() & (kCF | kOF)) == 0u);
}

BOOST_AUTO_TEST_CASE(shifts_and_rotates) {
  // shl 0x81 by 1 (byte): 0x02, CF = 1, OF = MSB(result) ^ CF = 1.
  BOOST_TEST((flags_after(Mode::X86, "mov al, 0x81\nshl al, 1") & (kCF | kOF)) == (kCF | kOF));
  // sar 0x80 by 7: 0xff, CF = bit 6 = 0.
  Guest a(Mode::X86, "mov al, 0x80\nsar al, 7\nhlt");
  a.run();
  BOOST_TEST((a.r(RAX) & 0xff) == 0xffu);
  // rcl through carry: CF=1, rcl al(0x80),1 -> al = 0x01, CF = 1.
  Guest b(Mode::X86, "stc\nmov al, 0x80\nrcl al, 1\nhlt");
  b.run();
  BOOST_TEST((b.r(RAX) & 0xff) == 0x01u);
  BOOST_TEST((b.c().eflags() & kCF) != 0u);
  // rcr ax by 17 is the identity (rotation through 17 bits).
  Guest c(Mode::X86, "clc\nmov ax, 0x1234\nmov cl, 17\nrcr ax, cl\nhlt");
  c.run();
  BOOST_TEST((c.r(RAX) & 0xffff) == 0x1234u);
  // ror 0x1 by 1 (32-bit) -> 0x80000000, CF = 1.
  Guest d(Mode::X64, "mov eax, 1\nror eax, 1\nhlt");
  d.run();
  BOOST_TEST(d.r(RAX) == 0x80000000u);
  BOOST_TEST((d.c().eflags() & kCF) != 0u);
  // Count 0 leaves the flags alone.
  BOOST_TEST(flags_after(Mode::X86, "stc\nmov al, 1\nxor cl, cl\nstc\nshl al, cl") ==
             flags_after(Mode::X86, "stc\nmov al, 1\nxor cl, cl\nstc"));
  // shld / shrd.
  Guest e(Mode::X86, "mov eax, 0x12345678\nmov ebx, 0x9abcdef0\nshld eax, ebx, 8\n"
                     "mov ecx, 0x12345678\nshrd ecx, ebx, 4\nhlt");
  e.run();
  BOOST_TEST(e.r(RAX) == 0x3456789au);
  BOOST_TEST(e.r(RCX) == 0x01234567u);
}

BOOST_AUTO_TEST_CASE(bit_operations) {
  Guest g(Mode::X86, R"(
    mov eax, 0x10
    bt eax, 4            ; CF = 1
    setc bl
    bts eax, 0           ; 0x11
    btr eax, 4           ; 0x01
    btc eax, 31          ; 0x80000001
    mov ecx, 0x00f00000
    bsf edx, ecx         ; 20
    bsr esi, ecx         ; 23
    popcnt edi, ecx      ; 4
    hlt
  )");
  g.run();
  BOOST_TEST((g.r(RBX) & 0xff) == 1u);
  BOOST_TEST(g.r(RAX) == 0x80000001u);
  BOOST_TEST(g.r(RDX) == 20u);
  BOOST_TEST(g.r(RSI) == 23u);
  BOOST_TEST(g.r(RDI) == 4u);
  // tzcnt/lzcnt of zero give the operand width and set CF.
  Guest h(Mode::X64, "xor ecx, ecx\ntzcnt eax, ecx\nlzcnt rbx, rcx\nhlt");
  h.run();
  BOOST_TEST(h.r(RAX) == 32u);
  BOOST_TEST(h.r(RBX) == 64u);
  BOOST_TEST((h.c().eflags() & kCF) != 0u);
}

BOOST_AUTO_TEST_CASE(bit_string_memory_operand) {
  Guest g(Mode::X86, R"(
    mov ebx, 0x200000
    mov ecx, 35
    bts [ebx], ecx        ; dword at +4, bit 3
    mov ecx, -1
    bts [ebx + 8], ecx    ; bit -1 is bit 31 of the dword at +4
    hlt
  )");
  g.run();
  BOOST_TEST(*g.mem.read_as<uint32_t>(kData + 4) == 0x80000008u);
  BOOST_TEST(*g.mem.read_as<uint32_t>(kData) == 0u);
}

BOOST_AUTO_TEST_CASE(cmov_setcc_and_conditions) {
  Guest g(Mode::X64, R"(
    mov rax, -1
    mov ecx, 5
    cmp ecx, 7
    cmovl eax, ecx        ; taken: 5
    mov rbx, -1
    cmovg ebx, ecx        ; not taken, still zero-extends: 0xffffffff
    setb dl               ; 5 < 7 unsigned: 1
    setle dh              ; 1
    seto sil              ; 0
    hlt
  )");
  g.run();
  BOOST_TEST(g.r(RAX) == 5u);
  BOOST_TEST(g.r(RBX) == 0xffffffffu);
  BOOST_TEST((g.r(RDX) & 0xffff) == 0x0101u);
  BOOST_TEST((g.r(RSI) & 0xff) == 0u);
}

BOOST_AUTO_TEST_CASE(xchg_cmpxchg_xadd) {
  Guest g(Mode::X86, R"(
    mov ebx, 0x200000
    mov dword [ebx], 10
    mov eax, 10
    mov ecx, 20
    lock cmpxchg [ebx], ecx   ; equal: [ebx] = 20, ZF = 1
    setz dl
    mov eax, 11
    cmpxchg [ebx], ecx        ; not equal: eax = 20
    mov esi, 3
    lock xadd [ebx], esi      ; [ebx] = 23, esi = 20
    mov edi, 1
    xchg [ebx], edi           ; [ebx] = 1, edi = 23
    hlt
  )");
  g.run();
  BOOST_TEST((g.r(RDX) & 0xff) == 1u);
  BOOST_TEST(g.r(RAX) == 20u);
  BOOST_TEST(g.r(RSI) == 20u);
  BOOST_TEST(g.r(RDI) == 23u);
  BOOST_TEST(*g.mem.read_as<uint32_t>(kData) == 1u);
}

BOOST_AUTO_TEST_CASE(cmpxchg8b_and_16b) {
  Guest g(Mode::X86, R"(
    mov edi, 0x200000
    mov dword [edi], 1
    mov dword [edi+4], 2
    mov eax, 1
    mov edx, 2
    mov ebx, 0xaaaa
    mov ecx, 0xbbbb
    cmpxchg8b [edi]
    hlt
  )");
  g.run();
  BOOST_TEST(*g.mem.read_as<uint64_t>(kData) == 0x0000bbbb0000aaaaull);
  BOOST_TEST((g.c().eflags() & kZF) != 0u);
  Guest h(Mode::X64, R"(
    mov rdi, 0x200000
    mov qword [rdi], 5
    mov qword [rdi+8], 6
    xor eax, eax
    xor edx, edx
    cmpxchg16b [rdi]          ; differs: rdx:rax = 6:5
    hlt
  )");
  h.run();
  BOOST_TEST(h.r(RAX) == 5u);
  BOOST_TEST(h.r(RDX) == 6u);
  BOOST_TEST((h.c().eflags() & kZF) == 0u);
}

BOOST_AUTO_TEST_CASE(stack_forms) {
  Guest g(Mode::X86, R"(
    mov eax, 1
    mov ecx, 2
    mov edx, 3
    mov ebx, 4
    mov ebp, 5
    mov esi, 6
    mov edi, 7
    mov [0x200000], esp
    pushad
    xor eax, eax
    xor ecx, ecx
    xor edi, edi
    mov esp, esp
    popad
    push 0xfffffff0          ; push imm
    pop dword [0x200010]     ; pop to memory
    enter 16, 0
    leave
    push word 0x1234
    pop bx                   ; 16-bit pop keeps the upper half of ebx
    hlt
  )");
  g.run();
  BOOST_TEST(g.r(RAX) == 1u);
  BOOST_TEST(g.r(RCX) == 2u);
  BOOST_TEST(g.r(RDI) == 7u);
  BOOST_TEST(g.r(RBP) == 5u);
  BOOST_TEST(g.r(RBX) == 0x1234u);
  BOOST_TEST(g.r(RSP) == *g.mem.read_as<uint32_t>(kData));
  BOOST_TEST(*g.mem.read_as<uint32_t>(kData + 0x10) == 0xfffffff0u);
}

BOOST_AUTO_TEST_CASE(pushf_popf_lahf_sahf) {
  Guest g(Mode::X64, R"(
    mov al, 0xff
    add al, 1           ; CF ZF PF AF
    pushfq
    pop rbx
    mov ah, 0xd5        ; SF ZF AF PF CF
    xor ecx, ecx        ; clears CF, sets ZF PF
    sahf
    lahf
    mov cl, ah
    push 0x8d5          ; OF SF ZF AF PF CF; IF stays set
    popfq
    pushfq
    pop rdx
    cld
    hlt
  )");
  g.run();
  BOOST_TEST((g.r(RBX) & 0xfff) == (0x202u | kCF | kZF | kPF | kAF));
  BOOST_TEST((g.r(RCX) & 0xff) == 0xd7u);  // bit 1 always reads 1
  BOOST_TEST((g.r(RDX) & 0xfff) == (0x8d5u | 0x202u));
}

BOOST_AUTO_TEST_CASE(string_operations) {
  const std::vector<uint8_t> code = assemble(Mode::X86, R"(
    cld
    mov esi, src
    mov edi, 0x200000
    mov ecx, 5
    rep movsb
    mov edi, 0x200100
    mov eax, 0x11223344
    mov ecx, 3
    rep stosd
    mov edi, src
    mov al, 'l'
    mov ecx, 5
    repne scasb            ; stops after the first 'l' (index 2)
    mov ebx, ecx           ; 2 left
    mov esi, src
    mov edi, 0x200000
    mov ecx, 5
    repe cmpsb             ; all equal: ecx = 0, ZF = 1
    mov edx, ecx
    std
    mov esi, src + 4
    lodsb                  ; al = 'o', esi moves down
    cld
    hlt
  src: db 'hello'
  )");
  const std::string text(code.begin(), code.end());
  const uint64_t src = kCode + text.find("hello");
  Guest g(Mode::X86, code);
  Stop s = g.run();
  BOOST_TEST(s.kind == StopKind::Halt);
  std::string copy(5, '\0');
  g.mem.read(kData, copy.data(), 5);
  BOOST_TEST(copy == "hello");
  BOOST_TEST(*g.mem.read_as<uint32_t>(kData + 0x108) == 0x11223344u);
  BOOST_TEST(*g.mem.read_as<uint32_t>(kData + 0x10c) == 0u);
  BOOST_TEST(g.r(RBX) == 2u);
  BOOST_TEST(g.r(RDX) == 0u);
  BOOST_TEST((g.r(RAX) & 0xff) == uint64_t('o'));
  BOOST_TEST(g.r(RSI) == src + 3);  // lodsb from src + 4 with DF set
}

BOOST_AUTO_TEST_CASE(rep_compares_across_a_page_boundary) {
  Guest g(Mode::X64, R"(
    cld
    mov rdi, 0x200ff0
    xor eax, eax
    mov ecx, 0x100
    repne scasb            ; the zero is at 0x201008: 0x19 bytes scanned
    setz r8b
    mov r9, rdi
    mov r10, rcx
    mov rsi, 0x203ff8
    mov rdi, 0x205ff8
    mov ecx, 0x40
    repe cmpsd             ; dwords differ at index 3 (0x204004 vs 0x206004)
    setz r11b
    hlt
  )");
  for (uint64_t a = kData + 0xff0; a < kData + 0x1008; ++a) g.mem.write_as<uint8_t>(a, 'x');
  for (uint64_t a = kData + 0x1009; a < kData + 0x1100; ++a) g.mem.write_as<uint8_t>(a, 'y');
  for (int k = 0; k < 0x40; ++k) {
    g.mem.write_as<uint32_t>(kData + 0x3ff8 + 4 * k, 100 + k);
    g.mem.write_as<uint32_t>(kData + 0x5ff8 + 4 * k, k == 3 ? 1 : 100 + k);
  }
  Stop s = g.run();
  BOOST_TEST(s.kind == StopKind::Halt);
  BOOST_TEST((g.r(R8) & 0xff) == 1u);
  BOOST_TEST(g.r(R9) == kData + 0x1009);
  BOOST_TEST(g.r(R10) == 0x100u - 0x19u);
  BOOST_TEST((g.r(R11) & 0xff) == 0u);
  BOOST_TEST(g.r(RSI) == kData + 0x3ff8 + 16);
  BOOST_TEST(g.r(RDI) == kData + 0x5ff8 + 16);
  BOOST_TEST(g.r(RCX) == 0x40u - 4u);
  // Flags of the last comparison: 103 - 1 = 102 (no borrow, positive).
  BOOST_TEST((g.c().eflags() & (kCF | kSF | kZF)) == 0u);
}

BOOST_AUTO_TEST_CASE(overlapping_rep_movsb_replicates) {
  Guest g(Mode::X64, R"(
    mov rdi, 0x200000
    mov byte [rdi], 0xab
    mov rsi, rdi
    inc rdi
    mov ecx, 100
    rep movsb
    hlt
  )");
  g.run();
  std::vector<uint8_t> buf(101);
  g.mem.read(kData, buf.data(), buf.size());
  BOOST_TEST(std::count(buf.begin(), buf.end(), 0xab) == 101);
}

BOOST_AUTO_TEST_CASE(rep_movsd_backwards_and_huge_counts_stay_responsive) {
  Guest g(Mode::X86, R"(
    std
    mov esi, 0x200000 + 8
    mov edi, 0x200000 + 0x108
    mov ecx, 3
    rep movsd
    cld
    ; a stosb over the rest of the 64 KiB data area, then into the unmapped page
    mov edi, 0x201000
    xor eax, eax
    mov ecx, 0x20000
    rep stosb
    hlt
  )");
  g.mem.write_as<uint32_t>(kData, 1);
  g.mem.write_as<uint32_t>(kData + 4, 2);
  g.mem.write_as<uint32_t>(kData + 8, 3);
  Stop s = g.run();
  BOOST_TEST(*g.mem.read_as<uint32_t>(kData + 0x100) == 1u);
  BOOST_TEST(*g.mem.read_as<uint32_t>(kData + 0x108) == 3u);
  BOOST_TEST(s.kind == StopKind::Fault);
  BOOST_TEST(s.address == kData + 0x10000);
  // Registers show the progress made before the fault.
  BOOST_TEST(g.r(RDI) == kData + 0x10000);
  BOOST_TEST(g.r(RCX) == 0x20000u - 0xf000u);
}

BOOST_AUTO_TEST_CASE(bcd_adjust) {
  // 0x19 + 0x28 = 0x41 -> daa -> 0x47 (19 + 28 = 47).
  Guest g(Mode::X86, "mov al, 0x19\nadd al, 0x28\ndaa\nmov bl, al\nmov al, 0x47\nsub al, 0x28\ndas\n"
                     "mov cl, al\nmov ax, 0x0205\naad\nmov dl, al\nmov al, 47\naam\nhlt");
  g.run();
  BOOST_TEST((g.r(RBX) & 0xff) == 0x47u);
  BOOST_TEST((g.r(RCX) & 0xff) == 0x19u);
  BOOST_TEST((g.r(RDX) & 0xff) == 25u);
  BOOST_TEST((g.r(RAX) & 0xffff) == 0x0407u);
}

BOOST_AUTO_TEST_CASE(loop_and_jecxz) {
  Guest g(Mode::X86, R"(
    xor eax, eax
    mov ecx, 10
  l1: inc eax
    loop l1
    jecxz done
    mov eax, 99
  done:
    mov ecx, 5
    mov ebx, 0
  l2: inc ebx
    cmp ebx, 3
    loopne l2             ; stops when ebx == 3
    hlt
  )");
  g.run();
  BOOST_TEST(g.r(RAX) == 10u);
  BOOST_TEST(g.r(RBX) == 3u);
  BOOST_TEST(g.r(RCX) == 2u);
}

BOOST_AUTO_TEST_CASE(indirect_calls_and_ret_imm) {
  Guest g(Mode::X64, R"(
    lea rax, [rel fn]
    push 7
    call rax
    mov rbx, rax
    lea rcx, [rel table]
    call [rcx + 8]
    hlt
  fn:
    mov rax, [rsp + 8]
    ret 8
  fn2:
    mov rdx, 55
    ret
  table: dq fn, fn2
  )");
  const uint64_t sp = g.r(RSP);
  Stop s = g.run();
  BOOST_TEST(s.kind == StopKind::Halt);
  BOOST_TEST(g.r(RBX) == 7u);
  BOOST_TEST(g.r(RDX) == 55u);
  BOOST_TEST(g.r(RSP) == sp);
}

BOOST_AUTO_TEST_SUITE_END()
