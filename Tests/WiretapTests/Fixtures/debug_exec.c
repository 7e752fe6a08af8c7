/* Forks a child that exits, raises SIGUSR2 (handled), then execs
 * /bin/true: one fork, one signal, one exec for catchpoints. */
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

static void on_usr2(int signal) { (void)signal; }

int main(void) {
  signal(SIGUSR2, on_usr2);
  pid_t child = fork();
  if (child == 0) _exit(0);
  waitpid(child, 0, 0);
  raise(SIGUSR2);
  execl("/bin/true", "true", (char *)0);
  return 1;
}
