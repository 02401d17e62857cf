// Heuristic 15 (Run key persistence, T1547.001) and 5, plus a named mutex
// (dynamic.mutex tag).
#include <string.h>
#include <windows.h>

int main(void) {
  HANDLE mutex = CreateMutexA(NULL, TRUE, "Global\\TriageGuestMutex");
  HKEY key;
  if (RegCreateKeyExA(HKEY_CURRENT_USER, "Software\\Microsoft\\Windows\\CurrentVersion\\Run", 0, NULL, 0,
                      KEY_SET_VALUE, NULL, &key, NULL) != ERROR_SUCCESS)
    return 1;
  static const char path[] = "C:\\Users\\Public\\updater.exe";
  RegSetValueExA(key, "Updater", 0, REG_SZ, (const BYTE*)path, (DWORD)sizeof path);
  RegCloseKey(key);
  if (mutex) CloseHandle(mutex);
  return 0;
}
