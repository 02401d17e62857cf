// Heuristic 12 (dynamic API resolution by export walking, T1027.007): finds
// kernel32 through PEB->Ldr and its export directory by hand, as shellcode
// does, then calls GetTickCount and Sleep through the addresses it found.
#include <string.h>
#include <windows.h>
#include <winternl.h>

static int ieq(const WCHAR* a, const char* b) {
  for (; *a && *b; ++a, ++b) {
    WCHAR x = *a >= 'A' && *a <= 'Z' ? (WCHAR)(*a + 32) : *a;
    char y = *b >= 'A' && *b <= 'Z' ? (char)(*b + 32) : *b;
    if (x != (WCHAR)y) return 0;
  }
  return *a == 0 && *b == 0;
}

static void* find_export(unsigned char* base, const char* name) {
  IMAGE_DOS_HEADER* dos = (IMAGE_DOS_HEADER*)base;
  IMAGE_NT_HEADERS* nt = (IMAGE_NT_HEADERS*)(base + dos->e_lfanew);
  IMAGE_DATA_DIRECTORY dir = nt->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_EXPORT];
  if (!dir.VirtualAddress) return NULL;
  IMAGE_EXPORT_DIRECTORY* exp = (IMAGE_EXPORT_DIRECTORY*)(base + dir.VirtualAddress);
  DWORD* names = (DWORD*)(base + exp->AddressOfNames);
  WORD* ordinals = (WORD*)(base + exp->AddressOfNameOrdinals);
  DWORD* functions = (DWORD*)(base + exp->AddressOfFunctions);
  for (DWORD i = 0; i < exp->NumberOfNames; ++i)
    if (strcmp((const char*)(base + names[i]), name) == 0) return base + functions[ordinals[i]];
  return NULL;
}

int main(void) {
#if defined(_WIN64)
  PEB* peb = (PEB*)__readgsqword(0x60);
#else
  PEB* peb = (PEB*)__readfsdword(0x30);
#endif
  LIST_ENTRY* head = &peb->Ldr->InMemoryOrderModuleList;
  unsigned char* kernel32 = NULL;
  for (LIST_ENTRY* e = head->Flink; e != head; e = e->Flink) {
    LDR_DATA_TABLE_ENTRY* m = CONTAINING_RECORD(e, LDR_DATA_TABLE_ENTRY, InMemoryOrderLinks);
    // FullDllName ends in the base name; compare the last 12 characters.
    UNICODE_STRING* n = &m->FullDllName;
    USHORT len = n->Length / 2;
    if (len >= 12 && ieq(n->Buffer + len - 12, "kernel32.dll")) kernel32 = (unsigned char*)m->DllBase;
  }
  if (!kernel32) return 1;
  DWORD(WINAPI * tick)(void) = (DWORD(WINAPI*)(void))find_export(kernel32, "GetTickCount");
  void(WINAPI * nap)(DWORD) = (void(WINAPI*)(DWORD))find_export(kernel32, "Sleep");
  if (!tick || !nap) return 2;
  DWORD t = tick();
  nap(10);
  return t ? 0 : 3;
}
