/* `work` is called from a SIGUSR1 handler (three signals, sent to itself)
 * and once from main; SIGUSR2 is sent once and must reach its handler. */
#include <signal.h>
#include <unistd.h>

volatile int calls = 0;
volatile int second = 0;

__attribute__((noinline)) void work(int n) { calls += n; }

static void on_usr1(int signal) { work(signal == SIGUSR1); }
static void on_usr2(int signal) { second = signal; }

int main(void) {
  signal(SIGUSR1, on_usr1);
  signal(SIGUSR2, on_usr2);
  for (int i = 0; i < 3; i++) kill(getpid(), SIGUSR1);
  kill(getpid(), SIGUSR2);
  work(1);
  int right = calls == 4 && second == SIGUSR2;
  write(1, right ? "done\n" : "wrong\n", right ? 5 : 6);
  return right ? 0 : 3;
}
