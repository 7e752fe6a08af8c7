#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/keyctl.h>
#include <mqueue.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>
/* SysV shared memory, semaphores and message queues, POSIX message queues
 * and keys, after the marker: successes (with the structures the kernel
 * fills in) and failures. It runs in an IPC namespace of its own (as root),
 * so that object ids and queue names are the same from run to run and no
 * other process sees them; everything it creates is removed at the end.
 * Keys live in a new anonymous session keyring, and are revoked. */

#define KEY_POS_ALL 0x3f000000
#define KEY_USR_VIEW 0x00010000
#define KEY_USR_READ 0x00020000

static long keyctl(long command, long a, long b, long c, long d) {
  return syscall(SYS_keyctl, command, a, b, c, d);
}

static void shared_memory(void) {
  int id = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
  char *p = shmat(id, NULL, 0);
  if (p != (void *)-1) memcpy(p, "hello", 5);
  struct shmid_ds ds;
  shmctl(id, IPC_STAT, &ds);
  ds.shm_perm.mode = 0640;
  shmctl(id, IPC_SET, &ds);
  struct shminfo limits;
  shmctl(id, IPC_INFO, (struct shmid_ds *)&limits);
  struct shm_info usage;
  shmctl(id, SHM_INFO, (struct shmid_ds *)&usage);
  syscall(SYS_shmctl, id, IPC_STAT | 0x100, &ds);
  shmctl(id, IPC_STAT, (struct shmid_ds *)1);
  shmat(id, (void *)0x1000, SHM_RDONLY | SHM_RND | 0x1);
  shmdt(p);
  shmdt((void *)0x1000);
  shmctl(id, IPC_RMID, NULL);
  shmctl(id, IPC_STAT, &ds);
  id = shmget(IPC_PRIVATE, 8192, IPC_CREAT | IPC_EXCL | SHM_NORESERVE | 0640);
  shmctl(id, IPC_RMID, NULL);
  shmget(IPC_PRIVATE, 2 << 20, IPC_CREAT | SHM_HUGETLB | (21 << 26) | 0600);
  shmget(0x1234, 4096, 0600);
}

static void semaphores(void) {
  int id = semget(IPC_PRIVATE, 2, IPC_CREAT | 0600);
  struct sembuf ops[3] = {{0, 2, SEM_UNDO}, {1, 1, IPC_NOWAIT}, {0, -1, 0}};
  semop(id, ops, 3);
  struct timespec timeout = {0, 1000};
  struct sembuf take = {1, -2, IPC_NOWAIT};
  semtimedop(id, &take, 1, &timeout);
  semtimedop(id, &ops[2], 1, NULL);
  semop(id, (struct sembuf *)1, 1);
  semop(id, ops, 0);
  semctl(id, 0, GETVAL);
  semctl(id, 1, SETVAL, 5);
  unsigned short values[2];
  semctl(id, 0, GETALL, values);
  semctl(id, 0, GETPID);
  struct semid_ds ds;
  semctl(id, 0, IPC_STAT, &ds);
  ds.sem_perm.mode = 0640;
  semctl(id, 0, IPC_SET, &ds);
  struct seminfo limits;
  semctl(id, 0, IPC_INFO, &limits);
  semctl(id, 0, SEM_INFO, &limits);
  semctl(id, 0, IPC_STAT, (void *)1);
  semctl(id, 0, 99);
  semctl(id, 0, IPC_RMID);
  semget(0x1234, 1, 0600);
  semget(IPC_PRIVATE, 1, IPC_CREAT | IPC_EXCL | 0x100000 | 0600);
}

static void message_queues(void) {
  int id = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
  struct {
    long mtype;
    char mtext[64];
  } message = {1, "hello"}, received;
  msgsnd(id, &message, 5, 0);
  message.mtype = 2;
  strcpy(message.mtext, "world, and a longer text than -s cuts");
  msgsnd(id, &message, 38, IPC_NOWAIT);
  msgrcv(id, &received, sizeof received.mtext, 2, IPC_NOWAIT | MSG_NOERROR);
  msgrcv(id, &received, 3, -5, MSG_NOERROR);
  msgrcv(id, &received, sizeof received.mtext, 0, IPC_NOWAIT);
  msgsnd(id, (void *)1, 5, 0);
  struct msqid_ds ds;
  msgctl(id, IPC_STAT, &ds);
  msgctl(id, IPC_SET, &ds);
  struct msginfo limits;
  msgctl(id, IPC_INFO, (struct msqid_ds *)&limits);
  msgctl(id, MSG_INFO, (struct msqid_ds *)&limits);
  msgctl(id, IPC_RMID, NULL);
  msgget(0x1234, 0600);
}

