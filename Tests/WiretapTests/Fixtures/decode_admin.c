#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/dqblk_xfs.h>
#include <linux/kexec.h>
#include <linux/mount.h>
#include <linux/quota.h>
#include <linux/reboot.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/fanotify.h>
#include <sys/inotify.h>
#include <sys/mount.h>
#include <sys/personality.h>
#include <sys/stat.h>
#include <sys/swap.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>
/* The administration family after the marker, only with calls that harm
 * nothing: the process first moves into its own mount and UTS namespaces
 * (where / is made private), mounts a tmpfs on a fresh directory, and makes
 * real calls there: mknod of fifos and a device node, inotify and fanotify
 * watches, the new mount API (fsopen, fsconfig, fsmount, move_mount,
 * fspick, open_tree, mount_setattr), sethostname in its UTS namespace,
 * setns into its own namespace, syncfs, umount2, the syslog buffer size, a
 * syslog read into a buffer too small for a record, and a personality
 * query. The dangerous calls (reboot, swapon, kexec, modules, quotactl,
 * acct, chroot, pivot_root, syslog's console level) get arguments that fail
 * before doing anything: bad magic numbers, nonexistent paths, invalid
 * flags and levels. argv[1] is the directory to create (the same in both
 * runs of one comparison). */
static long raw(long n, long a, long b, long c, long d, long e) { return syscall(n, a, b, c, d, e); }

/* Removes what an earlier run may have left (one that could not mount the
 * tmpfs wrote into the directory itself). */
static void clean(const char *dir) {
  static const char *const names[] = {"fifo", "null", "block", "regular", "sub"};
  char path[512];
  for (unsigned i = 0; i < sizeof names / sizeof names[0]; i++) {
    snprintf(path, sizeof path, "%s/%s", dir, names[i]);
    unlink(path);
    rmdir(path);
  }
  rmdir(dir);
}

