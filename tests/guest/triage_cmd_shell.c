// Heuristic 22 (command shell, T1059.003) and 5: runs cmd.exe.
#include <string.h>
#include <windows.h>

int main(void) {
  STARTUPINFOA si;
  PROCESS_INFORMATION pi;
  memset(&si, 0, sizeof si);
  si.cb = sizeof si;
  char cmd[] = "cmd.exe /c whoami > C:\\Users\\Public\\who.txt";
  if (!CreateProcessA(NULL, cmd, NULL, NULL, FALSE, CREATE_NO_WINDOW, NULL, NULL, &si, &pi)) return 1;
  WaitForSingleObject(pi.hProcess, 5000);
  CloseHandle(pi.hThread);
  CloseHandle(pi.hProcess);
  return 0;
}
