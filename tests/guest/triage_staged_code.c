// Heuristic 7 (a PE's dynamic code calling an API it resolved itself), with
// 2, 6 and 21: resolves Sleep with GetProcAddress, copies a stub into RWX
// memory and runs it; the stub calls Sleep(100) through the pointer.
#include <string.h>
#include <windows.h>

#if defined(_WIN64)
// sub rsp, 40; mov rax, rcx; mov ecx, 100; call rax; add rsp, 40; ret
static const unsigned char stub[] = {0x48, 0x83, 0xEC, 0x28, 0x48, 0x89, 0xC8, 0xB9, 0x64, 0x00,
                                     0x00, 0x00, 0xFF, 0xD0, 0x48, 0x83, 0xC4, 0x28, 0xC3};
#else
// mov eax, [esp+4]; push 100; call eax (stdcall: Sleep pops its argument); ret
static const unsigned char stub[] = {0x8B, 0x44, 0x24, 0x04, 0x6A, 0x64, 0xFF, 0xD0, 0xC3};
#endif

int main(void) {
  FARPROC sleep_fn = GetProcAddress(GetModuleHandleA("kernel32.dll"), "Sleep");
  if (!sleep_fn) return 1;
  void* mem = VirtualAlloc(NULL, 0x1000, MEM_COMMIT | MEM_RESERVE, PAGE_EXECUTE_READWRITE);
  if (!mem) return 2;
  memcpy(mem, stub, sizeof stub);
  void (*run)(FARPROC) = (void (*)(FARPROC))mem;
  run(sleep_fn);
  return 0;
}
