// Makes a great many distinct API calls with long string arguments, so its
// report would be huge: 50,000 calls of OutputDebugStringA with a 1 KiB
// message each.
#include <windows.h>

int main(void) {
  static char message[1024];
  for (int i = 0; i < 1023; ++i) message[i] = 'a' + i % 26;
  for (int i = 0; i < 50000; ++i) {
    message[i % 1023] = (char)('A' + i % 26);
    OutputDebugStringA(message);
  }
  return 0;
}
