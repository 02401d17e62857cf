// Heuristic 4: resolves 40 kernel32 functions with GetProcAddress, more
// than the default GETPROCADDR_THRESHOLD (30).
#include <windows.h>

static const char* const names[] = {
    "GetTickCount",        "GetCurrentProcessId", "GetCurrentThreadId",   "GetLastError",        "SetLastError",
    "Sleep",               "CreateFileA",         "ReadFile",             "WriteFile",           "CloseHandle",
    "GetFileSize",         "SetFilePointer",      "GetTempPathA",         "GetWindowsDirectoryA", "GetSystemDirectoryA",
    "lstrlenA",            "lstrcpyA",            "lstrcatA",             "lstrcmpiA",           "GetModuleHandleA",
    "GetModuleFileNameA",  "LoadLibraryA",        "FreeLibrary",          "VirtualAlloc",        "VirtualFree",
    "HeapAlloc",           "HeapFree",            "GetProcessHeap",       "GetCommandLineA",     "GetVersionExA",
    "GetEnvironmentVariableA", "ExitProcess",     "FindFirstFileA",       "FindNextFileA",       "FindClose",
    "MultiByteToWideChar", "WideCharToMultiByte", "GetSystemTimeAsFileTime", "QueryPerformanceCounter",
    "GetComputerNameA"};

int main(void) {
  HMODULE k32 = GetModuleHandleA("kernel32.dll");
  int found = 0;
  for (unsigned i = 0; i < sizeof names / sizeof names[0]; ++i)
    if (GetProcAddress(k32, names[i])) ++found;
  return found > 0 ? 0 : 1;
}
