// kernel32: critical sections, mutexes, events, semaphores, waits,
// interlocked operations, one-time initialisation. One thread runs at a
// time, so waits succeed at once and locks never block.
#include "winapi/core/handler.h"

namespace emu::winapi {
namespace {

uint64_t cs_init2(Call&, Ptr, uint32_t) { return 1; }
uint64_t cs_init3(Call&, Ptr, uint32_t, uint32_t) { return 1; }
uint64_t cs_nop(Call&, Ptr) { return 0; }
uint64_t cs_try(Call&, Ptr) { return 1; }
uint64_t srw_nop(Call&, Ptr) { return 0; }

std::shared_ptr<SyncObject> named(Call& c, const std::string& name, bool& existed) {
  existed = false;
  if (name.empty()) return nullptr;
  auto o = std::dynamic_pointer_cast<SyncObject>(c.s.handles.find_named("sync", name));
  existed = o != nullptr;
  return o;
}

template <class S> uint64_t CreateMutex(Call& c, Ptr, uint32_t owner, S name) {
  bool existed;
  auto o = named(c, name.str, existed);
  if (!o) { o = std::make_shared<SyncObject>(); o->type = SyncObject::Type::Mutex; o->name = name.str; o->signaled = !owner; }
  c.s.set_last_error(existed ? static_cast<uint32_t>(kErrAlreadyExists) : 0u);
  return c.s.handles.add(o);
}
template <class S> uint64_t CreateMutexEx(Call& c, Ptr sa, S name, uint32_t flags, uint32_t) { return CreateMutex<S>(c, sa, flags & 1, name); }
template <class S> uint64_t OpenMutex(Call& c, uint32_t, uint32_t, S name) {
  bool existed;
  auto o = named(c, name.str, existed);
  if (!o) return fail(c, kErrFileNotFound);
  return c.s.handles.add(o);
}
template <class S> uint64_t CreateEvent(Call& c, Ptr, uint32_t manual, uint32_t initial, S name) {
  bool existed;
  auto o = named(c, name.str, existed);
  if (!o) { o = std::make_shared<SyncObject>(); o->type = SyncObject::Type::Event; o->name = name.str; o->manual_reset = manual; o->signaled = initial; }
  c.s.set_last_error(existed ? static_cast<uint32_t>(kErrAlreadyExists) : 0u);
  return c.s.handles.add(o);
}
template <class S> uint64_t CreateEventEx(Call& c, Ptr sa, S name, uint32_t flags, uint32_t) { return CreateEvent<S>(c, sa, flags & 1, flags & 2, name); }
template <class S> uint64_t OpenEvent(Call& c, uint32_t a, uint32_t b, S name) { return OpenMutex<S>(c, a, b, name); }
template <class S> uint64_t CreateSemaphore(Call& c, Ptr, int32_t initial, int32_t maximum, S name) {
  bool existed;
  auto o = named(c, name.str, existed);
  if (!o) { o = std::make_shared<SyncObject>(); o->type = SyncObject::Type::Semaphore; o->name = name.str; o->count = initial; o->maximum = maximum; }
  c.s.set_last_error(existed ? static_cast<uint32_t>(kErrAlreadyExists) : 0u);
  return c.s.handles.add(o);
}
template <class S> uint64_t CreateSemaphoreEx(Call& c, Ptr sa, int32_t i, int32_t m, S name, uint32_t, uint32_t) { return CreateSemaphore<S>(c, sa, i, m, name); }
template <class S> uint64_t CreateWaitableTimer(Call& c, Ptr, uint32_t, S name) {
  auto o = std::make_shared<SyncObject>();
  o->type = SyncObject::Type::Timer;
  o->name = name.str;
  return c.s.handles.add(o);
}
uint64_t SetWaitableTimer(Call&, Handle, Ptr, int32_t, Ptr, Ptr, uint32_t) { return 1; }
uint64_t ReleaseMutex(Call&, Handle) { return 1; }
uint64_t SetEvent(Call& c, Handle h) { if (auto o = c.s.handles.get<SyncObject>(h)) o->signaled = true; return 1; }
uint64_t ResetEvent(Call& c, Handle h) { if (auto o = c.s.handles.get<SyncObject>(h)) o->signaled = false; return 1; }
uint64_t ReleaseSemaphore(Call& c, Handle h, int32_t n, Ptr prev) {
  auto o = c.s.handles.get<SyncObject>(h);
  if (prev) c.s.write_u32(prev, o ? static_cast<uint32_t>(o->count) : 0);
  if (o) o->count += n;
  return 1;
}
// A wait on a thread that has not run yet returns WAIT_TIMEOUT for a
// finite timeout and WAIT_OBJECT_0 otherwise: the thread runs later as its
// own entry point.
uint64_t WaitForSingleObject(Call&, Handle, uint32_t) { return 0; }
uint64_t WaitForSingleObjectEx(Call&, Handle, uint32_t, uint32_t) { return 0; }
uint64_t WaitForMultipleObjects(Call&, uint32_t, Ptr, uint32_t, uint32_t) { return 0; }
uint64_t WaitForMultipleObjectsEx(Call&, uint32_t, Ptr, uint32_t, uint32_t, uint32_t) { return 0; }
uint64_t SignalObjectAndWait(Call&, Handle, Handle, uint32_t, uint32_t) { return 0; }
uint64_t MsgWaitForMultipleObjects(Call&, uint32_t, Ptr, uint32_t, uint32_t, uint32_t) { return 0; }

uint64_t InterlockedIncrement(Call& c, Ptr p) { uint32_t v = c.s.read_u32(p) + 1; c.s.write_u32(p, v); return v; }
uint64_t InterlockedDecrement(Call& c, Ptr p) { uint32_t v = c.s.read_u32(p) - 1; c.s.write_u32(p, v); return v; }
uint64_t InterlockedExchange(Call& c, Ptr p, uint32_t v) { uint32_t o = c.s.read_u32(p); c.s.write_u32(p, v); return o; }
uint64_t InterlockedExchangeAdd(Call& c, Ptr p, uint32_t v) { uint32_t o = c.s.read_u32(p); c.s.write_u32(p, o + v); return o; }
uint64_t InterlockedCompareExchange(Call& c, Ptr p, uint32_t x, uint32_t cmp) {
  uint32_t o = c.s.read_u32(p);
  if (o == cmp) c.s.write_u32(p, x);
  return o;
}
uint64_t InitOnceExecuteOnce(Call& c, Ptr once, Ptr fn, Ptr param, Ptr ctx) {
  if (c.s.read_ptr(once) == 2) return 1;
  c.s.write_ptr(once, 2);
  c.defer();
  Call saved = c;
  Session* s = &c.s;
  c.s.call_guest(fn, {once, param, ctx}, [s, saved](uint64_t r) { s->finish_api(saved, r ? 1 : 0); });
  return 0;
}
uint64_t InitOnceBeginInitialize(Call& c, Ptr once, uint32_t, Ptr pending, Ptr) {
  const bool done = c.s.read_ptr(once) == 2;
  if (pending) c.s.write_u32(pending, done ? 0 : 1);
  return 1;
}
uint64_t InitOnceComplete(Call& c, Ptr once, uint32_t, Ptr) { c.s.write_ptr(once, 2); return 1; }

}  // namespace

void register_kernel32_sync(ApiRegistry& r) {
  auto t = r.table("kernel32");
  t.add<&cs_nop>("InitializeCriticalSection");
  t.add<&cs_init2>("InitializeCriticalSectionAndSpinCount");
  t.add<&cs_init3>("InitializeCriticalSectionEx");
  t.add<&cs_nop>("EnterCriticalSection");
  t.add<&cs_nop>("LeaveCriticalSection");
  t.add<&cs_try>("TryEnterCriticalSection");
  t.add<&cs_nop>("DeleteCriticalSection");
  t.add<&cs_nop>("RtlInitializeCriticalSection");
  t.add<&cs_nop>("RtlEnterCriticalSection");
  t.add<&cs_nop>("RtlLeaveCriticalSection");
  t.add<&cs_nop>("RtlDeleteCriticalSection");
  t.add<&cs_init2>("SetCriticalSectionSpinCount");
  t.add<&srw_nop>("InitializeSRWLock");
  t.add<&srw_nop>("AcquireSRWLockExclusive");
  t.add<&srw_nop>("ReleaseSRWLockExclusive");
  t.add<&srw_nop>("AcquireSRWLockShared");
  t.add<&srw_nop>("ReleaseSRWLockShared");
  t.add<&cs_try>("TryAcquireSRWLockExclusive");
  t.add<&srw_nop>("InitializeConditionVariable");
  t.add<&srw_nop>("WakeConditionVariable");
  t.add<&srw_nop>("WakeAllConditionVariable");
  t.add<&CreateMutex<AStr>>("CreateMutexA");
  t.add<&CreateMutex<WStr>>("CreateMutexW");
  t.add<&CreateMutexEx<AStr>>("CreateMutexExA");
  t.add<&CreateMutexEx<WStr>>("CreateMutexExW");
  t.add<&OpenMutex<AStr>>("OpenMutexA");
  t.add<&OpenMutex<WStr>>("OpenMutexW");
  t.add<&CreateEvent<AStr>>("CreateEventA");
  t.add<&CreateEvent<WStr>>("CreateEventW");
  t.add<&CreateEventEx<AStr>>("CreateEventExA");
  t.add<&CreateEventEx<WStr>>("CreateEventExW");
  t.add<&OpenEvent<AStr>>("OpenEventA");
  t.add<&OpenEvent<WStr>>("OpenEventW");
  t.add<&CreateSemaphore<AStr>>("CreateSemaphoreA");
  t.add<&CreateSemaphore<WStr>>("CreateSemaphoreW");
  t.add<&CreateSemaphoreEx<AStr>>("CreateSemaphoreExA");
  t.add<&CreateSemaphoreEx<WStr>>("CreateSemaphoreExW");
  t.add<&CreateWaitableTimer<AStr>>("CreateWaitableTimerA");
  t.add<&CreateWaitableTimer<WStr>>("CreateWaitableTimerW");
  t.add<&SetWaitableTimer>("SetWaitableTimer");
  t.add<&ReleaseMutex>("ReleaseMutex");
  t.add<&SetEvent>("SetEvent");
  t.add<&SetEvent>("PulseEvent");
  t.add<&ResetEvent>("ResetEvent");
  t.add<&ReleaseSemaphore>("ReleaseSemaphore");
  t.add<&WaitForSingleObject>("WaitForSingleObject");
  t.add<&WaitForSingleObjectEx>("WaitForSingleObjectEx");
  t.add<&WaitForMultipleObjects>("WaitForMultipleObjects");
  t.add<&WaitForMultipleObjectsEx>("WaitForMultipleObjectsEx");
  t.add<&SignalObjectAndWait>("SignalObjectAndWait");
  t.add<&MsgWaitForMultipleObjects>("MsgWaitForMultipleObjects");
  t.add<&InterlockedIncrement>("InterlockedIncrement");
  t.add<&InterlockedDecrement>("InterlockedDecrement");
  t.add<&InterlockedExchange>("InterlockedExchange");
  t.add<&InterlockedExchangeAdd>("InterlockedExchangeAdd");
  t.add<&InterlockedCompareExchange>("InterlockedCompareExchange");
  t.add<&InitOnceExecuteOnce>("InitOnceExecuteOnce");
  t.add<&InitOnceBeginInitialize>("InitOnceBeginInitialize");
  t.add<&InitOnceComplete>("InitOnceComplete");
}

}  // namespace emu::winapi
