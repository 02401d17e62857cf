// Calls code it copied into a heap block (mov eax, 42; ret). Linked without
// the NX-compatible flag: a 32-bit Windows 7 process then runs without DEP and
// the call returns 42; a 64-bit process always has DEP, so the call faults.
// guest-flags: -Wl,--disable-nxcompat
#include <string.h>
#include <windows.h>

int main(void) {
  static const unsigned char code[] = {0xB8, 0x2A, 0x00, 0x00, 0x00, 0xC3};
  void* block = HeapAlloc(GetProcessHeap(), 0, sizeof code);
  if (!block) return 1;
  memcpy(block, code, sizeof code);
  int (*fn)(void) = (int (*)(void))block;
  return fn();
}
