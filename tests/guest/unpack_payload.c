// Unpacks a small payload into fresh memory and runs it, as a packer stub
// does: VirtualAlloc(RW), copy decoded bytes, VirtualProtect(RX), call.
// The payload is `mov eax, 0x1337; ret` stored XOR-ed with 0x5A.
#include <windows.h>

static const unsigned char kPacked[] = {0xB8 ^ 0x5A, 0x37 ^ 0x5A, 0x13 ^ 0x5A, 0x00 ^ 0x5A, 0x00 ^ 0x5A, 0xC3 ^ 0x5A};

int main(void) {
  unsigned char* code = VirtualAlloc(NULL, 4096, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
  if (!code) return 1;
  for (unsigned i = 0; i < sizeof kPacked; ++i) code[i] = kPacked[i] ^ 0x5A;
  DWORD old;
  if (!VirtualProtect(code, 4096, PAGE_EXECUTE_READ, &old)) return 2;
  int (*payload)(void) = (int (*)(void))code;
  return payload() == 0x1337 ? 0 : 3;
}
