/* File system ioctls of types 'X', 0x94 and 'f' that strace's fs_x_ioctl.c,
 * fs_0x94_ioctl.c and fs_f_ioctl.c decode (of the btrfs ones only those
 * wiretap decodes, on /dev/null: no btrfs here): FITRIM,
 * FS_IOC_FSGETXATTR/FSSETXATTR, FIFREEZE/FITHAW (only on /dev/null: no file
 * system is frozen), FIDEDUPERANGE, FS_IOC_GETFSLABEL/SETFSLABEL, FICLONE,
 * FS_IOC_GETFLAGS/SETFLAGS; real calls on a file in the current directory where they
 * succeed, the rest on /dev/null; NULL, unmapped and cut-short arguments.
 * Run by IoctlFamilyDecoderTests with and without -e inject=ioctl:retval=0. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/btrfs.h>
#include <linux/fs.h>
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

static char *guarded_page(void) {
  char *pages = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  munmap(pages + 4096, 4096);
  return pages;
}

int main(void) {
  /* In the current directory (the test's own). */
  const char *path = "ioctl-fs-file";
  int file = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
  if (file >= 0) write(file, "some data to dedupe", 19);
  write(-1, "MARK", 4);
  int null = open("/dev/null", O_RDONLY);
  char *guard = guarded_page();

  /* 'X' */
  struct fstrim_range trim = {.start = 0x1000, .len = 1 << 20, .minlen = 4096};
  ioctl(null, FITRIM, &trim);
  ioctl(null, FIFREEZE, 0x10UL);
  ioctl(null, FITHAW, 0x10UL);
  struct fsxattr xattr;
  memset(&xattr, 0, sizeof(xattr));
  ioctl(file, FS_IOC_FSGETXATTR, &xattr);
  ioctl(null, FS_IOC_FSGETXATTR, &xattr);
  xattr.fsx_xflags = FS_XFLAG_IMMUTABLE | FS_XFLAG_NODUMP | FS_XFLAG_HASATTR | 0x40000;
  xattr.fsx_extsize = 4096;
  xattr.fsx_nextents = 9;
  xattr.fsx_projid = 0x42;
  xattr.fsx_cowextsize = 7;
  ioctl(null, FS_IOC_FSSETXATTR, &xattr);
  ioctl(null, FS_IOC_FSGETXATTR, &xattr);
  xattr.fsx_xflags = 0x40000;
  ioctl(null, FS_IOC_FSSETXATTR, &xattr);

  /* 0x94 */
  static char dedupe_buffer[sizeof(struct file_dedupe_range) + 4 * sizeof(struct file_dedupe_range_info)]
      __attribute__((aligned(8)));
  struct file_dedupe_range *dedupe = (struct file_dedupe_range *)dedupe_buffer;
  dedupe->src_offset = 0;
  dedupe->src_length = 4;
  dedupe->dest_count = 1;
  dedupe->info[0].dest_fd = file;
  dedupe->info[0].dest_offset = 8;
  ioctl(file, FIDEDUPERANGE, dedupe);
  ioctl(null, FIDEDUPERANGE, dedupe);
  dedupe->dest_count = 4;
  for (int i = 1; i < 4; i++) {
    dedupe->info[i].dest_fd = -1;
    dedupe->info[i].dest_offset = i;
    dedupe->info[i].bytes_deduped = 100 * i;
    dedupe->info[i].status = -i;
  }
  ioctl(null, FIDEDUPERANGE, dedupe);
  dedupe->dest_count = 0;
  ioctl(null, FIDEDUPERANGE, dedupe);
  /* Info entries running into the unmapped page. */
  struct file_dedupe_range *cut = (struct file_dedupe_range *)(guard + 4096 - sizeof(*cut) - 32);
  memset(cut, 0, sizeof(*cut) + 32);
  cut->dest_count = 3;
  ioctl(null, FIDEDUPERANGE, cut);
  cut = (struct file_dedupe_range *)(guard + 4096 - sizeof(*cut));
  cut->dest_count = 2;
  ioctl(null, FIDEDUPERANGE, cut);
  char label[FSLABEL_MAX];
  memset(label, 0, sizeof(label));
  ioctl(file, FS_IOC_GETFSLABEL, label);
  strcpy(label, "data-volume");
  ioctl(null, FS_IOC_SETFSLABEL, label);
  ioctl(null, FS_IOC_GETFSLABEL, label);
  memset(label, 'L', sizeof(label));
  ioctl(null, FS_IOC_SETFSLABEL, label);
  ioctl(null, FICLONE, file);
  struct file_clone_range clone = {.src_fd = file, .src_offset = 0, .src_length = 4, .dest_offset = 0};
  ioctl(null, FICLONERANGE, &clone);

  /* 'f' */
  int flags = 0;
  ioctl(file, FS_IOC_GETFLAGS, &flags);
  ioctl(null, FS_IOC_GETFLAGS, &flags);
  flags = FS_NOATIME_FL | FS_APPEND_FL;
  ioctl(null, FS_IOC_SETFLAGS, &flags);
  ioctl(null, FS_IOC32_GETFLAGS, &flags);

  /* btrfs, on /dev/null. */
  unsigned int plain[] = {BTRFS_IOC_TRANS_START, BTRFS_IOC_TRANS_END, BTRFS_IOC_SYNC, BTRFS_IOC_SCRUB_CANCEL,
                          BTRFS_IOC_QUOTA_RESCAN_WAIT, BTRFS_IOC_DEFRAG, BTRFS_IOC_BALANCE};
  for (unsigned i = 0; i < sizeof(plain) / sizeof(plain[0]); i++) ioctl(null, plain[i], 0x10UL);
  ioctl(null, BTRFS_IOC_BALANCE_CTL, (unsigned long)BTRFS_BALANCE_CTL_PAUSE);
  ioctl(null, BTRFS_IOC_BALANCE_CTL, 7UL);
  uint64_t u64 = 0xfedcba9876543210ULL;
  ioctl(null, BTRFS_IOC_START_SYNC, &u64);
  ioctl(null, BTRFS_IOC_DEFAULT_SUBVOL, &u64);
  ioctl(null, BTRFS_IOC_WAIT_SYNC, &u64);
  u64 = BTRFS_SUBVOL_RDONLY | BTRFS_SUBVOL_QGROUP_INHERIT | 0x10;
  ioctl(null, BTRFS_IOC_SUBVOL_GETFLAGS, &u64);
  ioctl(null, BTRFS_IOC_SUBVOL_SETFLAGS, &u64);
  u64 = 0x100;
  ioctl(null, BTRFS_IOC_SUBVOL_SETFLAGS, &u64);
  static struct btrfs_ioctl_vol_args vol;
  vol.fd = file;
  strcpy(vol.name, "subvolume");
  unsigned int vols[] = {BTRFS_IOC_SNAP_CREATE, BTRFS_IOC_RESIZE, BTRFS_IOC_SCAN_DEV, BTRFS_IOC_FORGET_DEV,
                         BTRFS_IOC_ADD_DEV, BTRFS_IOC_RM_DEV, BTRFS_IOC_SUBVOL_CREATE, BTRFS_IOC_SNAP_DESTROY,
                         BTRFS_IOC_DEVICES_READY};
  for (unsigned i = 0; i < sizeof(vols) / sizeof(vols[0]); i++) ioctl(null, vols[i], &vol);
  memset(vol.name, 'v', sizeof(vol.name));
  vol.fd = -1;
  ioctl(null, BTRFS_IOC_SNAP_CREATE, &vol);

  struct btrfs_ioctl_qgroup_assign_args assign = {.assign = 1, .src = 2, .dst = -1};
  ioctl(null, BTRFS_IOC_QGROUP_ASSIGN, &assign);
  struct btrfs_ioctl_qgroup_create_args create = {.create = 1, .qgroupid = 0x1000000000005ULL};
  ioctl(null, BTRFS_IOC_QGROUP_CREATE, &create);
  struct btrfs_ioctl_quota_ctl_args quota = {.cmd = BTRFS_QUOTA_CTL_ENABLE};
  ioctl(null, BTRFS_IOC_QUOTA_CTL, &quota);
  quota.cmd = 9;
  ioctl(null, BTRFS_IOC_QUOTA_CTL, &quota);
  struct btrfs_ioctl_quota_rescan_args rescan = {.flags = 3, .progress = 4};
  ioctl(null, BTRFS_IOC_QUOTA_RESCAN, &rescan);

  struct btrfs_ioctl_qgroup_limit_args limit = {.qgroupid = 5, .lim = {.flags = BTRFS_QGROUP_LIMIT_MAX_RFER | 0x80,
                                                                        .max_rfer = 1 << 30, .max_excl = -1ULL,
                                                                        .rsv_rfer = 1, .rsv_excl = 2}};
  ioctl(null, BTRFS_IOC_QGROUP_LIMIT, &limit);
  struct btrfs_ioctl_feature_flags features[3] = {
      {.compat_flags = 1, .compat_ro_flags = BTRFS_FEATURE_COMPAT_RO_FREE_SPACE_TREE | 0x100,
       .incompat_flags = BTRFS_FEATURE_INCOMPAT_MIXED_BACKREF | BTRFS_FEATURE_INCOMPAT_ZONED},
      {.compat_flags = 0, .compat_ro_flags = 0, .incompat_flags = 1ULL << 40},
      {.compat_flags = 2, .compat_ro_flags = BTRFS_FEATURE_COMPAT_RO_VERITY, .incompat_flags = 0}};
  ioctl(null, BTRFS_IOC_GET_FEATURES, features);
  ioctl(null, BTRFS_IOC_SET_FEATURES, features);
  ioctl(null, BTRFS_IOC_GET_SUPPORTED_FEATURES, features);
  struct btrfs_ioctl_defrag_range_args defrag = {.start = 4096, .len = -1ULL,
                                                 .flags = BTRFS_DEFRAG_RANGE_COMPRESS | 0x10, .extent_thresh = 7,
                                                 .compress_type = 3};
  ioctl(null, BTRFS_IOC_DEFRAG_RANGE, &defrag);
  defrag.len = 100;
  defrag.flags = 0;
  defrag.compress_type = 9;
  ioctl(null, BTRFS_IOC_DEFRAG_RANGE, &defrag);

  static struct btrfs_ioctl_fs_info_args info;
  info.max_id = 1;
  info.num_devices = 1;
  for (int i = 0; i < 16; i++) info.fsid[i] = i * 17;
  info.nodesize = 16384;
  info.sectorsize = 4096;
  info.clone_alignment = 4096;
  info.csum_type = 1;
  info.csum_size = 8;
  info.flags = BTRFS_FS_INFO_FLAG_CSUM_INFO | BTRFS_FS_INFO_FLAG_GENERATION | BTRFS_FS_INFO_FLAG_METADATA_UUID | 0x40;
  info.generation = 77;
  info.metadata_uuid[15] = 1;
  ioctl(null, BTRFS_IOC_FS_INFO, &info);
  info.flags = 0;
  ioctl(null, BTRFS_IOC_FS_INFO, &info);
  info.flags = BTRFS_FS_INFO_FLAG_CSUM_INFO;
  info.csum_type = 7;
  ioctl(null, BTRFS_IOC_FS_INFO, &info);
  static struct btrfs_ioctl_dev_info_args dev;
  dev.devid = 1;
  ioctl(null, BTRFS_IOC_DEV_INFO, &dev);
  dev.uuid[0] = 0xab;
  dev.bytes_used = 1 << 20;
  dev.total_bytes = 1 << 30;
  strcpy((char *)dev.path, "/dev/sda2");
  ioctl(null, BTRFS_IOC_DEV_INFO, &dev);

  unsigned int requests[] = {BTRFS_IOC_FS_INFO, BTRFS_IOC_DEV_INFO, BTRFS_IOC_QGROUP_LIMIT, BTRFS_IOC_GET_FEATURES, BTRFS_IOC_SET_FEATURES,
                             BTRFS_IOC_GET_SUPPORTED_FEATURES, BTRFS_IOC_DEFRAG_RANGE, BTRFS_IOC_QGROUP_ASSIGN, BTRFS_IOC_QGROUP_CREATE, BTRFS_IOC_QUOTA_CTL,
                             BTRFS_IOC_QUOTA_RESCAN, BTRFS_IOC_START_SYNC, BTRFS_IOC_DEFAULT_SUBVOL, BTRFS_IOC_SUBVOL_GETFLAGS,
                             BTRFS_IOC_SUBVOL_SETFLAGS, BTRFS_IOC_SNAP_CREATE, FITRIM, FS_IOC_FSGETXATTR, FS_IOC_FSSETXATTR, FIDEDUPERANGE, FS_IOC_GETFSLABEL,
                             FS_IOC_SETFSLABEL, FS_IOC_GETFLAGS, FS_IOC_SETFLAGS};
  for (unsigned i = 0; i < sizeof(requests) / sizeof(requests[0]); i++) {
    ioctl(null, requests[i], NULL);
    ioctl(null, requests[i], (void *)0x10);
    unsigned size = _IOC_SIZE(requests[i]);
    ioctl(null, requests[i], guard + 4096 - size + 2);
  }
  if (file >= 0) unlink(path);
  return 0;
}
