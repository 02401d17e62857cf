// Heuristic 20 (with 2 and 6): makes its own data section writable and
// executable, writes code there (as an unpacker does over its sections)
// and runs it. The code is `mov eax, 7; ret` in both modes.
#include <windows.h>

static unsigned char cave[64] = {1};  // in the image's .data, not on the heap

int main(void) {
  DWORD old = 0;
  if (!VirtualProtect(cave, sizeof cave, PAGE_EXECUTE_READWRITE, &old)) return 1;
  const unsigned char code[] = {0xB8, 0x07, 0x00, 0x00, 0x00, 0xC3};
  for (unsigned i = 0; i < sizeof code; ++i) cave[i] = code[i];
  int (*fn)(void) = (int (*)(void))(void*)cave;
  return fn() == 7 ? 0 : 2;
}
