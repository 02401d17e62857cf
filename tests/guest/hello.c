// The plainest program: prints a line and returns 0.
#include <stdio.h>

int main(void) {
  printf("Hello from the guest\n");
  return 0;
}
