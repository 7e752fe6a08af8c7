/* A target for DebuggerTests and bench/debug.py: `work` is called N times
 * (argv[1], default 5; argv[2]: microseconds to sleep between calls)
 * with 0, 1, 2...; each call adds its argument to
 * `counter`, which a watchpoint can follow. Prints "done" and exits 0 when
 * the sum is right, 3 otherwise (a breakpoint left in would trap it). */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

volatile int counter = 0;

__attribute__((noinline)) int work(int n) {
  counter += n;
  return counter;
}

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 5;
  long pause = argc > 2 ? atol(argv[2]) : 0;
  long expected = 0;
  for (long i = 0; i < n; i++) {
    if (pause > 0) usleep((useconds_t)pause);
    work((int)i);
    expected += i;
  }
  write(1, "done\n", 5);
  return (int)expected == counter ? 0 : 3;
}
