// Heuristic 6 alone (a dynamic code segment): writes code into read-write
// memory, then makes it execute-read before running it, so no page is ever
// writable and executable at once (heuristics 2 and 21 stay quiet). The
// code is `mov eax, 42; ret`, the same bytes in 32- and 64-bit mode.
#include <string.h>
#include <windows.h>

int main(void) {
  static const unsigned char code[] = {0xB8, 0x2A, 0x00, 0x00, 0x00, 0xC3};
  void* mem = VirtualAlloc(NULL, 0x1000, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
  if (!mem) return 1;
  memcpy(mem, code, sizeof code);
  DWORD old;
  if (!VirtualProtect(mem, 0x1000, PAGE_EXECUTE_READ, &old)) return 2;
  int (*fn)(void) = (int (*)(void))mem;
  return fn() == 42 ? 0 : 3;
}
