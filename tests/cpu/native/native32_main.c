/* cpu-diff-native32: runs a batch of differential-test cases as 32-bit code.
 * Usage: cpu-diff-native32 FD
 * FD is an inherited memfd holding an nx_batch (see native_exec.h). Exit
 * status 0 when every case ran (faults included); the parent reads the
 * results from the shared mapping. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "native_exec.h"

int main(int argc, char** argv) {
  struct stat st;
  int fd;
  void* p;
  int rc;
  if (argc != 2) {
    fprintf(stderr, "usage: %s FD\n", argv[0]);
    return 2;
  }
  fd = atoi(argv[1]);
  if (fstat(fd, &st) != 0 || (size_t)st.st_size < sizeof(nx_batch)) {
    fprintf(stderr, "cpu-diff-native32: bad batch fd\n");
    return 2;
  }
  p = mmap(0, (size_t)st.st_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (p == MAP_FAILED) {
    perror("mmap");
    return 2;
  }
  if ((size_t)st.st_size < nx_batch_bytes(((nx_batch*)p)->count)) {
    fprintf(stderr, "cpu-diff-native32: batch larger than its file\n");
    return 2;
  }
  rc = nx_setup();
  if (rc != 0) {
    fprintf(stderr, "cpu-diff-native32: cannot map fixed pages (%d)\n", rc);
    return 3;
  }
  alarm(60);
  nx_run_batch((nx_batch*)p);
  return 0;
}
