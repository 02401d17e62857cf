// ole32 CreateStreamOnHGlobal: an IStream over a global memory block.
//
// The object lives in guest memory as COM requires: a pointer to a vtable
// whose 14 entries (IUnknown, ISequentialStream, IStream, in that order)
// are trap stubs of the methods below ("ole32.IStream::Read", ...), made
// once per emulation. Its state (the block, the stream's size and seek
// position, the reference count) stays on the host, keyed by the object's
// address. Methods are stdcall on x86, `this` first.
#include <map>

#include "winapi/core/handler.h"
#include "winapi/core/session_state.h"

namespace emu::winapi {
namespace {

constexpr uint32_t kSOk = 0, kEInvalidArg = 0x80070057, kENoInterface = 0x80004002, kEPointer = 0x80004003,
                   kENotImpl = 0x80004001, kEOutOfMemory = 0x8007000E, kStgInvalidFunction = 0x80030001,
                   kStgMediumFull = 0x80030070;

struct StreamState {
  uint64_t hglobal = 0;
  uint64_t size = 0;
  uint64_t pos = 0;
  uint32_t refs = 1;
  bool delete_on_release = false;
};

struct StreamTable : Object {
  const char* kind() const override { return "hglobal_streams"; }
  uint64_t vtable = 0;
  std::map<uint64_t, StreamState> streams;  // by object address
};

StreamTable& streams(Call& c) { return session_state<StreamTable>(c.s, "hglobal_streams"); }

StreamState* stream(Call& c, uint64_t self) {
  auto& t = streams(c);
  auto it = t.streams.find(self);
  return it == t.streams.end() ? nullptr : &it->second;
}

constexpr const char* kMethods[14] = {
    "IStream::QueryInterface", "IStream::AddRef", "IStream::Release", "IStream::Read", "IStream::Write",
    "IStream::Seek", "IStream::SetSize", "IStream::CopyTo", "IStream::Commit", "IStream::Revert",
    "IStream::LockRegion", "IStream::UnlockRegion", "IStream::Stat", "IStream::Clone"};

uint64_t vtable(Call& c) {
  auto& t = streams(c);
  if (t.vtable) return t.vtable;
  const uint64_t vt = c.s.heap_alloc(14ull * c.s.ptr_size);
  if (!vt) return 0;
  for (size_t i = 0; i < 14; ++i) {
    const uint64_t stub = c.s.proc.make_stub("ole32", kMethods[i]);
    if (!stub) return 0;
    c.s.write_ptr(vt + i * c.s.ptr_size, stub);
  }
  c.s.register_traps();
  t.vtable = vt;
  return vt;
}

// Grows or shrinks the block to `size` bytes (a moveable block may move).
bool resize(Call& c, StreamState& st, uint64_t size) {
  if (size > (256ull << 20)) return false;
  GuestHeap* heap = c.s.heap(c.s.process_heap);
  const uint64_t h = heap->realloc(st.hglobal, size ? size : 1, true);
  if (!h) return false;
  st.hglobal = h;
  st.size = size;
  return true;
}

// CreateStreamOnHGlobal(hglobal, fDeleteOnRelease, IStream** out).
uint64_t CreateStreamOnHGlobal(Call& c, Handle hglobal, uint32_t delete_on_release, Ptr out) {
  if (!out) return kEInvalidArg;
  c.s.write_ptr(out, 0);
  GuestHeap* heap = c.s.heap(c.s.process_heap);
  StreamState st;
  st.delete_on_release = delete_on_release != 0;
  if (hglobal) {
    const auto size = heap->size_of(hglobal);
    if (!size) return kEInvalidArg;
    st.hglobal = hglobal;
    st.size = *size;  // the stream starts as the block's current contents
  } else {
    st.hglobal = c.s.heap_alloc(1);
    if (!st.hglobal) return kEOutOfMemory;
  }
  const uint64_t vt = vtable(c);
  const uint64_t obj = c.s.heap_alloc(2ull * c.s.ptr_size);
  if (!vt || !obj) return kEOutOfMemory;
  c.s.write_ptr(obj, vt);
  streams(c).streams[obj] = st;
  c.s.write_ptr(out, obj);
  return kSOk;
}

uint64_t GetHGlobalFromStream(Call& c, Ptr self, Ptr out) {
  StreamState* st = stream(c, self);
  if (!st || !out) return kEInvalidArg;
  c.s.write_ptr(out, st->hglobal);
  return kSOk;
}

bool guid_is(Call& c, uint64_t g, uint32_t d1, uint16_t d2, uint16_t d3, uint64_t d4_be) {
  uint8_t b[16];
  if (!c.s.mem.read(g, b, 16)) return false;
  uint8_t want[16];
  std::memcpy(want, &d1, 4);
  std::memcpy(want + 4, &d2, 2);
  std::memcpy(want + 6, &d3, 2);
  for (int i = 0; i < 8; ++i) want[8 + i] = static_cast<uint8_t>(d4_be >> (56 - 8 * i));
  return std::memcmp(b, want, 16) == 0;
}

uint64_t QueryInterface(Call& c, Ptr self, Ptr iid, Ptr out) {
  if (!out) return kEPointer;
  StreamState* st = stream(c, self);
  c.s.write_ptr(out, 0);
  if (!st || !iid) return kEInvalidArg;
  const bool known = guid_is(c, iid, 0x00000000, 0, 0, 0xC000000000000046ull) ||        // IUnknown
                     guid_is(c, iid, 0x0000000C, 0, 0, 0xC000000000000046ull) ||        // IStream
                     guid_is(c, iid, 0x0C733A30, 0x2A1C, 0x11CE, 0xADE500AA0044773Dull);  // ISequentialStream
  if (!known) return kENoInterface;
  ++st->refs;
  c.s.write_ptr(out, self);
  return kSOk;
}

uint64_t AddRef(Call& c, Ptr self) {
  StreamState* st = stream(c, self);
  return st ? ++st->refs : 0;
}

uint64_t Release(Call& c, Ptr self) {
  StreamState* st = stream(c, self);
  if (!st) return 0;
  if (--st->refs) return st->refs;
  GuestHeap* heap = c.s.heap(c.s.process_heap);
  if (st->delete_on_release) heap->free(st->hglobal);
  heap->free(self);
  streams(c).streams.erase(self);
  return 0;
}

// Read(pv, cb, pcbRead): up to cb bytes from the seek position.
uint64_t Read(Call& c, Ptr self, Ptr buf, uint32_t cb, Ptr done) {
  StreamState* st = stream(c, self);
  if (!st) return kEInvalidArg;
  if (!buf) return kEPointer;
  const uint64_t n = st->pos >= st->size ? 0 : std::min<uint64_t>(cb, st->size - st->pos);
  std::vector<uint8_t> tmp(n);
  if (n && (!c.s.mem.read(st->hglobal + st->pos, tmp.data(), n) || !c.s.mem.write(buf, tmp.data(), n)))
    return kEPointer;
  st->pos += n;
  if (done) c.s.write_u32(done, static_cast<uint32_t>(n));
  return kSOk;
}

// Write(pv, cb, pcbWritten): at the seek position, growing the block.
uint64_t Write(Call& c, Ptr self, Ptr buf, uint32_t cb, Ptr done) {
  StreamState* st = stream(c, self);
  if (!st) return kEInvalidArg;
  if (done) c.s.write_u32(done, 0);
  if (!cb) return kSOk;
  if (!buf) return kEPointer;
  if (st->pos + cb > st->size && !resize(c, *st, st->pos + cb)) return kEOutOfMemory;
  std::vector<uint8_t> tmp(cb);
  if (!c.s.mem.read(buf, tmp.data(), cb) || !c.s.mem.write(st->hglobal + st->pos, tmp.data(), cb)) return kEPointer;
  st->pos += cb;
  if (done) c.s.write_u32(done, cb);
  return kSOk;
}

// Seek(LARGE_INTEGER move, origin, ULARGE_INTEGER* newpos): on x86 the
// 64-bit offset takes two stack slots, on x64 one register.
uint64_t Seek(Call& c, Ptr self, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4) {
  StreamState* st = stream(c, self);
  if (!st) return kEInvalidArg;
  int64_t move;
  uint32_t origin;
  uint64_t out;
  if (c.s.x64) {
    move = static_cast<int64_t>(a1);
    origin = static_cast<uint32_t>(a2);
    out = a3;
  } else {
    move = static_cast<int64_t>((a2 << 32) | (a1 & 0xFFFFFFFF));
    origin = static_cast<uint32_t>(a3);
    out = a4;
  }
  int64_t base;
  switch (origin) {
    case 0: base = 0; break;                                   // STREAM_SEEK_SET
    case 1: base = static_cast<int64_t>(st->pos); break;       // STREAM_SEEK_CUR
    case 2: base = static_cast<int64_t>(st->size); break;      // STREAM_SEEK_END
    default: return kStgInvalidFunction;
  }
  const int64_t target = base + move;
  if (target < 0 || target > (int64_t{1} << 40)) return kStgInvalidFunction;
  st->pos = static_cast<uint64_t>(target);
  if (out) c.s.write_u64(out, st->pos);
  return kSOk;
}

// SetSize(ULARGE_INTEGER): two stack slots on x86.
uint64_t SetSize(Call& c, Ptr self, uint64_t lo, uint64_t hi) {
  StreamState* st = stream(c, self);
  if (!st) return kEInvalidArg;
  const uint64_t size = c.s.x64 ? lo : ((hi << 32) | (lo & 0xFFFFFFFF));
  if (size == st->size) return kSOk;
  if (!resize(c, *st, size)) return kStgMediumFull;
  return kSOk;
}

// The stream is not transacted: Commit and Revert have nothing to do.
uint64_t Commit(Call& c, Ptr self, uint32_t) { return stream(c, self) ? kSOk : kEInvalidArg; }
uint64_t Revert(Call& c, Ptr self) { return stream(c, self) ? kSOk : kEInvalidArg; }
// CopyTo(pstm, ULARGE_INTEGER cb, pcbRead, pcbWritten) and region locking:
// memory streams do not lock; copying into another object needs its Write.
uint64_t CopyTo(Call&, Ptr, Ptr, uint64_t, uint64_t, Ptr, Ptr) { return kENotImpl; }
uint64_t LockRegion(Call&, Ptr, uint64_t, uint64_t, uint64_t, uint64_t, uint32_t) { return kStgInvalidFunction; }
uint64_t Clone(Call& c, Ptr self, Ptr out) {
  if (out) c.s.write_ptr(out, 0);
  return stream(c, self) ? kENotImpl : kEInvalidArg;
}

// Stat(STATSTG*, grfStatFlag): type STGTY_STREAM, the size, read-write
// mode; no name (none was given).
uint64_t Stat(Call& c, Ptr self, Ptr out, uint32_t) {
  StreamState* st = stream(c, self);
  if (!st) return kEInvalidArg;
  if (!out) return kEPointer;
  const size_t size = c.s.x64 ? 80 : 72;
  std::vector<uint8_t> z(size, 0);
  c.s.mem.write(out, z.data(), size);
  const uint64_t p = c.s.x64 ? 8 : 4;            // after pwcsName
  c.s.write_u32(out + p, 2);                     // STGTY_STREAM
  const uint64_t sz = c.s.x64 ? 16 : 8;          // cbSize, 8-aligned
  c.s.write_u64(sz + out, st->size);
  c.s.write_u32(out + sz + 32, 2);               // grfMode: STGM_READWRITE
  return kSOk;
}

}  // namespace

void register_ole32_hglobal_stream(ApiRegistry& r) {
  auto t = r.table("ole32");
  t.add<&CreateStreamOnHGlobal>("CreateStreamOnHGlobal");
  t.add<&GetHGlobalFromStream>("GetHGlobalFromStream");
  t.add<&QueryInterface>(kMethods[0]);
  t.add<&AddRef>(kMethods[1]);
  t.add<&Release>(kMethods[2]);
  t.add<&Read>(kMethods[3]);
  t.add<&Write>(kMethods[4]);
  t.add<&Seek>(kMethods[5]);
  t.add<&SetSize>(kMethods[6]);
  t.add<&CopyTo>(kMethods[7]);
  t.add<&Commit>(kMethods[8]);
  t.add<&Revert>(kMethods[9]);
  t.add<&LockRegion>(kMethods[10]);
  t.add<&LockRegion>(kMethods[11]);
  t.add<&Stat>(kMethods[12]);
  t.add<&Clone>(kMethods[13]);
}

}  // namespace emu::winapi
