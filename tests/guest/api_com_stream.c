// ole32 CreateStreamOnHGlobal: an IStream whose methods are called through
// its vtable, over a global memory block. Returns 0, or the number of the
// first failed check.
// guest-flags: -lole32 -luuid
#include <windows.h>
#include <objbase.h>

#define CHECK(n, cond) if (!(cond)) return n

int main(void) {
  IStream* s = NULL;
  CHECK(1, CreateStreamOnHGlobal(NULL, TRUE, &s) == S_OK && s != NULL);
  ULONG done = 0;
  CHECK(2, s->lpVtbl->Write(s, "hello world", 11, &done) == S_OK && done == 11);
  LARGE_INTEGER zero = {0};
  ULARGE_INTEGER pos;
  CHECK(3, s->lpVtbl->Seek(s, zero, STREAM_SEEK_CUR, &pos) == S_OK && pos.QuadPart == 11);
  LARGE_INTEGER six;
  six.QuadPart = 6;
  CHECK(4, s->lpVtbl->Seek(s, six, STREAM_SEEK_SET, &pos) == S_OK && pos.QuadPart == 6);
  char buf[32] = {0};
  CHECK(5, s->lpVtbl->Read(s, buf, sizeof buf, &done) == S_OK && done == 5 && lstrcmpA(buf, "world") == 0);
  LARGE_INTEGER back;
  back.QuadPart = -5;
  CHECK(6, s->lpVtbl->Seek(s, back, STREAM_SEEK_END, &pos) == S_OK && pos.QuadPart == 6);
  LARGE_INTEGER neg;
  neg.QuadPart = -100;
  CHECK(7, s->lpVtbl->Seek(s, neg, STREAM_SEEK_SET, &pos) != S_OK);
  STATSTG st;
  CHECK(8, s->lpVtbl->Stat(s, &st, STATFLAG_NONAME) == S_OK && st.type == STGTY_STREAM && st.cbSize.QuadPart == 11);
  ULARGE_INTEGER four;
  four.QuadPart = 4;
  CHECK(9, s->lpVtbl->SetSize(s, four) == S_OK);
  CHECK(10, s->lpVtbl->Stat(s, &st, STATFLAG_NONAME) == S_OK && st.cbSize.QuadPart == 4);
  HGLOBAL h = NULL;
  CHECK(11, GetHGlobalFromStream(s, &h) == S_OK && h != NULL);
  CHECK(12, memcmp(GlobalLock(h), "hell", 4) == 0);
  GlobalUnlock(h);
  IUnknown* unk = NULL;
  CHECK(13, s->lpVtbl->QueryInterface(s, &IID_IUnknown, (void**)&unk) == S_OK && unk == (IUnknown*)s);
  void* other = (void*)1;
  CHECK(14, s->lpVtbl->QueryInterface(s, &IID_IClassFactory, &other) == E_NOINTERFACE && other == NULL);
  CHECK(15, s->lpVtbl->AddRef(s) == 3);
  CHECK(16, s->lpVtbl->Release(s) == 2 && unk->lpVtbl->Release(unk) == 1);
  CHECK(17, s->lpVtbl->Release(s) == 0);
  // A stream over an existing block starts with its contents.
  HGLOBAL mem = GlobalAlloc(GMEM_MOVEABLE, 3);
  memcpy(GlobalLock(mem), "abc", 3);
  GlobalUnlock(mem);
  CHECK(18, CreateStreamOnHGlobal(mem, FALSE, &s) == S_OK);
  CHECK(19, s->lpVtbl->Read(s, buf, 2, &done) == S_OK && done == 2 && buf[0] == 'a' && buf[1] == 'b');
  CHECK(20, s->lpVtbl->Release(s) == 0);
  CHECK(21, CreateStreamOnHGlobal(NULL, TRUE, NULL) == E_INVALIDARG);
  return 0;
}
