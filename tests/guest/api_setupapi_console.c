// setupapi device information sets (empty on the emulated machine) and
// console text attributes. Returns 0, or the number of the first failed
// check.
// guest-flags: -lsetupapi
#include <windows.h>
#include <setupapi.h>

#define CHECK(n, cond) if (!(cond)) return n

static const GUID kDiskDrive = {0x4d36e967, 0xe325, 0x11ce, {0xbf, 0xc1, 0x08, 0x00, 0x2b, 0xe1, 0x03, 0x18}};

int main(void) {
  HDEVINFO set = SetupDiGetClassDevsA(&kDiskDrive, NULL, NULL, DIGCF_PRESENT);
  CHECK(1, set != INVALID_HANDLE_VALUE);
  SP_DEVINFO_DATA d;
  d.cbSize = sizeof d;
  SetLastError(0);
  CHECK(2, !SetupDiEnumDeviceInfo(set, 0, &d) && GetLastError() == ERROR_NO_MORE_ITEMS);
  d.cbSize = 1;
  CHECK(3, !SetupDiEnumDeviceInfo(set, 0, &d) && GetLastError() == ERROR_INVALID_USER_BUFFER);
  CHECK(4, SetupDiDestroyDeviceInfoList(set));
  CHECK(5, !SetupDiDestroyDeviceInfoList(set) && GetLastError() == ERROR_INVALID_HANDLE);
  SetLastError(0);
  CHECK(6, SetupDiGetClassDevsW(NULL, NULL, NULL, DIGCF_PRESENT) == INVALID_HANDLE_VALUE &&
               GetLastError() == ERROR_INVALID_PARAMETER);
  HDEVINFO all = SetupDiGetClassDevsW(NULL, NULL, NULL, DIGCF_ALLCLASSES | DIGCF_PRESENT);
  CHECK(7, all != INVALID_HANDLE_VALUE && SetupDiDestroyDeviceInfoList(all));
  // Console attributes.
  HANDLE out = GetStdHandle(STD_OUTPUT_HANDLE);
  CONSOLE_SCREEN_BUFFER_INFO info;
  CHECK(8, GetConsoleScreenBufferInfo(out, &info) && info.wAttributes == 0x07);
  CHECK(9, SetConsoleTextAttribute(out, FOREGROUND_RED | FOREGROUND_INTENSITY | BACKGROUND_BLUE));
  CHECK(10, GetConsoleScreenBufferInfo(out, &info) && info.wAttributes == 0x1C);
  CHECK(11, !SetConsoleTextAttribute(GetStdHandle(STD_INPUT_HANDLE), 0x0F) && GetLastError() == ERROR_INVALID_HANDLE);
  return 0;
}
