// Heuristics 2, 6, 21: allocates PAGE_EXECUTE_READWRITE memory, writes code
// into it and runs it. The code is `mov eax, 42; ret`, the same bytes in
// 32- and 64-bit mode.
#include <string.h>
#include <windows.h>

int main(void) {
  static const unsigned char code[] = {0xB8, 0x2A, 0x00, 0x00, 0x00, 0xC3};
  void* mem = VirtualAlloc(NULL, 0x1000, MEM_COMMIT | MEM_RESERVE, PAGE_EXECUTE_READWRITE);
  if (!mem) return 1;
  memcpy(mem, code, sizeof code);
  int (*fn)(void) = (int (*)(void))mem;
  return fn() == 42 ? 0 : 2;
}
