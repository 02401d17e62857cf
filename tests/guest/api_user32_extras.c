// user32: icons and cursors as handles, one monitor enumerated through a
// guest callback, OEM (437) <-> ANSI (1252) conversion, WinHelp.
// Returns 0, or the number of the first failed check.
// guest-flags: -lgdi32
#include <windows.h>

#define CHECK(n, cond) if (!(cond)) return n

static int calls;
static RECT seen;
static LPARAM seen_data;
static HMONITOR seen_mon;

static BOOL CALLBACK on_monitor(HMONITOR mon, HDC dc, LPRECT rc, LPARAM data) {
  (void)dc;
  ++calls;
  seen = *rc;
  seen_data = data;
  seen_mon = mon;
  return TRUE;
}
static BOOL CALLBACK stop_at_once(HMONITOR mon, HDC dc, LPRECT rc, LPARAM data) {
  (void)mon; (void)dc; (void)rc; (void)data;
  ++calls;
  return FALSE;
}

int main(void) {
  // Monitors.
  CHECK(1, EnumDisplayMonitors(NULL, NULL, on_monitor, 0x1234) && calls == 1);
  CHECK(2, seen.left == 0 && seen.top == 0 && seen.right == GetSystemMetrics(SM_CXSCREEN) &&
               seen.bottom == GetSystemMetrics(SM_CYSCREEN) && seen_data == 0x1234);
  MONITORINFO mi;
  mi.cbSize = sizeof mi;
  CHECK(3, GetMonitorInfoA(seen_mon, &mi) && (mi.dwFlags & MONITORINFOF_PRIMARY));
  RECT clip = {100, 200, 300, 400};
  CHECK(4, EnumDisplayMonitors(NULL, &clip, on_monitor, 0) && calls == 2);
  CHECK(5, seen.left == 100 && seen.top == 200 && seen.right == 300 && seen.bottom == 400);
  RECT outside = {5000, 5000, 6000, 6000};
  CHECK(6, EnumDisplayMonitors(NULL, &outside, on_monitor, 0) && calls == 2);  // no monitor there
  CHECK(7, !EnumDisplayMonitors(NULL, NULL, stop_at_once, 0) && calls == 3);
  // Icons and cursors.
  HBITMAP mask = CreateBitmap(16, 16, 1, 1, NULL);
  ICONINFO ii = {TRUE, 0, 0, mask, NULL};
  HICON icon = CreateIconIndirect(&ii);
  CHECK(8, icon != NULL);
  CHECK(9, DestroyIcon(icon));
  CHECK(10, !DestroyIcon(icon));
  CHECK(11, DestroyCursor(LoadCursorA(NULL, (LPCSTR)IDC_ARROW)));  // shared: nothing to do
  ii.fIcon = FALSE;
  HCURSOR cur = CreateIconIndirect(&ii);
  CHECK(12, cur && DestroyCursor(cur) && !DestroyCursor(cur));
  // OEM 437 <-> ANSI 1252: 0x82 (e acute) <-> 0xE9, 0x9C (pound) <-> 0xA3.
  char oem[] = {'A', (char)0x82, (char)0x9C, 0};
  char ansi[8] = {0};
  CHECK(13, OemToCharA(oem, ansi) && ansi[0] == 'A' && (unsigned char)ansi[1] == 0xE9 &&
                (unsigned char)ansi[2] == 0xA3 && ansi[3] == 0);
  char back[8] = {0};
  CHECK(14, CharToOemA(ansi, back) && lstrcmpA(back, oem) == 0);
  WCHAR w[8] = {0};
  CHECK(15, OemToCharW(oem, w) && w[0] == L'A' && w[1] == 0x00E9 && w[2] == 0x00A3 && w[3] == 0);
  char fromw[8] = {0};
  CHECK(16, CharToOemW(L"\x00E9\x2591", fromw) && (unsigned char)fromw[0] == 0x82 && (unsigned char)fromw[1] == 0xB0);
  char buf2[4] = {'x', 'x', 'x', 'x'};
  CHECK(17, OemToCharBuffA(oem, buf2, 2) && (unsigned char)buf2[1] == 0xE9 && buf2[2] == 'x');  // no NUL
  // Help.
  CHECK(18, WinHelpA(NULL, "C:\\help\\app.hlp", HELP_CONTENTS, 0));
  return 0;
}
