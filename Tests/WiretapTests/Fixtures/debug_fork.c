/* The parent calls `work` once, then forks a child that calls it three
 * times; the parent exits with the child's status (0 when the child ran
 * its calls untouched: an int3 left in its copy of the code would kill it). */
#include <sys/wait.h>
#include <unistd.h>

volatile int calls = 0;

__attribute__((noinline)) void work(void) { calls++; }

int main(void) {
  work();
  pid_t child = fork();
  if (child == 0) {
    for (int i = 0; i < 3; i++) work();
    _exit(calls == 4 ? 0 : 3);
  }
  int status = 0;
  waitpid(child, &status, 0);
  write(1, "done\n", 5);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 100 + WTERMSIG(status);
}
