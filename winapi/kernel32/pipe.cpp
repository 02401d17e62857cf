// kernel32 pipes: anonymous and named pipes are in-memory files.
#include "winapi/core/handler.h"

namespace emu::winapi {
namespace {

uint64_t CreatePipe(Call& c, Ptr rd, Ptr wr, Ptr, uint32_t) {
  auto f = std::make_shared<VFile>();
  f->path = "\\\\.\\pipe\\anonymous";
  auto a = std::make_shared<FileObject>(); a->file = f; a->path = f->path;
  auto b = std::make_shared<FileObject>(); b->file = f; b->path = f->path;
  c.s.write_ptr(rd, c.s.handles.add(a));
  c.s.write_ptr(wr, c.s.handles.add(b));
  return 1;
}
template <class S> uint64_t CreateNamedPipe(Call& c, S name, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, Ptr) {
  auto f = std::make_shared<FileObject>();
  f->file = std::make_shared<VFile>();
  f->file->path = name.str;
  f->path = name.str;
  c.s.emit("file_create", {{"path", name.str}});
  return c.s.handles.add(f);
}
uint64_t PeekNamedPipe(Call& c, Handle, Ptr, uint32_t, Ptr, Ptr avail, Ptr) { if (avail) c.s.write_u32(avail, 0); return 1; }

}  // namespace

void register_kernel32_pipe(ApiRegistry& r) {
  auto t = r.table("kernel32");
  t.add<&CreatePipe>("CreatePipe");
  t.add<&CreateNamedPipe<AStr>>("CreateNamedPipeA");
  t.add<&CreateNamedPipe<WStr>>("CreateNamedPipeW");
  t.add<constant_result<1, 2>>("ConnectNamedPipe");
  t.add<constant_result<1, 1>>("DisconnectNamedPipe");
  t.add<&PeekNamedPipe>("PeekNamedPipe");
}

}  // namespace emu::winapi
