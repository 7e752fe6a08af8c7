/* `work` is called once before a posix_spawn (a vfork child, sharing this
 * process's memory until it execs /bin/true) and twice after it. */
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;
volatile int calls = 0;

__attribute__((noinline)) void work(void) { calls++; }

int main(void) {
  work();
  pid_t child;
  char *argv[] = {"/bin/true", 0};
  if (posix_spawn(&child, "/bin/true", 0, 0, argv, environ) == 0) {
    int status;
    waitpid(child, &status, 0);
  }
  work();
  work();
  write(1, calls == 3 ? "done\n" : "wrong\n", calls == 3 ? 5 : 6);
  return calls == 3 ? 0 : 3;
}
