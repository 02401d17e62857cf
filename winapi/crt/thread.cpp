// C runtime threads: _beginthread, _beginthreadex queue a guest thread.
#include "winapi/core/handler.h"

namespace emu::winapi {
namespace {

uint64_t beginthreadex(Call& c, Ptr, uint32_t, Ptr start, Ptr arg, uint32_t flags, Ptr tid) {
  auto t = std::make_shared<ThreadObject>();
  t->tid = c.s.next_tid;
  c.s.next_tid += 4;
  t->pid = c.s.pid;
  t->start = start;
  t->param = arg;
  t->suspended = flags & 4;
  if (tid) c.s.write_u32(tid, t->tid);
  c.s.emit("thread_create", {{"path", c.s.image_path}, {"start_addr", hex(start)}, {"param", hex(arg)}});
  c.s.queue_thread(t, "thread");
  return c.s.handles.add(t);
}
uint64_t beginthread(Call& c, Ptr start, uint32_t stack, Ptr arg) { return beginthreadex(c, Ptr{}, stack, start, arg, 0, Ptr{}); }

}  // namespace

void register_crt_thread(ApiRegistry& r) {
  auto t = r.table("msvcrt", Conv::Cdecl);
  t.add<&beginthreadex>("_beginthreadex");
  t.add<&beginthread>("_beginthread");
  t.add<constant_result<0, 0>>("_endthreadex_");
}

}  // namespace emu::winapi
