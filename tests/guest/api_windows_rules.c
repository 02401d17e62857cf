// Documented Windows behaviour of APIs malware leans on, one check each.
// Every failed check reports "FAIL <name>" through OutputDebugStringA (one
// API event with the text); the exit code is the number of failed checks, so
// 0 means every rule held. The expectations are Windows' documented
// results (MSDN), not the emulator's.
// guest-flags: -lwininet -loleaut32 -lshell32 -ladvapi32 -lmpr -luser32 -lgdi32
#include <windows.h>
#include <oleauto.h>
#include <shlobj.h>
#include <stdio.h>  // snprintf
#include <string.h>
#include <wininet.h>
#include <winnetwk.h>

static int failures;
static int check_index;

static void check(int ok, const char* name) {
  if (!ok) {
    char line[96];
    snprintf(line, sizeof line, "FAIL %s", name);
    OutputDebugStringA(line);
    ++failures;
  }
  ++check_index;
}

// FindClose accepts only search handles (INVALID_HANDLE_VALUE from a failed
// FindFirstFile is an invalid handle).
static void find_close_rejects_invalid_handle(void) {
  SetLastError(0);
  const BOOL r = FindClose(INVALID_HANDLE_VALUE);
  check(!r && GetLastError() == ERROR_INVALID_HANDLE, "find_close_invalid_handle");
}

