// Heuristic 11 (APC injection, T1055.004) and 5: writes code into another
// process and queues an APC to one of its threads.
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
  if (!proc) return 1;
  static const unsigned char code[] = {0x90, 0x90, 0xC3};
  void* remote = VirtualAllocEx(proc, NULL, 0x1000, MEM_COMMIT | MEM_RESERVE, PAGE_EXECUTE_READ);
  WriteProcessMemory(proc, remote, code, sizeof code, NULL);
  HANDLE thread = OpenThread(THREAD_SET_CONTEXT, FALSE, 1238);
  if (!thread) return 2;
  QueueUserAPC((PAPCFUNC)remote, thread, 0);
  CloseHandle(thread);
  CloseHandle(proc);
  return 0;
}
