/* Four threads call `work` 2,000 times each; main checks the total (an
 * int3 left in, or a SIGTRAP delivered, would change or kill it). */
#include <pthread.h>
#include <unistd.h>

int total = 0;

__attribute__((noinline)) void work(int n) { __atomic_add_fetch(&total, n, __ATOMIC_SEQ_CST); }

static void *run(void *unused) {
  (void)unused;
  for (int i = 0; i < 2000; i++) work(1);
  return 0;
}

int main(void) {
  pthread_t threads[4];
  for (int i = 0; i < 4; i++) pthread_create(&threads[i], 0, run, 0);
  for (int i = 0; i < 4; i++) pthread_join(threads[i], 0);
  write(1, total == 8000 ? "done\n" : "wrong\n", total == 8000 ? 5 : 6);
  return total == 8000 ? 0 : 3;
}