int main(int argc, char **argv) {
  const char *dir = argc > 1 ? argv[1] : "/tmp/wiretap-decode-admin";
  char path[512], sub[512], fifo[512], node[512];
  snprintf(sub, sizeof sub, "%s/sub", dir);
  snprintf(fifo, sizeof fifo, "%s/fifo", dir);
  snprintf(node, sizeof node, "%s/null", dir);
  clean(dir);
  /* The root's device, for ustat (before the marker: -v prints times). */
  struct stat st;
  stat("/", &st);
  write(-1, "MARK", 4);

  /* Namespaces of this process only. */
  unshare(CLONE_NEWNS | CLONE_NEWUTS);
  mount("none", "/", NULL, MS_REC | MS_PRIVATE, NULL);
  mkdir(dir, 0755);
  mount("tmpfs", dir, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=1m,mode=0755");
  mount(NULL, dir, NULL, MS_REMOUNT | MS_NOSUID | MS_NODEV, "size=2m");
  mount(NULL, dir, NULL, MS_PRIVATE, NULL);
  mount(NULL, dir, NULL, MS_MGC_VAL | MS_REMOUNT | MS_NOSUID | MS_NODEV, NULL);
  mount("none", "/nonexistent-wiretap", "ext4", 0x40000000UL | MS_SILENT, NULL);
  sethostname("wiretap-test", 12);
  setdomainname("example.org", 11);
  raw(SYS_sethostname, (long)"x", 100, 0, 0, 0);
  int uts = open("/proc/self/ns/uts", O_RDONLY | O_CLOEXEC);
  setns(uts, CLONE_NEWUTS);
  setns(uts, 0);
  unshare(0);

  /* Nodes on the tmpfs. */
  raw(SYS_mknod, (long)fifo, S_IFIFO | 0644, 0, 0, 0);
  mknodat(AT_FDCWD, node, S_IFCHR | 0666, makedev(1, 3));
  snprintf(path, sizeof path, "%s/block", dir);
  mknod(path, S_IFBLK | S_ISUID | 0600, makedev(259, 70000));
  snprintf(path, sizeof path, "%s/regular", dir);
  mknod(path, 0, 0);

  /* inotify and fanotify on the directory. */
  int in = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  int wd = inotify_add_watch(in, dir, IN_CREATE | IN_DELETE | IN_MODIFY | IN_ONLYDIR);
  inotify_add_watch(in, "/nonexistent-wiretap", IN_ALL_EVENTS | IN_MASK_ADD | 0x800000);
  inotify_rm_watch(in, wd);
  inotify_rm_watch(in, -5);
  int fan = fanotify_init(FAN_CLASS_NOTIF | FAN_CLOEXEC | FAN_NONBLOCK, O_RDONLY | O_LARGEFILE);
  fanotify_mark(fan, FAN_MARK_ADD | FAN_MARK_ONLYDIR, FAN_CREATE | FAN_ONDIR | FAN_EVENT_ON_CHILD, AT_FDCWD, dir);
  fanotify_mark(fan, FAN_MARK_ADD, FAN_OPEN | FAN_CLOSE_WRITE, -1, dir);
  fanotify_mark(fan, FAN_MARK_REMOVE | FAN_MARK_MOUNT, FAN_ACCESS, -1, "/nonexistent-wiretap");
  fanotify_init(FAN_CLASS_CONTENT | FAN_REPORT_FID, O_RDWR | O_CLOEXEC);
  fanotify_init(0x40000000, 0);

  /* The new mount API. */
  mkdir(sub, 0700);
  int fs = raw(SYS_fsopen, (long)"tmpfs", FSOPEN_CLOEXEC, 0, 0, 0);
  raw(SYS_fsconfig, fs, FSCONFIG_SET_STRING, (long)"size", (long)"1m", 0);
  raw(SYS_fsconfig, fs, FSCONFIG_CMD_CREATE, 0, 0, 0);
  int mnt = raw(SYS_fsmount, fs, FSMOUNT_CLOEXEC, MOUNT_ATTR_NODEV | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NOATIME, 0, 0);
  raw(SYS_move_mount, mnt, (long)"", AT_FDCWD, (long)sub, MOVE_MOUNT_F_EMPTY_PATH);
  int pick = raw(SYS_fspick, AT_FDCWD, (long)sub, FSPICK_CLOEXEC | FSPICK_NO_AUTOMOUNT, 0, 0);
  raw(SYS_fsconfig, pick, FSCONFIG_SET_STRING, (long)"mode", (long)"0700", 0);
  raw(SYS_fsconfig, pick, FSCONFIG_SET_FLAG, (long)"nonexistent-flag", 0, 0);
  raw(SYS_fsconfig, pick, FSCONFIG_SET_BINARY, (long)"binary", (long)"\x01\x02\xff", 3);
  raw(SYS_fsconfig, pick, FSCONFIG_SET_PATH, (long)"source", (long)dir, AT_FDCWD);
  raw(SYS_fsconfig, pick, FSCONFIG_SET_FD, (long)"fd", 0, uts);
  raw(SYS_fsconfig, pick, FSCONFIG_CMD_RECONFIGURE, 0, 0, 0);
  int tree = raw(SYS_open_tree, AT_FDCWD, (long)sub, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE, 0, 0);
  struct mount_attr attr = {.attr_set = MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID, .attr_clr = MOUNT_ATTR__ATIME,
                            .propagation = MS_PRIVATE};
  raw(SYS_mount_setattr, AT_FDCWD, (long)sub, AT_RECURSIVE, (long)&attr, sizeof attr);
  struct {
    struct mount_attr attr;
    uint64_t extra;
  } larger = {.attr = {.attr_set = MOUNT_ATTR_IDMAP, .userns_fd = 3}, .extra = 0x1122};
  raw(SYS_mount_setattr, tree, (long)"", AT_EMPTY_PATH, (long)&larger, sizeof larger);
  raw(SYS_mount_setattr, tree, (long)"", AT_EMPTY_PATH, (long)&attr, 8);
  syncfs(pick);
  close(tree);
  close(pick);
  close(mnt);
  close(fs);
  umount2(sub, MNT_DETACH);
  umount2("/nonexistent-wiretap", MNT_FORCE | UMOUNT_NOFOLLOW);

  /* syslog: the buffer's size, a failing read. */
  syscall(SYS_syslog, 10, NULL, 0);
  syscall(SYS_syslog, 3, NULL, -1);
  /* A buffer too small for any record: the kernel copies none (= 0). */
  char record[8];
  syscall(SYS_syslog, 3, record, sizeof record);
  syscall(SYS_syslog, 8, NULL, 99);
  syscall(SYS_syslog, 8, NULL, 0);
  syscall(SYS_syslog, 99, NULL, 1);
  personality(0xffffffff);

  /* Calls that fail before doing anything. */
  raw(SYS_reboot, 0x12345678, LINUX_REBOOT_MAGIC2, LINUX_REBOOT_CMD_CAD_OFF, 0, 0);
  raw(SYS_reboot, 0xdeadbeef, LINUX_REBOOT_MAGIC2C, LINUX_REBOOT_CMD_RESTART2, (long)"firmware", 0);
  swapon("/nonexistent-wiretap-swap", SWAP_FLAG_PREFER | SWAP_FLAG_DISCARD | 7);
  swapoff("/nonexistent-wiretap-swap");
  acct("/nonexistent-wiretap/acct");
  chroot("/nonexistent-wiretap");
  raw(SYS_pivot_root, (long)"/nonexistent-wiretap", (long)"/nonexistent-wiretap/old", 0, 0, 0);
  raw(SYS_uselib, (long)"/nonexistent-wiretap.so", 0, 0, 0, 0);
  raw(SYS_delete_module, (long)"wiretap_no_such_module", O_NONBLOCK | O_TRUNC, 0, 0, 0);
  raw(SYS_finit_module, -1, (long)"param=1", 0x80, 0, 0);
  raw(SYS_init_module, 0, 0, (long)"", 0, 0);
  uint64_t segments[2][4] = {{0x1000, 16, 0x100000, 4096}, {0, 0, 0x200000, 8192}};
  raw(SYS_kexec_load, 0x100000, 2, (long)segments, KEXEC_ARCH_X86_64 | 0x8000, 0);
  raw(SYS_kexec_load, 0x100000, 17, (long)segments, KEXEC_ARCH_DEFAULT | 0x8000, 0);
  raw(SYS_kexec_file_load, -1, -1, 4, (long)"abc", 0x100);
  raw(SYS_quotactl, QCMD(Q_SYNC, USRQUOTA), 0, 0, 0, 0);
  raw(SYS_quotactl, QCMD(Q_QUOTAON, GRPQUOTA), (long)"/nonexistent-wiretap", QFMT_VFS_V1, (long)"/nonexistent/q", 0);
  raw(SYS_quotactl, QCMD(Q_GETFMT, USRQUOTA), (long)"/nonexistent-wiretap", 0, (long)path, 0);
  struct if_dqblk dq = {.dqb_bhardlimit = 100, .dqb_isoftlimit = 7, .dqb_valid = QIF_LIMITS};
  raw(SYS_quotactl, QCMD(Q_SETQUOTA, USRQUOTA), (long)"/nonexistent-wiretap", 1000, (long)&dq, 0);
  struct if_dqinfo info = {.dqi_bgrace = 60, .dqi_flags = 1, .dqi_valid = IIF_BGRACE | IIF_FLAGS};
  raw(SYS_quotactl, QCMD(Q_SETINFO, PRJQUOTA), (long)"/nonexistent-wiretap", 0, (long)&info, 0);
  unsigned int xflags = FS_QUOTA_UDQ_ACCT | FS_QUOTA_GDQ_ENFD;
  raw(SYS_quotactl, QCMD(Q_XQUOTAON, USRQUOTA), (long)"/nonexistent-wiretap", 0, (long)&xflags, 0);
  fs_disk_quota_t xdq = {.d_version = FS_DQUOT_VERSION, .d_flags = FS_USER_QUOTA, .d_fieldmask = FS_DQ_BHARD,
                         .d_id = 1000, .d_blk_hardlimit = 2048, .d_itimer = -1, .d_rtbwarns = 3};
  raw(SYS_quotactl, QCMD(Q_XSETQLIM, USRQUOTA), (long)"/nonexistent-wiretap", 1000, (long)&xdq, 0);
  raw(SYS_quotactl, QCMD(Q_GETQUOTA, USRQUOTA), (long)"/nonexistent-wiretap", -1, (long)&dq, 0);
  int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  raw(SYS_quotactl_fd, dfd, QCMD(Q_GETINFO, USRQUOTA), 0, (long)&info, 0);
  raw(SYS_quotactl_fd, dfd, QCMD(Q_XGETQSTAT, USRQUOTA), 0, (long)&info, 0);
  char ubuf[32];
  raw(SYS_ustat, (long)st.st_dev, (long)ubuf, 0, 0, 0);
  struct {
    int *name;
    int nlen;
    void *oldval;
    size_t *oldlenp;
    void *newval;
    size_t newlen;
    unsigned long unused[4];
  } sysctl_args = {.nlen = 2, .newlen = 5};
  raw(SYS__sysctl, (long)&sysctl_args, 0, 0, 0, 0);
  raw(SYS_lookup_dcookie, 12345, (long)ubuf, sizeof ubuf, 0, 0);
  close(dfd);

  close(fan);
  close(in);
  close(uts);
  umount2(dir, 0);
  clean(dir);
  return 0;
}
