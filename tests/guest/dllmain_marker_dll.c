// A DLL whose DllMain leaves a mark the loading program can see: on
// PROCESS_ATTACH it sets the environment variable DLLMAIN_MARK to "attached".
#include <windows.h>

__declspec(dllexport) int marker_value(void) { return 0x4d41524b; }

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved) {
  (void)instance; (void)reserved;
  if (reason == DLL_PROCESS_ATTACH) SetEnvironmentVariableA("DLLMAIN_MARK", "attached");
  return TRUE;
}
