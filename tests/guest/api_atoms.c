// Atom tables as documented: string atoms from 0xC000, case-insensitive
// names, reference counts, integer atoms ("#n" and MAKEINTATOM), local and
// global tables apart. Returns 0, or the number of the first failed check.
#include <windows.h>

#define CHECK(n, cond) if (!(cond)) return n

int main(void) {
  char buf[64];
  WCHAR wbuf[64];
  ATOM a = AddAtomA("EmuAtom");
  CHECK(1, a >= 0xC000);
  CHECK(2, AddAtomA("emuATOM") == a);             // same name, any case: same atom, one more reference
  CHECK(3, FindAtomA("EMUATOM") == a);
  CHECK(4, GetAtomNameA(a, buf, sizeof buf) == 7 && lstrcmpA(buf, "EmuAtom") == 0);
  CHECK(5, GetAtomNameW(a, wbuf, 64) == 7 && lstrcmpW(wbuf, L"EmuAtom") == 0);
  CHECK(6, DeleteAtom(a) == 0);                   // two references: still there
  CHECK(7, FindAtomA("EmuAtom") == a);
  CHECK(8, DeleteAtom(a) == 0);
  SetLastError(0);
  CHECK(9, FindAtomA("EmuAtom") == 0 && GetLastError() == ERROR_FILE_NOT_FOUND);
  CHECK(10, DeleteAtom(a) == a);                  // failure returns the atom
  // Integer atoms.
  CHECK(11, AddAtomA("#123") == 123);
  CHECK(12, AddAtomA((LPCSTR)MAKEINTATOM(77)) == 77);
  CHECK(13, FindAtomA("#123") == 123);
  CHECK(14, GetAtomNameA(123, buf, sizeof buf) == 4 && lstrcmpA(buf, "#123") == 0);
  SetLastError(0);
  CHECK(15, AddAtomA("#49152") == 0 && GetLastError() == ERROR_INVALID_PARAMETER);
  CHECK(16, AddAtomA("#0") == 0);
  CHECK(17, DeleteAtom(123) == 0);
  // Global table: separate from the local one.
  ATOM g = GlobalAddAtomW(L"EmuGlobal");
  CHECK(18, g >= 0xC000);
  CHECK(19, FindAtomW(L"EmuGlobal") == 0);
  CHECK(20, GlobalFindAtomA("emuglobal") == g);
  CHECK(21, GlobalGetAtomNameA(g, buf, sizeof buf) == 9 && lstrcmpA(buf, "EmuGlobal") == 0);
  CHECK(22, GlobalGetAtomNameW(g, wbuf, 4) == 3 && lstrcmpW(wbuf, L"Emu") == 0);  // truncated to fit
  CHECK(23, GlobalDeleteAtom(g) == 0);
  CHECK(24, GlobalFindAtomA("EmuGlobal") == 0);
  CHECK(25, GlobalGetAtomNameA(g, buf, sizeof buf) == 0);
  // A freed number is used again.
  ATOM b = AddAtomW(L"Second");
  CHECK(26, b == a);
  return 0;
}