static void touch(const char* path) {
  HANDLE h = CreateFileA(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
  DWORD n;
  WriteFile(h, "x", 1, &n, NULL);
  CloseHandle(h);
}

// FindFirstFile matches the name part of its pattern: '*' any run, '?' one
// character.
static void find_first_file_matches_the_pattern(void) {
  CreateDirectoryA("C:\\rules", NULL);
  touch("C:\\rules\\alpha.txt");
  touch("C:\\rules\\b.dat");
  WIN32_FIND_DATAA d;
  HANDLE h = FindFirstFileA("C:\\rules\\*.txt", &d);
  check(h != INVALID_HANDLE_VALUE && strcmp(d.cFileName, "alpha.txt") == 0, "find_star_ext");
  if (h != INVALID_HANDLE_VALUE) {
    SetLastError(0);
    check(!FindNextFileA(h, &d) && GetLastError() == ERROR_NO_MORE_FILES, "find_star_ext_only_one");
    FindClose(h);
  }
  h = FindFirstFileA("C:\\rules\\?.dat", &d);
  check(h != INVALID_HANDLE_VALUE && strcmp(d.cFileName, "b.dat") == 0, "find_question_mark");
  if (h != INVALID_HANDLE_VALUE) FindClose(h);
  h = FindFirstFileA("C:\\rules\\*.exe", &d);
  check(h == INVALID_HANDLE_VALUE && GetLastError() == ERROR_FILE_NOT_FOUND, "find_no_match");
  int count = 0;
  h = FindFirstFileA("C:\\rules\\*.*", &d);
  if (h != INVALID_HANDLE_VALUE) {
    do ++count; while (FindNextFileA(h, &d));
    FindClose(h);
  }
  check(count == 2, "find_star_dot_star");
  // The system DLLs are in the system directory.
  int system_dlls = 0;
  h = FindFirstFileA("C:\\Windows\\System32\\*.dll", &d);
  if (h != INVALID_HANDLE_VALUE) {
    do system_dlls += _stricmp(d.cFileName, "kernel32.dll") == 0 || _stricmp(d.cFileName, "ntdll.dll") == 0;
    while (FindNextFileA(h, &d));
    FindClose(h);
  }
  check(system_dlls == 2, "find_system_dlls");
}

// The user's folders are in HKCU\...\Explorer\Shell Folders, the same paths
// SHGetFolderPath answers.
static void shell_folders_match_sh_get_folder_path(void) {
  HKEY k;
  char value[MAX_PATH] = {0}, shell[MAX_PATH] = {0};
  DWORD size = sizeof value, type = 0;
  const LONG open = RegOpenKeyExA(HKEY_CURRENT_USER,
                                  "Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\Shell Folders", 0,
                                  KEY_READ, &k);
  check(open == ERROR_SUCCESS, "shell_folders_key");
  if (open != ERROR_SUCCESS) return;
  const LONG q = RegQueryValueExA(k, "AppData", NULL, &type, (BYTE*)value, &size);
  SHGetFolderPathA(NULL, CSIDL_APPDATA, NULL, 0, shell);
  check(q == ERROR_SUCCESS && type == REG_SZ && strcmp(value, shell) == 0, "shell_folders_appdata");
  size = sizeof value;
  SHGetFolderPathA(NULL, CSIDL_RECENT, NULL, 0, shell);
  check(RegQueryValueExA(k, "Recent", NULL, &type, (BYTE*)value, &size) == ERROR_SUCCESS &&
            strcmp(value, shell) == 0, "shell_folders_recent");
  RegCloseKey(k);
}

// InternetCrackUrl: a NULL pointer with a non-zero length asks for a pointer
// into the caller's string; a buffer gets a copy; the extra info is split
// off only when asked for.
static void internet_crack_url_fields(void) {
  const char* url = "http://user:pw@host.example:8080/dir/x.php?q=1";
  URL_COMPONENTSA u;
  memset(&u, 0, sizeof u);
  u.dwStructSize = sizeof u;
  u.dwHostNameLength = 1;
  u.dwUrlPathLength = 1;
  u.dwExtraInfoLength = 1;
  u.dwUserNameLength = 1;
  check(InternetCrackUrlA(url, 0, 0, &u) == TRUE, "crack_ok");
  check(u.lpszHostName == url + 15 && u.dwHostNameLength == 12, "crack_host_pointer");
  check(u.nPort == 8080 && u.nScheme == INTERNET_SCHEME_HTTP, "crack_port_scheme");
  check(u.lpszUserName == url + 7 && u.dwUserNameLength == 4, "crack_user");
  check(u.lpszUrlPath == url + 32 && u.dwUrlPathLength == 10, "crack_path");
  check(u.lpszExtraInfo == url + 42 && u.dwExtraInfoLength == 4, "crack_extra");

  char host[64], path[64];
  memset(&u, 0, sizeof u);
  u.dwStructSize = sizeof u;
  u.lpszHostName = host;
  u.dwHostNameLength = sizeof host;
  u.lpszUrlPath = path;
  u.dwUrlPathLength = sizeof path;
  check(InternetCrackUrlA("https://example.org/a/b?c=d", 0, 0, &u) == TRUE, "crack_buffers_ok");
  check(strcmp(host, "example.org") == 0 && u.dwHostNameLength == 11, "crack_host_copy");
  check(strcmp(path, "/a/b?c=d") == 0 && u.nPort == 443, "crack_path_keeps_extra");

  const char* bare = "http://bendes.co.uk";
  memset(&u, 0, sizeof u);
  u.dwStructSize = sizeof u;
  u.dwUrlPathLength = 1;
  check(InternetCrackUrlA(bare, 0, 0, &u) == TRUE && u.dwUrlPathLength == 0 && u.lpszUrlPath == bare + 19,
        "crack_empty_path");
}

// A view of a section larger than its file covers the whole section.
static void map_view_covers_the_section(void) {
  HANDLE f = CreateFileA("C:\\rules\\mapped.bin", GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
  HANDLE m = CreateFileMappingA(f, NULL, PAGE_READWRITE, 0, 0x3000, NULL);
  unsigned char* view = m ? (unsigned char*)MapViewOfFile(m, FILE_MAP_WRITE, 0, 0, 0) : NULL;
  check(view != NULL, "map_view");
  if (view) {
    view[0x2FFF] = 0x5A;
    check(view[0x2FFF] == 0x5A, "map_view_whole_section");
    UnmapViewOfFile(view);
  }
  if (m) CloseHandle(m);
  CloseHandle(f);
}

// PAGE_GUARD needs a base protection and never goes with PAGE_NOACCESS.
static void page_protection_rules(void) {
  unsigned char* p = (unsigned char*)VirtualAlloc(NULL, 0x1000, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
  DWORD old = 0;
  SetLastError(0);
  check(!VirtualProtect(p, 4, PAGE_GUARD, &old) && GetLastError() == ERROR_INVALID_PARAMETER, "protect_guard_alone");
  check(!VirtualProtect(p, 4, PAGE_NOACCESS | PAGE_GUARD, &old), "protect_noaccess_guard");
  check(!VirtualProtect(p, 4, PAGE_READONLY | PAGE_READWRITE, &old), "protect_two_bases");
  p[0] = 1;  // still writable: the failed calls changed nothing
  check(VirtualProtect(p, 4, PAGE_READONLY, &old) && old == PAGE_READWRITE, "protect_readonly");
  check(VirtualAlloc(NULL, 0x1000, MEM_COMMIT | MEM_RESERVE, 0) == NULL, "alloc_without_protection");
}

// Sleeping moves every clock by at least the time slept.
static void sleep_moves_the_clocks(void) {
  LARGE_INTEGER f, a, b;
  QueryPerformanceFrequency(&f);
  QueryPerformanceCounter(&a);
  const DWORD t0 = GetTickCount();
  Sleep(5000);
  const DWORD t1 = GetTickCount();
  QueryPerformanceCounter(&b);
  check(t1 - t0 >= 5000 && t1 - t0 < 6000, "sleep_tick_count");
  check((b.QuadPart - a.QuadPart) / f.QuadPart >= 5, "sleep_performance_counter");
}

// SysReAllocStringLen replaces the string with `len` characters of the source.
static void bstr_reallocation(void) {
  BSTR b = SysAllocString(L"abc");
  check(SysReAllocStringLen(&b, L"hello world", 5) == TRUE && SysStringLen(b) == 5 && wcscmp(b, L"hello") == 0,
        "bstr_realloc_len");
  check(SysReAllocString(&b, L"xy") == TRUE && SysStringLen(b) == 2 && SysStringByteLen(b) == 4, "bstr_realloc");
  SysFreeString(b);
}

// LoadLibrary runs DllMain(DLL_PROCESS_ATTACH) before it returns. The DLL is
// written to disk first, as droppers do (the test provides its bytes at
// C:\payload\marker.dll).
static void load_library_runs_dll_main(void) {
  check(CopyFileA("C:\\payload\\marker.dll", "C:\\Users\\Public\\marker.dll", FALSE), "dll_copy");
  HMODULE m = LoadLibraryA("C:\\Users\\Public\\marker.dll");
  char mark[32] = {0};
  GetEnvironmentVariableA("DLLMAIN_MARK", mark, sizeof mark);
  check(m != NULL && strcmp(mark, "attached") == 0, "dll_main_ran");
  int (*value)(void) = m ? (int (*)(void))GetProcAddress(m, "marker_value") : NULL;
  check(value && value() == 0x4d41524b, "dll_export_runs");
}

// A completion port hands back posted packets in order; an empty one times
// out with WAIT_TIMEOUT and a NULL OVERLAPPED pointer.
static void io_completion_port_queue(void) {
  HANDLE port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 1);
  check(port != NULL, "iocp_create");
  if (!port) return;
  PostQueuedCompletionStatus(port, 5, 7, (LPOVERLAPPED)0x1234);
  DWORD bytes = 0;
  ULONG_PTR key = 0;
  LPOVERLAPPED ov = NULL;
  check(GetQueuedCompletionStatus(port, &bytes, &key, &ov, 0) && bytes == 5 && key == 7 && ov == (LPOVERLAPPED)0x1234,
        "iocp_dequeue");
  ov = (LPOVERLAPPED)1;
  check(!GetQueuedCompletionStatus(port, &bytes, &key, &ov, 0) && GetLastError() == WAIT_TIMEOUT && ov == NULL,
        "iocp_empty_times_out");
  CloseHandle(port);
}

// Network enumeration on a machine without shares: the enumeration opens and
// is at once exhausted.
static void network_enumeration_is_empty(void) {
  HANDLE e = NULL;
  check(WNetOpenEnumW(RESOURCE_GLOBALNET, RESOURCETYPE_ANY, 0, NULL, &e) == NO_ERROR && e != NULL, "wnet_open");
  DWORD count = 0xFFFFFFFF, size = 4096;
  char buffer[4096];
  check(WNetEnumResourceW(e, &count, buffer, &size) == ERROR_NO_MORE_ITEMS && WNetCloseEnum(e) == NO_ERROR,
        "wnet_enum_exhausted");
}

// Private profile files: written values read back, case-insensitive names,
// defaults for what is missing, a name without a path in the Windows folder.
static void private_profile_round_trip(void) {
  char value[64];
  check(WritePrivateProfileStringA("Config", "Server", "evil.example", "settings.ini"), "ini_write");
  WritePrivateProfileStringA("Config", "Port", "8080", "settings.ini");
  DWORD n = GetPrivateProfileStringA("config", "SERVER", "none", value, sizeof value, "settings.ini");
  check(n == 12 && strcmp(value, "evil.example") == 0, "ini_read_back");
  check(GetPrivateProfileIntA("Config", "Port", 1, "C:\\Windows\\settings.ini") == 8080, "ini_int_windows_dir");
  n = GetPrivateProfileStringA("Config", "Missing", "fallback", value, sizeof value, "settings.ini");
  check(n == 8 && strcmp(value, "fallback") == 0 && GetPrivateProfileIntA("Nope", "x", 7, "settings.ini") == 7,
        "ini_defaults");
  n = GetPrivateProfileStringA("Config", "Server", "", value, 5, "settings.ini");
  check(n == 4 && strcmp(value, "evil") == 0, "ini_truncates");
}

// The window menu exists for a window; removing its Close item succeeds.
static void system_menu_items(void) {
  HMENU menu = GetSystemMenu(GetDesktopWindow(), FALSE);
  check(menu != NULL && DeleteMenu(menu, SC_CLOSE, MF_BYCOMMAND), "system_menu_delete");
  check(!DeleteMenu((HMENU)0x1234, SC_CLOSE, MF_BYCOMMAND), "delete_menu_bad_handle");
  HDC dc = CreateDCA("DISPLAY", NULL, NULL, NULL);  // the screen's device context
  check(dc != NULL && DeleteDC(dc), "create_dc_display");
}

// Started like Explorer starts a program, argv[0] is the program's full path.
static void command_line_starts_with_the_program_path(void) {
  const char* cl = GetCommandLineA();
  char path[MAX_PATH];
  GetModuleFileNameA(NULL, path, sizeof path);
  const size_t n = strlen(path);
  check(cl[0] == '"' && strncmp(cl + 1, path, n) == 0 && cl[n + 1] == '"', "command_line_program_path");
}

int main(void) {
  find_close_rejects_invalid_handle();
  find_first_file_matches_the_pattern();
  shell_folders_match_sh_get_folder_path();
  internet_crack_url_fields();
  map_view_covers_the_section();
  page_protection_rules();
  sleep_moves_the_clocks();
  bstr_reallocation();
  load_library_runs_dll_main();
  io_completion_port_queue();
  network_enumeration_is_empty();
  private_profile_round_trip();
  system_menu_items();
  command_line_starts_with_the_program_path();
  char done[32];
  snprintf(done, sizeof done, "checks: %d", check_index);
  OutputDebugStringA(done);
  return failures;
}
