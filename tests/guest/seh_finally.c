// __finally blocks on the unwind path of an exception handled further up.
//
// seh_outer calls seh_middle calls seh_inner, which faults writing address 0.
//   seh_inner:  __try { __try { __try { fault } __finally { "finally inner 1" } }
//                       __except (filter_inner: continue search) { never } }
//               __finally { "finally inner 2" }
//   seh_middle: __try { seh_inner() } __finally { "finally middle" }
//   seh_outer:  __try { __try { seh_middle() } __finally { "finally outer" } }
//               __except (filter_outer: execute handler) { "except outer" }
//               plus a __finally whose range does not cover the call (never runs).
// Windows runs the filters innermost first (first pass), then unwinds from
// the faulting frame up to the handling one, running every __finally on the
// way innermost first, and only then enters the __except block:
//   filter inner, filter outer, finally inner 1, finally inner 2,
//   finally middle, finally outer, except outer c0000005, after.
// Each step is an OutputDebugStringA call, so the report lists the order.
//
// mingw-w64 gcc has no __try/__finally, so the functions are written in
// assembly with the data MSVC would emit: on x64 a __C_specific_handler
// scope table in the unwind info (mingw's own __try1 emits the same kind),
// on x86 an _except_handler3 registration with its scope table.
#include <windows.h>

static void mark(const char* s) { OutputDebugStringA(s); }

__attribute__((used)) void fin_inner1(void) { mark("finally inner 1"); }
__attribute__((used)) void fin_inner2(void) { mark("finally inner 2"); }
__attribute__((used)) void fin_middle(void) { mark("finally middle"); }
__attribute__((used)) void fin_outer(void) { mark("finally outer"); }
__attribute__((used)) void fin_never(void) { mark("finally out of range"); }
__attribute__((used)) long filter_inner(EXCEPTION_POINTERS* p) {
  (void)p;
  mark("filter inner");
  return EXCEPTION_CONTINUE_SEARCH;
}
__attribute__((used)) long filter_outer(EXCEPTION_POINTERS* p) {
  mark("filter outer");
  return p->ExceptionRecord->ExceptionCode == EXCEPTION_ACCESS_VIOLATION ? EXCEPTION_EXECUTE_HANDLER
                                                                          : EXCEPTION_CONTINUE_SEARCH;
}
__attribute__((used)) void except_outer(unsigned long code) {
  mark(code == EXCEPTION_ACCESS_VIOLATION ? "except outer c0000005" : "except outer, wrong code");
}
__attribute__((used)) void except_inner(void) { mark("except inner (wrong)"); }

int seh_outer(void);

#if defined(__x86_64__)
// Termination handlers are called as handler(AbnormalTermination, EstablisherFrame),
// filters as filter(ExceptionPointers, EstablisherFrame): plain functions.
__asm__(
    ".intel_syntax noprefix\n"
    ".text\n"
    // seh_inner
    ".def seh_inner; .scl 3; .type 32; .endef\n"
    ".seh_proc seh_inner\n"
    "seh_inner:\n"
    "  push rbp\n"
    "  .seh_pushreg rbp\n"
    "  sub rsp, 32\n"
    "  .seh_stackalloc 32\n"
    "  .seh_endprologue\n"
    "inner_begin:\n"
    "  xor eax, eax\n"
    "  mov dword ptr [rax], 1\n"
    "  nop\n"
    "inner_end:\n"
    "  add rsp, 32\n"
    "  pop rbp\n"
    "  ret\n"
    "inner_except:\n"
    "  call except_inner\n"
    "  add rsp, 32\n"
    "  pop rbp\n"
    "  ret\n"
    "  .seh_handler __C_specific_handler, @except, @unwind\n"
    "  .seh_handlerdata\n"
    "  .long 3\n"
    "  .rva inner_begin, inner_end, fin_inner1\n  .long 0\n"
    "  .rva inner_begin, inner_end, filter_inner, inner_except\n"
    "  .rva inner_begin, inner_end, fin_inner2\n  .long 0\n"
    "  .text\n"
    "  .seh_endproc\n"
    // seh_middle
    ".def seh_middle; .scl 3; .type 32; .endef\n"
    ".seh_proc seh_middle\n"
    "seh_middle:\n"
    "  push rbp\n"
    "  .seh_pushreg rbp\n"
    "  sub rsp, 32\n"
    "  .seh_stackalloc 32\n"
    "  .seh_endprologue\n"
    "middle_begin:\n"
    "  call seh_inner\n"
    "  nop\n"
    "middle_end:\n"
    "  add rsp, 32\n"
    "  pop rbp\n"
    "  ret\n"
    "  .seh_handler __C_specific_handler, @except, @unwind\n"
    "  .seh_handlerdata\n"
    "  .long 1\n"
    "  .rva middle_begin, middle_end, fin_middle\n  .long 0\n"
    "  .text\n"
    "  .seh_endproc\n"
    // seh_outer
    ".globl seh_outer\n"
    ".def seh_outer; .scl 2; .type 32; .endef\n"
    ".seh_proc seh_outer\n"
    "seh_outer:\n"
    "  push rbp\n"
    "  .seh_pushreg rbp\n"
    "  sub rsp, 32\n"
    "  .seh_stackalloc 32\n"
    "  .seh_endprologue\n"
    "outer_begin:\n"
    "  call seh_middle\n"
    "  nop\n"
    "outer_end:\n"
    "  xor eax, eax\n"
    "outer_done:\n"
    "  add rsp, 32\n"
    "  pop rbp\n"
    "  ret\n"
    "outer_except:\n"
    "  mov ecx, eax\n"  // the exception code, as __C_specific_handler leaves it
    "  call except_outer\n"
    "  mov eax, 1\n"
    "  jmp outer_done\n"
    "  .seh_handler __C_specific_handler, @except, @unwind\n"
    "  .seh_handlerdata\n"
    "  .long 3\n"
    "  .rva outer_begin, outer_end, fin_outer\n  .long 0\n"
    "  .rva outer_done, outer_except, fin_never\n  .long 0\n"
    "  .rva outer_begin, outer_end, filter_outer, outer_except\n"
    "  .text\n"
    "  .seh_endproc\n"
    ".att_syntax prefix\n");
