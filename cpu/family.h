// Instruction families: each one registers its selectors into the
// Registry (cpu/decoder.h). They are called in this order, so a later family
// may replace a selector of an earlier one for the same mnemonic:
//   integer families (cpu/ops_*.cpp), basic SSE moves (cpu/sse_moves.cpp),
//   then register_sse (cpu/sse_select.cpp) and register_x87 (cpu/x87_select.cpp).
// cpu/sse_select.cpp and cpu/x87_select.cpp ship empty; the SSE and x87
// families replace those two files and add their own cpu/sse_*.cpp /
// cpu/x87*.cpp without touching anything else.
#pragma once

#include "cpu/decoder.h"

namespace emu::cpu {

void register_alu(Registry& r);      // ops_alu.cpp: add..cmp, inc/dec/neg/not, mul/div, BCD
void register_data(Registry& r);     // ops_data.cpp: mov family, xchg, cmpxchg, push/pop, ...
void register_shift(Registry& r);    // ops_shift.cpp: shifts, rotates, shld/shrd
void register_bit(Registry& r);      // ops_bit.cpp: bt*, bsf/bsr, tzcnt/lzcnt/popcnt, BMI1
void register_control(Registry& r);  // ops_control.cpp: jmp/jcc/call/ret/loop
void register_stack(Registry& r);    // ops_stack.cpp: push/pop family, pushf/popf, enter/leave
void register_string(Registry& r);   // ops_string.cpp: movs/stos/lods/scas/cmps
void register_system(Registry& r);   // ops_system.cpp: flags, cpuid, rdtsc, int, nop, ...
void register_sse_moves(Registry& r);  // sse_moves.cpp: movdqa/movdqu/movaps/movups, pxor

void register_sse(Registry& r);  // cpu/sse_select.cpp (SSE..SSE4.2 family)
void register_x87(Registry& r);  // cpu/x87_select.cpp (x87 family)

}  // namespace emu::cpu
