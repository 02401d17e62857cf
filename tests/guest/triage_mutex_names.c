// Run indicators (no heuristic): named mutexes become dynamic.mutex tags.
// The ANSI name holds bytes above 0x7F (Windows-1252 / Latin-1 "café-Été"),
// which must be read as one byte per character, never as UTF-16; the wide
// name holds U+00E9.
#include <windows.h>

int main(void) {
  HANDLE a = CreateMutexA(NULL, FALSE, "Global\\caf\xe9-\xc9t\xe9");
  HANDLE b = CreateMutexW(NULL, FALSE, L"Global\\wide-\x00e9t\x00e9");
  HANDLE c = OpenMutexA(SYNCHRONIZE, FALSE, "Global\\caf\xe9-\xc9t\xe9");
  return a && b && c ? 0 : 1;
}
