// For LibraryValueTests: an openat, a read, an rt_sigaction with a mask and
// flags, and a thread (glibc creates it with clone3).
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

static void on_usr1(int sig) { (void)sig; }
static void *worker(void *arg) { return arg; }

int main(int argc, char **argv) {
    int fd = openat(AT_FDCWD, argc > 1 ? argv[1] : "/etc/hostname", O_RDONLY | O_CLOEXEC);
    char buffer[16];
    if (fd >= 0) { (void)read(fd, buffer, sizeof buffer); close(fd); }
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_usr1;
    sigemptyset(&action.sa_mask);
    sigaddset(&action.sa_mask, SIGTERM);
    action.sa_flags = SA_RESTART;
    sigaction(SIGUSR1, &action, NULL);
    pthread_t thread;
    if (pthread_create(&thread, NULL, worker, NULL) == 0) pthread_join(thread, NULL);
    return 0;
}
