// A DLL with two exports and a DllMain that accepts every reason.
#include <windows.h>

__declspec(dllexport) int add_numbers(int a, int b) { return a + b; }
__declspec(dllexport) unsigned int magic_value(void) { return 0x41414141u; }

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved) {
  (void)instance; (void)reason; (void)reserved;
  return TRUE;
}
