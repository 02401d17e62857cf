// The x64 unwinding APIs called directly, as compilers' runtimes do:
//   RtlCaptureContext + RtlLookupFunctionEntry + RtlVirtualUnwind step from
//   a function to its caller (checked against __builtin_return_address);
//   RtlRestoreContext resumes at a captured context (like longjmp);
//   RtlUnwindEx to a frame that is not on the stack ends the run with a
//   named error (Windows raises STATUS_INVALID_UNWIND_TARGET).
// Each result is one puts() line. On x86 these APIs do not exist.
#include <stdio.h>
#include <windows.h>

#if defined(__x86_64__)
__attribute__((noinline)) static void step_to_caller(void) {
  CONTEXT ctx;
  RtlCaptureContext(&ctx);
  DWORD64 base = 0;
  PRUNTIME_FUNCTION f = RtlLookupFunctionEntry(ctx.Rip, &base, NULL);
  if (!f) {
    puts("no function entry");
    return;
  }
  void* data = NULL;
  DWORD64 frame = 0;
  PEXCEPTION_ROUTINE h = RtlVirtualUnwind(UNW_FLAG_NHANDLER, base, ctx.Rip, f, &ctx, &data, &frame, NULL);
  puts(h == NULL ? "no handler asked, none returned" : "handler returned for UNW_FLAG_NHANDLER");
  puts(ctx.Rip == (DWORD64)__builtin_return_address(0) ? "unwound to the caller" : "unwound elsewhere");
}

static volatile int passes = 0;

int main(void) {
  step_to_caller();

  CONTEXT ctx;
  RtlCaptureContext(&ctx);
  if (passes++ == 0) {
    puts("restoring");
    RtlRestoreContext(&ctx, NULL);
    puts("RtlRestoreContext returned");
  }
  puts(passes == 2 ? "resumed after capture" : "wrong pass count");

  CONTEXT scratch;
  RtlUnwindEx((void*)0x10, (void*)main, NULL, NULL, &scratch, NULL);
  puts("RtlUnwindEx returned");
  return 0;
}
#else
int main(void) {
  puts("x86");
  return 0;
}
#endif
