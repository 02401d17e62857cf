// Heuristic 10 (thread execution hijacking, T1055.003), with 2 and 5:
// suspends a thread of another process, writes code into that process,
// redirects the thread and resumes it.
#include <string.h>

#include "remote_process.h"

int main(void) {
  HANDLE proc = open_target_process();
  HANDLE thread = OpenThread(THREAD_ALL_ACCESS, FALSE, 1238);
  if (!proc || !thread) return 1;
  SuspendThread(thread);  // before the write: the heuristic wants this order
  static const unsigned char code[] = {0x90, 0x90, 0xC3};
  void* remote = write_into_process(proc, code, sizeof code, PAGE_EXECUTE_READWRITE);
  CONTEXT ctx;
  memset(&ctx, 0, sizeof ctx);
  ctx.ContextFlags = CONTEXT_FULL;
  GetThreadContext(thread, &ctx);
#if defined(_WIN64)
  ctx.Rip = (DWORD64)(ULONG_PTR)remote;
#else
  ctx.Eip = (DWORD)(ULONG_PTR)remote;
#endif
  SetThreadContext(thread, &ctx);
  ResumeThread(thread);
  return 0;
}
