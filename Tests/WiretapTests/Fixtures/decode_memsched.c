#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/ioprio.h>
#include <linux/kcmp.h>
#include <linux/membarrier.h>
#include <linux/mempolicy.h>
#include <sched.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>
/* The memory-policy and scheduling family after the marker: mappings and
 * their protections and flags, msync/mremap/mlock, NUMA policies and node
 * masks, move_pages with its status array, memfd_create/memfd_secret,
 * protection keys, process_madvise, readahead/fadvise64, sched_attr,
 * sched_rr_get_interval, affinity, I/O priorities, getcpu, the robust list,
 * kcmp and membarrier; successes and failures. */
struct sched_attr_v1 {
  uint32_t size, sched_policy;
  uint64_t sched_flags;
  int32_t sched_nice;
  uint32_t sched_priority;
  uint64_t sched_runtime, sched_deadline, sched_period;
  uint32_t sched_util_min, sched_util_max;
};

int main(void) {
  write(-1, "MARK", 4);
  long page = sysconf(_SC_PAGESIZE);
  /* Everything whose address is printed lives at fixed addresses: the
   * mappings, and the structures in an arena (the stack moves between runs). */
  char *arena = mmap((void *)0x30000000, 16 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
  char *anon = mmap((void *)0x31000000, 4 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
  mprotect(anon, page, PROT_READ);
  mprotect(anon, page, PROT_NONE);
  mprotect(anon, page, PROT_READ | PROT_WRITE | PROT_EXEC | 0x100000);
  msync(anon, page, MS_SYNC | MS_INVALIDATE);
  msync(anon, page, 0x40);
  mlock2(anon, page, MLOCK_ONFAULT);
  munlock(anon, page);
  mlockall(MCL_CURRENT | MCL_FUTURE | 0x100);
  mprotect(anon, page, PROT_READ | PROT_WRITE);
  char *moved = mremap(anon, 4 * page, 8 * page, MREMAP_MAYMOVE | MREMAP_FIXED, (void *)0x32000000);
  mremap(moved, page, 2 * page, 0);
  mremap(moved, page, page, MREMAP_FIXED, (char *)0x10000);
  mmap((void *)0x33000000, page, PROT_READ, MAP_SHARED | MAP_ANONYMOUS | MAP_HUGETLB | (21 << MAP_HUGE_SHIFT), -1, 0);
  mmap((void *)0x1000, page, PROT_READ, 0x7 | MAP_FIXED_NOREPLACE, -1, 0);
  syscall(SYS_mmap, 0x34000000, page, PROT_READ, 0xffffffff00000002UL | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
  syscall(SYS_pkey_mprotect, moved, page, PROT_READ, -1);
  syscall(SYS_remap_file_pages, moved, page, 0, 0, 0);
  int key = syscall(SYS_pkey_alloc, 0, 0x3);
  syscall(SYS_pkey_alloc, 1, 0x8);
  if (key >= 0) syscall(SYS_pkey_free, key);
  syscall(SYS_pkey_free, -1);

  /* NUMA policies. */
  unsigned long *mask = (unsigned long *)arena;
  mask[0] = 1;
  syscall(SYS_set_mempolicy, MPOL_BIND, mask, 2);
  syscall(SYS_set_mempolicy, MPOL_PREFERRED | MPOL_F_STATIC_NODES, mask, 64);
  syscall(SYS_set_mempolicy, MPOL_DEFAULT, NULL, 0);
  syscall(SYS_set_mempolicy, 9 | MPOL_F_RELATIVE_NODES, mask, 129);
  int *mode = (int *)(arena + 64);
  *mode = -1;
  unsigned long *got = (unsigned long *)(arena + 128);
  syscall(SYS_get_mempolicy, mode, got, 128, NULL, 0);
  syscall(SYS_get_mempolicy, mode, NULL, 0, moved, MPOL_F_ADDR);
  syscall(SYS_get_mempolicy, mode, got, 1, NULL, 0x10);
  syscall(SYS_mbind, moved, page, MPOL_BIND, mask, 2, MPOL_MF_STRICT | MPOL_MF_MOVE);
  syscall(SYS_mbind, moved, page, MPOL_LOCAL, NULL, 0, 0);
  syscall(SYS_mbind, moved, page, MPOL_INTERLEAVE | MPOL_F_NUMA_BALANCING, mask, 65, 0x80);
  syscall(SYS_migrate_pages, 0, 2, mask, mask);
  syscall(SYS_migrate_pages, getpid(), 0, NULL, NULL);
  syscall(SYS_set_mempolicy_home_node, moved, page, 0, 0);
  void **pages = (void **)(arena + 256);
  pages[0] = moved; pages[1] = moved + page; pages[2] = (void *)0x1000;
  int *nodes = (int *)(arena + 320), *status = (int *)(arena + 384);
  status[0] = status[1] = status[2] = 7;
  syscall(SYS_move_pages, 0, 3, pages, NULL, status, 0);
  syscall(SYS_move_pages, 0, 3, pages, nodes, status, MPOL_MF_MOVE);
  syscall(SYS_move_pages, 0, 2, pages, nodes, (int *)1, 0x10);

  /* memfd, pkeys aside: descriptors. */
  int memfd = syscall(SYS_memfd_create, "wiretap-memsched", MFD_CLOEXEC | MFD_ALLOW_SEALING);
  syscall(SYS_memfd_create, "huge", MFD_HUGETLB | (30 << 26));
  syscall(SYS_memfd_create, "", 0);
  syscall(SYS_memfd_create, "bad", 0x100);
  syscall(SYS_memfd_create, NULL, 0);
  int secret = syscall(SYS_memfd_secret, O_CLOEXEC);
  syscall(SYS_memfd_secret, 0x10);
  if (memfd >= 0) {
    ftruncate(memfd, 4 * page);
    char *shared = mmap((void *)0x35000000, page, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, memfd, page);
    munmap(shared, page);
    syscall(SYS_readahead, memfd, 0, 4096);
    syscall(SYS_readahead, memfd, -1, -1);
    syscall(SYS_fadvise64, memfd, 0, -1, POSIX_FADV_WILLNEED);
    syscall(SYS_fadvise64, memfd, 1, 2, 99);
  }
  if (secret >= 0) close(secret);

  /* process_madvise on our own pidfd. */
  int pidfd = syscall(SYS_pidfd_open, getpid(), 0);
  struct iovec *ranges = (struct iovec *)(arena + 448);
  ranges[0].iov_base = moved; ranges[0].iov_len = page;
  ranges[1].iov_base = moved + page; ranges[1].iov_len = page;
  syscall(SYS_process_madvise, pidfd, ranges, 2, MADV_COLD, 0);
  syscall(SYS_process_madvise, pidfd, ranges, 1, 1000, 1);
  syscall(SYS_process_madvise, pidfd, NULL, 0, MADV_PAGEOUT, 0);
  syscall(SYS_process_mrelease, pidfd, 0);
  syscall(SYS_process_mrelease, -1, 5);

  /* Scheduling attributes. */
  struct sched_attr_v1 *attrp = (struct sched_attr_v1 *)(arena + 512);
#define attr (*attrp)
  syscall(SYS_sched_getattr, 0, &attr, sizeof attr, 0);
  syscall(SYS_sched_getattr, 0, &attr, 48, 0);
  syscall(SYS_sched_getattr, 0, &attr, 0, 0);
  syscall(SYS_sched_getattr, 0, NULL, sizeof attr, 0);
  syscall(SYS_sched_setattr, 0, &attr, 0);
  attr.size = 48;
  attr.sched_flags = 0x18;
  syscall(SYS_sched_setattr, 0, &attr, 0);
  attr.size = sizeof attr;
  attr.sched_policy = 3;
  attr.sched_flags = 0x100;
  attr.sched_nice = -5;
  syscall(SYS_sched_setattr, 0, &attr, 0);
  attr.size = 12;
  syscall(SYS_sched_setattr, 0, &attr, 0);
  struct timespec *quantum = (struct timespec *)(arena + 640);
  syscall(SYS_sched_rr_get_interval, 0, quantum);
  syscall(SYS_sched_rr_get_interval, -1, quantum);
  cpu_set_t *cpus = (cpu_set_t *)(arena + 1024);
  sched_getaffinity(0, sizeof *cpus, cpus);
  syscall(SYS_sched_setaffinity, 0, sizeof *cpus, cpus);
  syscall(SYS_sched_setaffinity, 0, 8, cpus);
  syscall(SYS_sched_setaffinity, 0, 0, cpus);

  /* I/O priorities. */
  int prio = syscall(SYS_ioprio_get, IOPRIO_WHO_PROCESS, 0);
  syscall(SYS_ioprio_set, IOPRIO_WHO_PROCESS, 0, (IOPRIO_CLASS_BE << 13) | 4);
  syscall(SYS_ioprio_get, IOPRIO_WHO_PROCESS, 0);
  syscall(SYS_ioprio_get, IOPRIO_WHO_PGRP, 999999);
  syscall(SYS_ioprio_get, IOPRIO_WHO_USER, 999999);
  syscall(SYS_ioprio_set, IOPRIO_WHO_PROCESS, 0, (7 << 13) | 1);
  syscall(SYS_ioprio_set, 9, 0, 0);
  if (prio >= 0) syscall(SYS_ioprio_set, IOPRIO_WHO_PROCESS, 0, prio);

  /* getcpu (on CPU 0: the same answer every run), robust lists (at a
   * fixed address: an empty list), kcmp, membarrier. */
  CPU_ZERO(cpus);
  CPU_SET(0, cpus);
  sched_setaffinity(0, sizeof *cpus, cpus);
  void **robust = (void **)(arena + 3072);
  robust[0] = robust;
  syscall(SYS_set_robust_list, robust, 24);
  unsigned *cpu = (unsigned *)(arena + 2048), *node = cpu + 1;
  syscall(SYS_getcpu, cpu, node, NULL);
  syscall(SYS_getcpu, NULL, NULL, NULL);
  void **head = (void **)(arena + 2112);
  size_t *length = (size_t *)(arena + 2120);
  syscall(SYS_get_robust_list, 0, head, length);
  syscall(SYS_get_robust_list, -1, head, length);
  pid_t self = getpid();
  syscall(SYS_kcmp, self, self, KCMP_FILE, memfd, memfd);
  syscall(SYS_kcmp, self, self, KCMP_VM, 0, 0);
  syscall(SYS_kcmp, self, self, 99, 1, 2);
  syscall(SYS_membarrier, MEMBARRIER_CMD_QUERY, 0, 0);
  syscall(SYS_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED_RSEQ, MEMBARRIER_CMD_FLAG_CPU, 0);
  syscall(SYS_membarrier, MEMBARRIER_CMD_GLOBAL, 4, 0);
  /* memfd names: the kernel takes 249 bytes, strace prints 250 at most. */
  char *name = arena + 4096;
  for (int n = 248; n <= 251; n++) {
    memset(name, 'n', 300);
    name[n] = 0;
    int fd = syscall(SYS_memfd_create, name, 0);
    if (fd >= 0) close(fd);
  }
  munmap(moved, 8 * page);
  return 0;
}
