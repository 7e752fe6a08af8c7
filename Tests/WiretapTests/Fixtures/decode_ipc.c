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
#include <sys/mman.h>
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
  /* No callout: no upcall to /sbin/request-key. */
  syscall(SYS_request_key, "user", "wt-missing", NULL, 0);
  /* A destination keyring that does not exist fails before any upcall. */
  syscall(SYS_request_key, "user", "wt-missing", "callout info", 12345);
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

/* Arguments the kernel refuses: structures cut short by an unmapped page,
 * unknown flags and commands, counts past -s, NULL buffers. */
static void hostile(void) {
  char *page = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (page == MAP_FAILED) return;
  munmap(page + 4096, 4096);
  for (int i = 0; i < 4096; i++) page[i] = (char)(i * 13 + 7);
  char *edge = page + 4096 - 2;
  int shm = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
  shmctl(shm, IPC_SET, (struct shmid_ds *)edge);
  shmctl(shm, IPC_SET, NULL);
  shmctl(shm, SHM_LOCK, NULL);
  shmctl(shm, SHM_UNLOCK, NULL);
  shmctl(shm, SHM_STAT, (struct shmid_ds *)page);
  shmctl(shm, IPC_INFO | 0x100, (struct shmid_ds *)edge);
  shmctl(shm, 0x7f, NULL);
  shmctl(shm, IPC_RMID, NULL);
  int sem = semget(IPC_PRIVATE, 3, IPC_CREAT | 0600);
  semctl(sem, 0, IPC_SET, NULL);
  semctl(sem, 0, IPC_SET, edge);
  semctl(sem, 0, SETALL, page);
  semctl(sem, 0, GETNCNT);
  semctl(sem, 0, GETZCNT);
  struct sembuf ops[40];
  for (int i = 0; i < 40; i++) {
    ops[i].sem_num = i % 3;
    ops[i].sem_op = 0;
    ops[i].sem_flg = IPC_NOWAIT | (i & 1 ? 0x4000 : 0);
  }
  semop(sem, ops, 40);
  semop(sem, (struct sembuf *)(edge - 4), 2);
  semop(sem, (struct sembuf *)(page + 4096 - 6 * 33), 40);
  semctl(sem, 0, IPC_RMID);
  int msg = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
  msgsnd(msg, page, 0, IPC_NOWAIT);
  msgsnd(msg, page + 4096 - 12, 10, IPC_NOWAIT);
  msgsnd(msg, page + 4096 - 20, 10, IPC_NOWAIT | 0x100000);
  msgrcv(msg, page + 4096 - 12, 100, 0, IPC_NOWAIT | MSG_COPY);
  msgctl(msg, IPC_SET, (struct msqid_ds *)edge);
  msgctl(msg, MSG_STAT, (struct msqid_ds *)page);
  msgctl(msg, IPC_RMID, NULL);
  mqd_t q = mq_open("/wt-hostile", O_RDWR | O_CREAT, 0600, NULL);
  mq_open("/wt-hostile-2", O_RDWR | O_CREAT, 0600, (struct mq_attr *)edge);
  mq_open("/wt-hostile-3", O_RDWR | O_CREAT | O_EXCL, 0777, (struct mq_attr *)page);
  struct sigevent event = {.sigev_notify = SIGEV_THREAD_ID, .sigev_signo = SIGRTMIN + 2};
  event._sigev_un._tid = 1;
  syscall(SYS_mq_notify, q, &event);
  event.sigev_notify = SIGEV_SIGNAL;
  event.sigev_signo = 99;
  syscall(SYS_mq_notify, q, &event);
  syscall(SYS_mq_notify, q, edge);
  syscall(SYS_mq_getsetattr, q, edge, page);
  syscall(SYS_mq_getsetattr, q, NULL, edge);
  syscall(SYS_mq_timedsend, q, edge, 10, 0xffffffff, edge);
  syscall(SYS_mq_timedreceive, q, page, 10, edge, page);
  close(q);
  mq_unlink("/wt-hostile");
  mq_unlink("/wt-hostile-3");
  keyctl(KEYCTL_DESCRIBE, KEY_SPEC_SESSION_KEYRING, (long)edge, 100, 0);
  keyctl(KEYCTL_SETPERM, 12345, 0, 0, 0);
  keyctl(KEYCTL_SETPERM, 12345, 0xc0000000, 0, 0);
  keyctl(KEYCTL_CHOWN, 12345, 5, 0x80000000, 0);
  keyctl(KEYCTL_INSTANTIATE_IOV, 12345, (long)edge, 3, -3);
  keyctl(KEYCTL_REJECT, 12345, 1, 9999, 0);
  keyctl(KEYCTL_REJECT, 12345, 0xffffffff, ENOKEY, -8);
  keyctl(KEYCTL_NEGATE, 12345, 0xffffffff, -9, 0);
  keyctl(KEYCTL_CAPABILITIES, 0, 0, 0, 0);
  keyctl(KEYCTL_CAPABILITIES, (long)page, 1, 0, 0);
  keyctl(KEYCTL_CAPABILITIES, (long)edge, 100, 0, 0);
  keyctl(KEYCTL_MOVE, 12345, -1, -2, 0xff);
  keyctl(KEYCTL_SET_REQKEY_KEYRING, -2, 0, 0, 0);
  keyctl(KEYCTL_RESTRICT_KEYRING, 12345, (long)edge, (long)page, 0);
  int dh[3] = {KEY_SPEC_SESSION_KEYRING, 12345, 0};
  struct keyctl_kdf_params kdf = {"sha256", page, 5, {0, 0, 7}};
  keyctl(KEYCTL_DH_COMPUTE, (long)dh, (long)page, 10, (long)&kdf);
  keyctl(KEYCTL_DH_COMPUTE, (long)edge, 0, 0, (long)edge);
  keyctl(KEYCTL_DH_COMPUTE, 0, 0, 0, 0);
  keyctl(KEYCTL_PKEY_QUERY, 12345, 0, (long)"enc=pkcs1", (long)page);
  struct keyctl_pkey_params params = {.key_id = KEY_SPEC_SESSION_KEYRING, .in_len = 3, .out_len = 64};
  keyctl(KEYCTL_PKEY_ENCRYPT, (long)&params, (long)"enc=pkcs1", (long)"abc", (long)page);
  keyctl(KEYCTL_PKEY_SIGN, (long)edge, (long)"enc=pkcs1", (long)"abc", (long)page);
  params.__spare[1] = 2;
  params.in2_len = 9;
  keyctl(KEYCTL_PKEY_VERIFY, (long)&params, (long)"enc=pkcs1", (long)"abc", (long)"signature");
  keyctl(KEYCTL_WATCH_KEY, 12345, 1, 2, 0);
  syscall(SYS_add_key, edge, page, edge, 5, 0x80000000);
  syscall(SYS_add_key, "user", "x", NULL, 0, -100);
  syscall(SYS_request_key, "user", edge, page, -4);
  munmap(page, 4096);
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
  hostile();
  return 0;
}
