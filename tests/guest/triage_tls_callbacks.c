// Heuristic 1: two TLS callbacks of its own (beside the two of the
// mingw-w64 CRT), registered in the .CRT$XL? section the CRT's TLS
// directory spans.
#include <windows.h>

static volatile int tls_calls;

static void NTAPI first_callback(PVOID module, DWORD reason, PVOID reserved) {
  (void)module; (void)reserved;
  if (reason == DLL_PROCESS_ATTACH) tls_calls += 1;
}

static void NTAPI second_callback(PVOID module, DWORD reason, PVOID reserved) {
  (void)module; (void)reserved;
  if (reason == DLL_PROCESS_ATTACH) tls_calls += 10;
}

__attribute__((section(".CRT$XLY"), used)) PIMAGE_TLS_CALLBACK triage_tls_first = first_callback;
__attribute__((section(".CRT$XLZ"), used)) PIMAGE_TLS_CALLBACK triage_tls_second = second_callback;

int main(void) { return tls_calls == 11 ? 0 : 1; }
