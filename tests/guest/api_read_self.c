// Opens its own executable (GetModuleFileName + CreateFile) and reads the
// first two bytes, as droppers that carry their payload in an overlay do.
// Returns 0 when they are "MZ", 1 when the file cannot be opened, 2 when the
// read fails or gives other bytes.
#include <windows.h>

int main(void) {
  char path[MAX_PATH];
  if (!GetModuleFileNameA(NULL, path, sizeof path)) return 3;
  HANDLE f = CreateFileA(path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
  if (f == INVALID_HANDLE_VALUE) return 1;
  char mz[2] = {0, 0};
  DWORD got = 0;
  const BOOL ok = ReadFile(f, mz, sizeof mz, &got, NULL);
  CloseHandle(f);
  return ok && got == 2 && mz[0] == 'M' && mz[1] == 'Z' ? 0 : 2;
}
