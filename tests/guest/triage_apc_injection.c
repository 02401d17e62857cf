// Heuristic 11 (APC injection, T1055.004) and 5: writes code into another
// process and queues an APC to one of its threads.
#include "remote_process.h"

int main(void) {
  HANDLE proc = open_target_process();
  if (!proc) return 1;
  static const unsigned char code[] = {0x90, 0x90, 0xC3};
  void* remote = write_into_process(proc, code, sizeof code, PAGE_EXECUTE_READ);
  HANDLE thread = OpenThread(THREAD_SET_CONTEXT, FALSE, 1238);
  if (!thread) return 2;
  QueueUserAPC((PAPCFUNC)remote, thread, 0);
  CloseHandle(thread);
  CloseHandle(proc);
  return 0;
}
