// Shared by the injection guest programs (triage_remote_thread,
// triage_thread_hijack, triage_apc_injection): open a process to inject
// into and put bytes into it, the steps every injection starts with.
// Functions are static: each program is built alone from its .c file.
#pragma once

#include <windows.h>
#include <tlhelp32.h>

// Process id of the first process named `name` (a Toolhelp snapshot walk,
// as malware does it), 0 if none.
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

// explorer.exe opened with every right (pid 1234 when the process list
// lacks it, so the steps that follow still run); NULL on failure.
static HANDLE open_target_process(void) {
  DWORD pid = find_process("explorer.exe");
  return OpenProcess(PROCESS_ALL_ACCESS, FALSE, pid ? pid : 1234);
}

// Allocates `size` bytes in `proc` with `protect` and writes `data` there:
// the remote write the injection heuristics look for. NULL if the
// allocation failed.
static void* write_into_process(HANDLE proc, const void* data, SIZE_T size, DWORD protect) {
  void* remote = VirtualAllocEx(proc, NULL, size < 0x1000 ? 0x1000 : size, MEM_COMMIT | MEM_RESERVE, protect);
  if (remote) WriteProcessMemory(proc, remote, data, size, NULL);
  return remote;
}
