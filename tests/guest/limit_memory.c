// Commits memory until something stops it: 16 MiB at a time, each page
// touched. Only the guest-memory limit ends it.
#include <windows.h>

int main(void) {
  for (;;) {
    volatile char* p = VirtualAlloc(NULL, 16 << 20, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
    if (!p) return 1;
    for (int i = 0; i < (16 << 20); i += 4096) p[i] = 1;
  }
}
