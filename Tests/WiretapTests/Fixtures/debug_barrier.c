/* Eight threads meet at a barrier, then all call `work` at once, ROUNDS
 * times (argv[1], default 20). Every call counts in `calls`; main checks
 * the total, so a lost call, an int3 left in or a SIGTRAP delivered shows. */
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#define THREADS 8

int calls = 0;
static int rounds = 20;
static pthread_barrier_t barrier;

__attribute__((noinline)) void work(int thread) { __atomic_add_fetch(&calls, 1 + thread * 0, __ATOMIC_SEQ_CST); }

static void *run(void *arg) {
  int thread = (int)(long)arg;
  for (int i = 0; i < rounds; i++) {
    pthread_barrier_wait(&barrier);
    work(thread);
  }
  return 0;
}

int main(int argc, char **argv) {
  if (argc > 1) rounds = atoi(argv[1]);
  pthread_barrier_init(&barrier, 0, THREADS);
  pthread_t threads[THREADS];
  for (long i = 0; i < THREADS; i++) pthread_create(&threads[i], 0, run, (void *)i);
  for (int i = 0; i < THREADS; i++) pthread_join(threads[i], 0);
  int expected = THREADS * rounds;
  write(1, calls == expected ? "done\n" : "wrong\n", calls == expected ? 5 : 6);
  return calls == expected ? 0 : 3;
}