#elif defined(__i386__)
// MSVC's x86 frame for _except_handler3: [ebp-4] try level, [ebp-8] scope
// table, [ebp-0Ch] handler, [ebp-10h] previous registration, [ebp-14h]
// EXCEPTION_POINTERS, [ebp-18h] saved esp. Scope records are {enclosing
// level, filter (0 for __finally), handler}; filter and __finally funclets
// run with the frame's ebp, the __except block is jumped to.
__asm__(
    ".intel_syntax noprefix\n"
    ".text\n"
    // seh_inner
    "_seh_inner:\n"
    "  push ebp\n"
    "  mov ebp, esp\n"
    "  push -1\n"
    "  push offset inner_scopes\n"
    "  push offset __except_handler3\n"
    "  push dword ptr fs:[0]\n"
    "  mov dword ptr fs:[0], esp\n"
    "  sub esp, 8\n"
    "  mov dword ptr [ebp-0x18], esp\n"
    "  mov dword ptr [ebp-4], 2\n"
    "  xor eax, eax\n"
    "  mov dword ptr [eax], 1\n"
    "  mov dword ptr [ebp-4], -1\n"
    "inner_leave:\n"
    "  mov ecx, dword ptr [ebp-0x10]\n"
    "  mov dword ptr fs:[0], ecx\n"
    "  mov esp, ebp\n"
    "  pop ebp\n"
    "  ret\n"
    "inner_fin1:\n"
    "  call _fin_inner1\n"
    "  ret\n"
    "inner_fin2:\n"
    "  call _fin_inner2\n"
    "  ret\n"
    "inner_filter:\n"
    "  push dword ptr [ebp-0x14]\n"
    "  call _filter_inner\n"
    "  add esp, 4\n"
    "  ret\n"
    "inner_handler:\n"
    "  mov esp, dword ptr [ebp-0x18]\n"
    "  call _except_inner\n"
    "  jmp inner_leave\n"
    // seh_middle
    "_seh_middle:\n"
    "  push ebp\n"
    "  mov ebp, esp\n"
    "  push -1\n"
    "  push offset middle_scopes\n"
    "  push offset __except_handler3\n"
    "  push dword ptr fs:[0]\n"
    "  mov dword ptr fs:[0], esp\n"
    "  sub esp, 8\n"
    "  mov dword ptr [ebp-0x18], esp\n"
    "  mov dword ptr [ebp-4], 0\n"
    "  call _seh_inner\n"
    "  mov dword ptr [ebp-4], -1\n"
    "  mov ecx, dword ptr [ebp-0x10]\n"
    "  mov dword ptr fs:[0], ecx\n"
    "  mov esp, ebp\n"
    "  pop ebp\n"
    "  ret\n"
    "middle_fin:\n"
    "  call _fin_middle\n"
    "  ret\n"
    // seh_outer
    ".globl _seh_outer\n"
    "_seh_outer:\n"
    "  push ebp\n"
    "  mov ebp, esp\n"
    "  push -1\n"
    "  push offset outer_scopes\n"
    "  push offset __except_handler3\n"
    "  push dword ptr fs:[0]\n"
    "  mov dword ptr fs:[0], esp\n"
    "  sub esp, 8\n"
    "  mov dword ptr [ebp-0x18], esp\n"
    "  mov dword ptr [ebp-4], 1\n"
    "  call _seh_middle\n"
    "  mov dword ptr [ebp-4], -1\n"
    "  xor eax, eax\n"
    "outer_leave:\n"
    "  mov ecx, dword ptr [ebp-0x10]\n"
    "  mov dword ptr fs:[0], ecx\n"
    "  mov esp, ebp\n"
    "  pop ebp\n"
    "  ret\n"
    "outer_fin:\n"
    "  call _fin_outer\n"
    "  ret\n"
    "outer_filter:\n"
    "  push dword ptr [ebp-0x14]\n"
    "  call _filter_outer\n"
    "  add esp, 4\n"
    "  ret\n"
    "outer_handler:\n"
    "  mov esp, dword ptr [ebp-0x18]\n"
    "  mov dword ptr [ebp-4], -1\n"
    "  mov eax, dword ptr [ebp-0x14]\n"  // GetExceptionCode()
    "  mov eax, dword ptr [eax]\n"
    "  push dword ptr [eax]\n"
    "  call _except_outer\n"
    "  add esp, 4\n"
    "  mov eax, 1\n"
    "  jmp outer_leave\n"
    ".section .rdata,\"dr\"\n"
    ".align 4\n"
    "inner_scopes:\n"
    "  .long -1, 0, inner_fin2\n"                      // level 0: __finally
    "  .long 0, inner_filter, inner_handler\n"         // level 1: __except (continue search)
    "  .long 1, 0, inner_fin1\n"                       // level 2: __finally
    "middle_scopes:\n"
    "  .long -1, 0, middle_fin\n"
    "outer_scopes:\n"
    "  .long -1, outer_filter, outer_handler\n"        // level 0: __except
    "  .long 0, 0, outer_fin\n"                        // level 1: __finally inside it
    ".text\n"
    ".att_syntax prefix\n");
#endif

int main(void) {
  const int r = seh_outer();
  mark(r == 1 ? "after" : "after, no exception");
  return 0;
}
