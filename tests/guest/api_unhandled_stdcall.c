// Calls an API the emulator has no handler for (gdi32!PatBlt, stdcall with
// six 4-byte arguments) and returns how far the stack pointer moved across
// the call: 0 when the callee popped its arguments as stdcall requires. The
// call is written in assembly so that the compiler cannot re-balance the
// stack after it. x64 has one calling convention (the caller cleans up):
// there the call is plain C.
// guest-flags: -lgdi32
#include <windows.h>

int main(void) {
#if defined(__i386__)
  void* fn = (void*)&PatBlt;
  unsigned moved;
  __asm__ volatile(
      "mov %%esp, %%esi\n\t"
      "push $0x00F00021\n\t"  // PATCOPY
      "push $4\n\t"
      "push $3\n\t"
      "push $2\n\t"
      "push $1\n\t"
      "push $0\n\t"
      "call *%1\n\t"
      "mov %%esi, %%eax\n\t"
      "sub %%esp, %%eax\n\t"
      "mov %%esi, %%esp\n\t"
      : "=a"(moved)
      : "r"(fn)
      : "esi", "ecx", "edx", "memory");
  return (int)moved;
#else
  return PatBlt(NULL, 0, 1, 2, 3, PATCOPY) ? 1 : 0;
#endif
}
