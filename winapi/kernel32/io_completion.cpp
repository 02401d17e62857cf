// kernel32 I/O completion ports: a queue of completion packets. Thread pools
// and server loops create one at start-up and treat a NULL handle as fatal.
// Nothing completes I/O asynchronously in the emulation, so a wait on an
// empty port ends as its timeout would (WAIT_TIMEOUT), never blocking.
#include <deque>

#include "winapi/core/handler.h"

namespace emu::winapi {
namespace {

constexpr uint32_t kErrWaitTimeout = 258;
constexpr size_t kMaxQueuedPackets = 1u << 16;  // a guest posting in a loop stays bounded

struct CompletionPacket { uint32_t bytes; uint64_t key, overlapped; };

struct CompletionPort : Object {
  const char* kind() const override { return "io_completion"; }
  std::deque<CompletionPacket> queue;
};

bool is_invalid_handle(Session& s, uint64_t h) { return h == (s.x64 ? ~0ull : 0xFFFFFFFFull); }

// A new port for FileHandle = INVALID_HANDLE_VALUE; else the file joins the
// existing port (returned) or a new one.
uint64_t CreateIoCompletionPort(Call& c, Handle file, Handle existing, Ptr, uint32_t) {
  if (existing) {
    if (!c.s.handles.get<CompletionPort>(existing)) return fail(c, kErrInvalidParameter);
    if (is_invalid_handle(c.s, file)) return fail(c, kErrInvalidParameter);
    return existing;
  }
  if (!is_invalid_handle(c.s, file) && !c.s.handles.find(file)) return fail(c, kErrInvalidHandle);
  return c.s.handles.add(std::make_shared<CompletionPort>());
}

uint64_t PostQueuedCompletionStatus(Call& c, Handle port, uint32_t bytes, Ptr key, Ptr overlapped) {
  auto p = c.s.handles.get<CompletionPort>(port);
  if (!p) return fail(c, kErrInvalidHandle);
  if (p->queue.size() >= kMaxQueuedPackets) return fail(c, kErrNotEnoughMemory);
  p->queue.push_back({bytes, key, overlapped});
  return 1;
}

uint64_t GetQueuedCompletionStatus(Call& c, Handle port, Ptr bytes, Ptr key, Ptr overlapped, uint32_t) {
  auto p = c.s.handles.get<CompletionPort>(port);
  if (!p) return fail(c, kErrInvalidHandle);
  if (p->queue.empty()) {
    if (overlapped) c.s.write_ptr(overlapped, 0);  // documented: NULL when no packet was dequeued
    return fail(c, kErrWaitTimeout);
  }
  const CompletionPacket packet = p->queue.front();
  p->queue.pop_front();
  if (bytes) c.s.write_u32(bytes, packet.bytes);
  if (key) c.s.write_ptr(key, packet.key);
  if (overlapped) c.s.write_ptr(overlapped, packet.overlapped);
  return 1;
}

}  // namespace

void register_kernel32_io_completion(ApiRegistry& r) {
  auto t = r.table("kernel32");
  t.add<&CreateIoCompletionPort>("CreateIoCompletionPort");
  t.add<&PostQueuedCompletionStatus>("PostQueuedCompletionStatus");
  t.add<&GetQueuedCompletionStatus>("GetQueuedCompletionStatus");
}

}  // namespace emu::winapi
