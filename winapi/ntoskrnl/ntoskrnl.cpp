// ntoskrnl / hal: what kernel drivers call at DriverEntry, in their IRP
// dispatch routines and at unload.
#include "winapi/core/handler.h"

namespace emu::winapi {
namespace {

uint64_t DbgPrint(Call& c, AStr fmt) {
  auto va = c.varargs(1);
  const std::u16string out = format_printf(widen_bytes(c.s.read_astr(fmt.ptr, 65536)), false, va, 65536);
  c.set_arg_text(0, utf16_to_utf8(out));
  return 0;
}
uint64_t DbgPrintEx(Call& c, uint32_t, uint32_t, AStr fmt) {
  auto va = c.varargs(3);
  const std::u16string out = format_printf(widen_bytes(c.s.read_astr(fmt.ptr, 65536)), false, va, 65536);
  c.set_arg_text(2, utf16_to_utf8(out));
  return 0;
}

uint64_t make_device(Call& c, uint64_t drv, uint32_t ext_size, uint32_t type, uint32_t chars, uint64_t out) {
  Session& s = c.s;
  const uint64_t dev = s.heap_alloc(0x200, true);
  const uint64_t ext = s.heap_alloc(std::max<uint32_t>(ext_size, 0x10), true);
  s.write_u16(dev, 3);
  s.write_u16(dev + 2, s.x64 ? 0x150 : 0xB8);
  if (s.x64) {
    s.write_u64(dev + 0x8, drv);
    s.write_u64(dev + 0x10, drv ? s.read_u64(drv + 8) : 0);
    s.write_u32(dev + 0x34, chars);
    s.write_u64(dev + 0x40, ext);
    s.write_u32(dev + 0x48, type);
    if (drv) s.write_u64(drv + 8, dev);
  } else {
    s.write_u32(dev + 0x8, static_cast<uint32_t>(drv));
    s.write_u32(dev + 0xC, drv ? s.read_u32(drv + 4) : 0);
    s.write_u32(dev + 0x20, chars);
    s.write_u32(dev + 0x28, static_cast<uint32_t>(ext));
    s.write_u32(dev + 0x2C, type);
    if (drv) s.write_u32(drv + 4, static_cast<uint32_t>(dev));
  }
  s.device_object = dev;
  if (out) s.write_ptr(out, dev);
  return dev;
}

uint64_t IoCreateDevice(Call& c, Ptr drv, uint32_t ext, Ptr name, uint32_t type, uint32_t chars, uint32_t, Ptr out) {
  c.set_arg_text(2, c.s.read_unicode_string(name));
  make_device(c, drv, ext, type, chars, out);
  return 0;
}
uint64_t IoCreateDeviceSecure(Call& c, Ptr drv, uint32_t ext, Ptr name, uint32_t type, uint32_t chars, uint32_t, Ptr sddl, Ptr, Ptr out) {
  c.set_arg_text(2, c.s.read_unicode_string(name));
  c.set_arg_text(6, c.s.read_unicode_string(sddl));
  make_device(c, drv, ext, type, chars, out);
  return 0;
}
uint64_t IoCreateSymbolicLink(Call& c, Ptr link, Ptr dev) {
  c.set_arg_text(0, c.s.read_unicode_string(link));
  c.set_arg_text(1, c.s.read_unicode_string(dev));
  return 0;
}
uint64_t IoDeleteSymbolicLink(Call& c, Ptr link) { c.set_arg_text(0, c.s.read_unicode_string(link)); return 0; }
uint64_t IoDeleteDevice(Call&, Ptr) { return 0; }
uint64_t IofCompleteRequest(Call&, Ptr, uint32_t) { return 0; }
uint64_t MmGetSystemRoutineAddress(Call& c, Ptr name) {
  const std::string n = c.s.read_unicode_string(name);
  c.set_arg_text(0, n);
  for (const char* mod : {"ntoskrnl", "hal"}) {
    const loader::Module* m = c.s.load_library(mod);
    if (!m) continue;
    if (uint64_t a = c.s.proc_address(*m, n)) return a;
  }
  return 0;
}
uint64_t ExAllocatePoolWithTag(Call& c, uint32_t, uint64_t size, uint32_t) { return c.s.heap_alloc(size ? size : 1, false); }
uint64_t ExAllocatePool(Call& c, uint32_t, uint64_t size) { return c.s.heap_alloc(size ? size : 1, false); }
uint64_t ExFreePoolWithTag(Call& c, Ptr p, uint32_t) { if (p) c.s.heap(c.s.process_heap)->free(p); return 0; }
uint64_t ExFreePool(Call& c, Ptr p) { if (p) c.s.heap(c.s.process_heap)->free(p); return 0; }
uint64_t ObOpenObjectByPointer(Call& c, Ptr, uint32_t, Ptr, uint32_t, Ptr, uint32_t, Ptr out) {
  c.s.write_ptr(out, c.s.handles.add(std::make_shared<GenericObject>("kobject")));
  return 0;
}
uint64_t SeCaptureSecurityDescriptor(Call& c, Ptr src, uint32_t, uint32_t, uint32_t, Ptr out) { c.s.write_ptr(out, src); return 0; }
uint64_t RtlLengthSecurityDescriptor(Call&, Ptr) { return 0x14; }
uint64_t RtlLengthSid(Call& c, Ptr sid) { return 8 + 4 * (c.s.mem.read_as<uint8_t>(sid + 1).value_or(0)); }
uint64_t RtlAbsoluteToSelfRelativeSD(Call& c, Ptr, Ptr, Ptr len) { if (len) c.s.write_u32(len, 0x14); return 0; }
uint64_t RtlGetSD(Call& c, Ptr, Ptr present, Ptr out, Ptr dflt) {
  if (present) c.s.mem.write_as<uint8_t>(present, 0);
  if (out) c.s.write_ptr(out, 0);
  if (dflt) c.s.mem.write_as<uint8_t>(dflt, 0);
  return 0;
}
uint64_t RtlGetOwner(Call& c, Ptr, Ptr out, Ptr dflt) {
  if (out) c.s.write_ptr(out, 0);
  if (dflt) c.s.mem.write_as<uint8_t>(dflt, 0);
  return 0;
}
uint64_t KeGetCurrentIrql(Call&) { return 0; }
uint64_t PsGetCurrentProcessId(Call& c) { return 4; (void)c; }
uint64_t PsGetCurrentThreadId(Call& c) { return c.s.tid; }
uint64_t IoGetCurrentProcess(Call& c) { return c.s.static_buffer("k.eprocess", 0x800); }
uint64_t KeBugCheckEx(Call& c, uint32_t code, uint64_t, uint64_t, uint64_t, uint64_t) {
  boost::json::object e{{"type", "bugcheck"}, {"context_summary", "KeBugCheckEx " + hex(code)}, {"pc", c.return_address}};
  c.s.end_with_error(std::move(e));
}
uint64_t PsCreateSystemThread(Call& c, Ptr out, uint32_t, Ptr, Handle, Ptr, Ptr start, Ptr ctx) {
  auto t = std::make_shared<ThreadObject>();
  t->tid = c.s.next_tid;
  c.s.next_tid += 4;
  t->pid = 4;
  t->start = start;
  t->param = ctx;
  const uint64_t h = c.s.handles.add(t);
  c.s.write_ptr(out, h);
  c.s.emit("thread_create", {{"path", "System"}, {"start_addr", hex(start)}, {"param", hex(ctx)}});
  c.s.queue_thread(t, "system_thread");
  return 0;
}
uint64_t KeDelayExecutionThread(Call&, uint32_t, uint32_t, Ptr) { return 0; }
uint64_t RtlCopyUnicodeString(Call& c, Ptr dst, Ptr src) {
  if (!src) { c.s.write_u16(dst, 0); return 0; }
  const uint16_t len = std::min(c.s.read_u16(src), c.s.read_u16(dst + 2));
  std::vector<uint8_t> b(len);
  c.s.mem.read(c.s.read_ptr(src + c.s.ptr_size), b.data(), len);
  c.s.mem.write(c.s.read_ptr(dst + c.s.ptr_size), b.data(), len);
  c.s.write_u16(dst, len);
  return 0;
}
uint64_t RtlAppendUnicodeToString(Call& c, Ptr dst, WStr src) {
  const std::u16string cur = utf8_to_utf16(c.s.read_unicode_string(dst)) + utf8_to_utf16(src.str);
  const uint16_t max = c.s.read_u16(dst + 2);
  if (cur.size() * 2 > max) return 0xC0000023;  // STATUS_BUFFER_TOO_SMALL
  c.s.mem.write(c.s.read_ptr(dst + c.s.ptr_size), cur.data(), cur.size() * 2);
  c.s.write_u16(dst, static_cast<uint16_t>(cur.size() * 2));
  return 0;
}
uint64_t RtlAppendUnicodeStringToString(Call& c, Ptr dst, Ptr src) {
  WStr w;
  w.str = c.s.read_unicode_string(src);
  return RtlAppendUnicodeToString(c, dst, w);
}
uint64_t KeQuerySystemTime(Call& c, Ptr out) { c.s.write_u64(out, c.s.filetime_now()); return 0; }
uint64_t ObReferenceObjectByHandle(Call& c, Handle, uint32_t, Ptr, uint32_t, Ptr out, Ptr) {
  if (out) c.s.write_ptr(out, c.s.static_buffer("k.object", 0x100));
  return 0;
}
uint64_t PsLookupProcessByProcessId(Call& c, Handle, Ptr out) { c.s.write_ptr(out, c.s.static_buffer("k.eprocess", 0x800)); return 0; }
uint64_t IoAllocateMdl(Call& c, Ptr va, uint32_t len, uint32_t, uint32_t, Ptr) {
  const uint64_t mdl = c.s.heap_alloc(0x40, true);
  c.s.write_ptr(mdl + (c.s.x64 ? 0x18 : 0xC), va);
  c.s.write_u32(mdl + (c.s.x64 ? 0x28 : 0x14), len);
  return mdl;
}
uint64_t MmMapLockedPagesSpecifyCache(Call& c, Ptr mdl, uint32_t, uint32_t, Ptr, uint32_t, uint32_t) {
  return c.s.read_ptr(mdl + (c.s.x64 ? 0x18 : 0xC));
}
uint64_t MmIsAddressValid(Call& c, Ptr a) { return c.s.mem.is_mapped(a); }
uint64_t KeInitializeEvent(Call&, Ptr, uint32_t, uint32_t) { return 0; }
uint64_t KeWaitForSingleObject(Call&, Ptr, uint32_t, uint32_t, uint32_t, Ptr) { return 0; }
uint64_t KeSetEvent(Call&, Ptr, uint32_t, uint32_t) { return 0; }
uint64_t InterlockedOp(Call& c, Ptr p, uint32_t v) {  // fastcall InterlockedExchange
  const uint32_t old = c.s.read_u32(p);
  c.s.write_u32(p, v);
  return old;
}

}  // namespace

void register_ntoskrnl(ApiRegistry& r) {
  auto t = r.table("ntoskrnl");
  t.add_varargs<&DbgPrint>("DbgPrint");
  t.add_varargs<&DbgPrintEx>("DbgPrintEx");
  t.add<&IoCreateDevice>("IoCreateDevice");
  t.add<&IoCreateDeviceSecure>("IoCreateDeviceSecure");
  t.add<&IoCreateSymbolicLink>("IoCreateSymbolicLink");
  t.add<&IoCreateSymbolicLink>("IoCreateUnprotectedSymbolicLink");
  t.add<&IoDeleteSymbolicLink>("IoDeleteSymbolicLink");
  t.add<&IoDeleteDevice>("IoDeleteDevice");
  t.add_fastcall<&IofCompleteRequest>("IofCompleteRequest");
  t.add<&IofCompleteRequest>("IoCompleteRequest");
  t.add<&MmGetSystemRoutineAddress>("MmGetSystemRoutineAddress");
  t.add<&ExAllocatePoolWithTag>("ExAllocatePoolWithTag");
  t.add<&ExAllocatePoolWithTag>("ExAllocatePoolWithQuotaTag");
  t.add<&ExAllocatePool>("ExAllocatePool");
  t.add<&ExFreePoolWithTag>("ExFreePoolWithTag");
  t.add<&ExFreePool>("ExFreePool");
  t.add<constant_result<0, 5>>("ZwSetSecurityObject");
  t.add<&ObOpenObjectByPointer>("ObOpenObjectByPointer");
  t.add<&RtlGetSD>("RtlGetDaclSecurityDescriptor");
  t.add<&RtlGetSD>("RtlGetSaclSecurityDescriptor");
  t.add<&RtlGetOwner>("RtlGetOwnerSecurityDescriptor");
  t.add<&RtlGetOwner>("RtlGetGroupSecurityDescriptor");
  t.add<&SeCaptureSecurityDescriptor>("SeCaptureSecurityDescriptor");
  t.add<constant_result<0, 2>>("SeReleaseSecurityDescriptor");
  t.add<&RtlLengthSecurityDescriptor>("RtlLengthSecurityDescriptor");
  t.add<constant_result<0, 2>>("RtlCreateSecurityDescriptor");
  t.add<&RtlAbsoluteToSelfRelativeSD>("RtlAbsoluteToSelfRelativeSD");
  t.add<constant_result<0, 4>>("RtlAddAccessAllowedAce");
  t.add<constant_result<0, 3>>("RtlCreateAcl");
  t.add<&RtlLengthSid>("RtlLengthSid");
  t.add<constant_result<1, 2>>("IoIsWdmVersionAvailable");
  t.add<constant_result<0, 4>>("RtlSetDaclSecurityDescriptor");
  t.add<constant_result<0, 3>>("RtlSetOwnerSecurityDescriptor");
  t.add<constant_result<0, 3>>("RtlSetGroupSecurityDescriptor");
  t.add<&KeGetCurrentIrql>("KeGetCurrentIrql");
  t.add<constant_result<0, 0>>("ExGetPreviousMode");
  t.add<&PsGetCurrentProcessId>("PsGetCurrentProcessId");
  t.add<&PsGetCurrentThreadId>("PsGetCurrentThreadId");
  t.add<&IoGetCurrentProcess>("IoGetCurrentProcess");
  t.add<&IoGetCurrentProcess>("PsGetCurrentProcess");
  t.add<&IoGetCurrentProcess>("PsGetCurrentThread");
  t.add<&IoGetCurrentProcess>("KeGetCurrentThread");
  t.add<&KeBugCheckEx>("KeBugCheckEx");
  t.add<&PsCreateSystemThread>("PsCreateSystemThread");
  t.add<constant_result<0, 1>>("PsTerminateSystemThread");
  t.add<&KeDelayExecutionThread>("KeDelayExecutionThread");
  t.add<&RtlCopyUnicodeString>("RtlCopyUnicodeString");
  t.add<&RtlAppendUnicodeToString>("RtlAppendUnicodeToString");
  t.add<&RtlAppendUnicodeStringToString>("RtlAppendUnicodeStringToString");
  t.add<&KeQuerySystemTime>("KeQuerySystemTime");
  t.add<&ObReferenceObjectByHandle>("ObReferenceObjectByHandle");
  t.add_fastcall<constant_result<0, 1>>("ObfDereferenceObject");
  t.add_fastcall<constant_result<0, 1>>("ObfReferenceObject");
  t.add<constant_result<0, 1>>("ObDereferenceObject");
  t.add<&PsLookupProcessByProcessId>("PsLookupProcessByProcessId");
  t.add<&PsLookupProcessByProcessId>("PsLookupThreadByThreadId");
  t.add<&IoAllocateMdl>("IoAllocateMdl");
  t.add<constant_result<0, 1>>("IoFreeMdl");
  t.add<constant_result<0, 3>>("MmProbeAndLockPages");
  t.add<constant_result<0, 1>>("MmUnlockPages");
  t.add<&MmMapLockedPagesSpecifyCache>("MmMapLockedPagesSpecifyCache");
  t.add<constant_result<0, 2>>("MmUnmapLockedPages");
  t.add<&MmIsAddressValid>("MmIsAddressValid");
  t.add<&KeInitializeEvent>("KeInitializeEvent");
  t.add<&KeSetEvent>("KeSetEvent");
  t.add<constant_result<0, 1>>("KeClearEvent");
  t.add<&KeWaitForSingleObject>("KeWaitForSingleObject");
  t.add<constant_result<0, 1>>("KeInitializeSpinLock");
  t.add<constant_result<0, 1>>("KeInitializeMutex");
  t.add<constant_result<0, 1>>("ExInitializeResourceLite");
  t.add<constant_result<0, 0>>("KeEnterCriticalRegion");
  t.add<constant_result<0, 0>>("KeLeaveCriticalRegion");
  t.add<constant_result<0, 2>>("PsSetCreateProcessNotifyRoutine");
  t.add<constant_result<0, 1>>("PsSetCreateThreadNotifyRoutine");
  t.add<constant_result<0, 1>>("PsSetLoadImageNotifyRoutine");
  t.add<constant_result<0, 1>>("PsRemoveLoadImageNotifyRoutine");
  t.add<constant_result<0, 3>>("IoRegisterDriverReinitialization");
  t.add<constant_result<0, 2>>("IoRegisterShutdownNotification");
  t.add<constant_result<1, 1>>("IoIsSystemThread");
  t.add_fastcall<constant_result<0, 1>>("KfAcquireSpinLock");
  t.add_fastcall<constant_result<0, 2>>("KfReleaseSpinLock");
  t.add<constant_result<0, 1>>("KeAcquireSpinLockRaiseToDpc");
  t.add<constant_result<0, 2>>("KeReleaseSpinLock");
  t.add_fastcall<&InterlockedOp>("InterlockedExchange");
  t.add<constant_result<0, 2>>("ExSystemTimeToLocalTime");
  t.add<constant_result<0, 2>>("RtlTimeToTimeFields");
}

}  // namespace emu::winapi
