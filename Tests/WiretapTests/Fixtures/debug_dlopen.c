/* Loads the library argv[1] (debug_lib.c) with dlopen after it starts and
 * calls its debug_lib_twice twice: breakpoints set before the load wait
 * for it (pending). */
#include <dlfcn.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc < 2) return 2;
  void *library = dlopen(argv[1], RTLD_NOW);
  if (!library) return 2;
  int (*twice)(int) = (int (*)(int))dlsym(library, "debug_lib_twice");
  int total = twice(1) + twice(2);
  write(1, total == 6 ? "done\n" : "wrong\n", total == 6 ? 5 : 6);
  return total == 6 ? 0 : 3;
}
