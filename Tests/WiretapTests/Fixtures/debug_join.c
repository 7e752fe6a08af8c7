/* A second thread calls `work` once main waits in pthread_join; then main
 * calls it: two stops in two threads at one breakpoint, in a known order. */
#include <pthread.h>
#include <unistd.h>

int total = 0;

__attribute__((noinline)) void work(int n) { total += n; }

static void *run(void *unused) {
  (void)unused;
  usleep(200000);
  work(1);
  return 0;
}

int main(void) {
  pthread_t thread;
  pthread_create(&thread, 0, run, 0);
  pthread_join(thread, 0);
  work(2);
  write(1, total == 3 ? "done\n" : "wrong\n", total == 3 ? 5 : 6);
  return total == 3 ? 0 : 3;
}