static void posix_queues(void) {
  const char *name = "/wt-ipc";
  struct mq_attr attributes = {0, 4, 32, 0}, old;
  mqd_t q = mq_open(name, O_RDWR | O_CREAT | O_EXCL, 0600, &attributes);
  mq_open(name, O_RDWR | O_CREAT | O_EXCL, 0600, &attributes);
  struct timespec deadline = {2000000000, 5};
  mq_timedsend(q, "first message", 13, 3, &deadline);
  mq_send(q, "second", 6, 7);
  char buffer[64];
  unsigned int priority;
  mq_timedreceive(q, buffer, sizeof buffer, &priority, &deadline);
  mq_receive(q, buffer, sizeof buffer, NULL);
  mq_getattr(q, &old);
  mq_setattr(q, &(struct mq_attr){O_NONBLOCK, 0, 0, 0}, &old);
  mq_receive(q, buffer, sizeof buffer, &priority);
  mq_timedreceive(q, buffer, 4, &priority, (struct timespec *)1);
  struct sigevent event = {.sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGUSR1};
  mq_notify(q, &event);
  mq_notify(q, NULL);
  event.sigev_notify = SIGEV_NONE;
  event.sigev_value.sival_int = 42;
  mq_notify(q, &event);
  mq_notify(q, NULL);
  event.sigev_notify = SIGEV_THREAD;
  event.sigev_value.sival_ptr = buffer;
  syscall(SYS_mq_notify, q, &event);
  event.sigev_notify = 7;
  syscall(SYS_mq_notify, q, &event);
  syscall(SYS_mq_getsetattr, q, (void *)1, NULL);
  close(q);
  mq_open(name, O_RDONLY);
  mq_unlink(name);
  mq_unlink(name);
}

static void keys(void) {
  keyctl(KEYCTL_JOIN_SESSION_KEYRING, 0, 0, 0, 0);
  long key = syscall(SYS_add_key, "user", "wt-key", "secret", 6, KEY_SPEC_SESSION_KEYRING);
  long other = syscall(SYS_add_key, "user", "wt-other", "x", 1, KEY_SPEC_SESSION_KEYRING);
  syscall(SYS_add_key, "no-such-type", "wt-key", "", 0, KEY_SPEC_SESSION_KEYRING);
  char buffer[128];
  keyctl(KEYCTL_DESCRIBE, key, 0, 0, 0);
  keyctl(KEYCTL_DESCRIBE, key, (long)buffer, sizeof buffer, 0);
  keyctl(KEYCTL_DESCRIBE, key, (long)buffer, 4, 0);
  keyctl(KEYCTL_READ, key, (long)buffer, sizeof buffer, 0);
  keyctl(KEYCTL_READ, key, (long)buffer, 2, 0);
  keyctl(KEYCTL_UPDATE, key, (long)"a new secret", 12, 0);
  keyctl(KEYCTL_SETPERM, key, KEY_POS_ALL | KEY_USR_VIEW | KEY_USR_READ, 0, 0);
  keyctl(KEYCTL_SET_TIMEOUT, key, 1000, 0, 0);
  keyctl(KEYCTL_GET_KEYRING_ID, KEY_SPEC_SESSION_KEYRING, 0, 0, 0);
  keyctl(KEYCTL_GET_KEYRING_ID, 12345, 1, 0, 0);
  keyctl(KEYCTL_SEARCH, KEY_SPEC_SESSION_KEYRING, (long)"user", (long)"wt-key", 0);
  syscall(SYS_request_key, "user", "wt-key", NULL, KEY_SPEC_SESSION_KEYRING);
  syscall(SYS_request_key, "user", "wt-missing", "callout info", 0);
  keyctl(KEYCTL_CHOWN, key, -1, -1, 0);
  keyctl(KEYCTL_GET_SECURITY, key, (long)buffer, sizeof buffer, 0);
  keyctl(KEYCTL_CAPABILITIES, (long)buffer, 4, 0, 0);
  keyctl(KEYCTL_SET_REQKEY_KEYRING, KEY_REQKEY_DEFL_NO_CHANGE, 0, 0, 0);
  keyctl(KEYCTL_SET_REQKEY_KEYRING, 99, 0, 0, 0);
  keyctl(KEYCTL_MOVE, key, KEY_SPEC_SESSION_KEYRING, KEY_SPEC_SESSION_KEYRING, KEYCTL_MOVE_EXCL);
  keyctl(KEYCTL_NEGATE, key, 10, KEY_SPEC_SESSION_KEYRING, 0);
  keyctl(KEYCTL_REJECT, key, 10, EKEYREJECTED, 0);
  struct iovec iov[2] = {{"ab", 2}, {"cde", 3}};
  keyctl(KEYCTL_INSTANTIATE_IOV, key, (long)iov, 2, 0);
  keyctl(KEYCTL_INSTANTIATE, key, (long)"data", 4, KEY_SPEC_SESSION_KEYRING);
  keyctl(KEYCTL_ASSUME_AUTHORITY, 0, 0, 0, 0);
  keyctl(KEYCTL_RESTRICT_KEYRING, KEY_SPEC_SESSION_KEYRING, (long)"user", 0, 0);
  keyctl(KEYCTL_LINK, key, KEY_SPEC_SESSION_KEYRING, 0, 0);
  keyctl(KEYCTL_INVALIDATE, other, 0, 0, 0);
  keyctl(KEYCTL_REVOKE, key, 0, 0, 0);
  keyctl(KEYCTL_READ, key, (long)buffer, sizeof buffer, 0);
  keyctl(KEYCTL_UNLINK, key, KEY_SPEC_SESSION_KEYRING, 0, 0);
  keyctl(KEYCTL_CLEAR, KEY_SPEC_SESSION_KEYRING, 0, 0, 0);
  keyctl(9999, 1, 0, 0x10, 0);
}

int main(void) {
  if (unshare(CLONE_NEWIPC) != 0) return 1;
  write(-1, "MARK", 4);
  getpid(); /* the test blanks this pid where the kernel reports it */
  shared_memory();
  semaphores();
  message_queues();
  posix_queues();
  keys();
  return 0;
}
