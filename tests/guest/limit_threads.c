// Creates threads without end; each new thread creates more. Only the
// thread limit ends it.
#include <windows.h>

static DWORD WINAPI spawn(LPVOID arg) {
  (void)arg;
  for (;;) {
    if (!CreateThread(NULL, 0, spawn, NULL, 0, NULL)) return 1;
  }
}

int main(void) { return (int)spawn(NULL); }
