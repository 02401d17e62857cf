// Heuristic 3: loads DLLs from the default SUS_DLLS list at run time.
#include <windows.h>

int main(void) {
  HMODULE a = LoadLibraryA("ws2_32.dll");
  HMODULE b = LoadLibraryA("WININET.dll");
  if (a) FreeLibrary(a);
  if (b) FreeLibrary(b);
  return 0;
}
