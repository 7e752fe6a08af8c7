/* time(2) with a pointer, with NULL, and with an unmapped pointer. */
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int main(void) {
  time_t t;
  write(-1, "MARK", 4);
  syscall(SYS_time, &t);
  syscall(SYS_time, NULL);
  syscall(SYS_time, (void *)1);
  return 0;
}
