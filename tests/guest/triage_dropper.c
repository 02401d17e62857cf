// Heuristic 19: writes an executable file (an MZ header) to disk.
#include <windows.h>

int main(void) {
  HANDLE f = CreateFileA("C:\\Users\\Public\\dropped.exe", GENERIC_WRITE, 0, NULL, CREATE_ALWAYS,
                         FILE_ATTRIBUTE_NORMAL, NULL);
  if (f == INVALID_HANDLE_VALUE) return 1;
  static const unsigned char mz[64] = {'M', 'Z', 0x90, 0x00};
  DWORD written = 0;
  WriteFile(f, mz, sizeof mz, &written, NULL);
  CloseHandle(f);
  return 0;
}
