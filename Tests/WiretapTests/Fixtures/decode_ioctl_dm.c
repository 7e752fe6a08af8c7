/* Device mapper ioctls (type 0xfd), only ever on /dev/null (ENOTTY: no
 * device-mapper change): struct dm_ioctl headers with names, uuids, devices,
 * flags, unsupported versions, short data sizes, and each request's payload
 * (target specs, deps, name lists, target versions, messages, strings),
 * well-formed, misplaced and cut short; NULL and unmapped pointers. Run by
 * IoctlFamilyDecoderTests with and without -e inject=ioctl:retval=0 (the
 * exit-side payloads then decode what was pre-filled). */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/dm-ioctl.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/sysmacros.h>
#include <unistd.h>

static char *guarded_page(void) {
  char *pages = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  munmap(pages + 4096, 4096);
  return pages;
}

static char buffer[4096] __attribute__((aligned(8)));

/* A header at the start of `buffer`, data_size bytes in all. */
static struct dm_ioctl *header(uint32_t data_size, uint32_t data_start, uint32_t flags) {
  memset(buffer, 0, sizeof(buffer));
  struct dm_ioctl *ioc = (struct dm_ioctl *)buffer;
  ioc->version[0] = DM_VERSION_MAJOR;
  ioc->version[1] = 37;
  ioc->version[2] = 1;
  ioc->data_size = data_size;
  ioc->data_start = data_start;
  ioc->flags = flags;
  return ioc;
}

int main(void) {
  write(-1, "MARK", 4);
  int fd = open("/dev/null", O_RDONLY);
  char *guard = guarded_page();
  unsigned int requests[] = {DM_VERSION, DM_REMOVE_ALL, DM_LIST_DEVICES, DM_DEV_CREATE, DM_DEV_REMOVE,
                             DM_DEV_RENAME, DM_DEV_SUSPEND, DM_DEV_STATUS, DM_DEV_WAIT, DM_TABLE_LOAD,
                             DM_TABLE_CLEAR, DM_TABLE_DEPS, DM_TABLE_STATUS, DM_LIST_VERSIONS, DM_TARGET_MSG,
                             DM_DEV_SET_GEOMETRY, DM_DEV_ARM_POLL, DM_GET_TARGET_VERSION};
  const unsigned count = sizeof(requests) / sizeof(requests[0]);

  /* Every request with a bare header, then with a device, name and uuid. */
  for (unsigned i = 0; i < count; i++) {
    struct dm_ioctl *ioc = header(sizeof(struct dm_ioctl), sizeof(struct dm_ioctl), 0);
    ioctl(fd, requests[i], ioc);
    ioc->dev = makedev(253, 1);
    strcpy(ioc->name, "vg-root");
    strcpy(ioc->uuid, "LVM-abcdef");
    ioc->target_count = 0;
    ioc->open_count = 2;
    ioc->event_nr = 7;
    ioc->flags = DM_READONLY_FLAG | 0x4 /* DM_EXISTS_FLAG */ | DM_DATA_OUT_FLAG | 0x80000000;
    ioctl(fd, requests[i], ioc);
  }
  /* DM_DEV_SUSPEND with the suspend flag: no event_nr. */
  struct dm_ioctl *ioc = header(sizeof(struct dm_ioctl), sizeof(struct dm_ioctl), DM_SUSPEND_FLAG);
  ioctl(fd, DM_DEV_SUSPEND, ioc);
  ioc->flags = 0x100000;
  ioctl(fd, DM_DEV_SUSPEND, ioc);
  /* A name filling its array: no NUL. */
  memset(ioc->name, 'n', sizeof(ioc->name));
  memset(ioc->uuid, 'u', sizeof(ioc->uuid));
  ioctl(fd, DM_DEV_STATUS, ioc);

  /* Unsupported version, data_size too small, data_size below 12. */
  ioc = header(sizeof(struct dm_ioctl), 0, 0);
  ioc->version[0] = 3;
  ioctl(fd, DM_VERSION, ioc);
  ioc = header(100, 0, 0);
  ioctl(fd, DM_VERSION, ioc);
  ioc = header(11, 0, 0);
  ioctl(fd, DM_VERSION, ioc);
  ioc = header(12, 0, 0);
  ioctl(fd, DM_VERSION, ioc);

  /* DM_TABLE_LOAD: two target specs with their strings. */
  size_t base = sizeof(struct dm_ioctl);
  ioc = header(base + 2 * sizeof(struct dm_target_spec) + 64, base, 0);
  ioc->target_count = 2;
  struct dm_target_spec *spec = (struct dm_target_spec *)(buffer + base);
  spec->sector_start = 0;
  spec->length = 2048;
  spec->status = -1;
  strcpy(spec->target_type, "linear");
  strcpy((char *)(spec + 1), "8:1 0");
  spec->next = sizeof(*spec) + 8;
  spec = (struct dm_target_spec *)(buffer + base + sizeof(*spec) + 8);
  spec->sector_start = 2048;
  spec->length = 4096;
  memset(spec->target_type, 't', sizeof(spec->target_type));
  strcpy((char *)(spec + 1), "8:2 2048 and a long parameter string going on");
  spec->next = 0;
  ioctl(fd, DM_TABLE_LOAD, ioc);
  ioctl(fd, DM_TABLE_STATUS, ioc);
  ioctl(fd, DM_DEV_WAIT, ioc);
  /* More targets than fit: misplaced. */
  ioc->target_count = 5;
  ioctl(fd, DM_TABLE_LOAD, ioc);
  /* A spec whose next points back. */
  ((struct dm_target_spec *)(buffer + base))->next = 0;
  ioctl(fd, DM_TABLE_LOAD, ioc);
  /* Specs past data_size. */
  ioc->data_start = ioc->data_size - 8;
  ioctl(fd, DM_TABLE_LOAD, ioc);
  ioc->data_start = 0xfffffff0;
  ioctl(fd, DM_TABLE_LOAD, ioc);

  /* DM_TABLE_DEPS: three devices; too many; misplaced. */
  ioc = header(base + 8 + 3 * 8, base, 0);
  struct dm_target_deps *deps = (struct dm_target_deps *)(buffer + base);
  deps->count = 3;
  deps->dev[0] = makedev(8, 1);
  deps->dev[1] = makedev(259, 0x12345);
  deps->dev[2] = 0;
  ioctl(fd, DM_TABLE_DEPS, ioc);
  deps->count = 4;
  ioctl(fd, DM_TABLE_DEPS, ioc);
  deps->count = 0;
  ioctl(fd, DM_TABLE_DEPS, ioc);
  ioc->data_start = ioc->data_size;
  ioctl(fd, DM_TABLE_DEPS, ioc);
  ioc->data_start = ioc->data_size - 4;
  ioctl(fd, DM_TABLE_DEPS, ioc);

  /* DM_LIST_DEVICES: two names, the second with an event number. */
  ioc = header(base + 64, base, 0);
  struct dm_name_list *names = (struct dm_name_list *)(buffer + base);
  names->dev = makedev(253, 0);
  strcpy(names->name, "a");
  names->next = 24;
  names = (struct dm_name_list *)(buffer + base + 24);
  names->dev = makedev(253, 1);
  strcpy(names->name, "second");
  *(uint32_t *)(buffer + base + 24 + 24) = 42;
  names->next = 32;
  ioctl(fd, DM_LIST_DEVICES, ioc);
  names->next = 0;
  ioctl(fd, DM_LIST_DEVICES, ioc);
  ioc->version[1] = 36;
  ioctl(fd, DM_LIST_DEVICES, ioc);
  ((struct dm_name_list *)(buffer + base))->next = 0xffffffff;
  ioctl(fd, DM_LIST_DEVICES, ioc);

  /* DM_LIST_VERSIONS: two targets. */
  ioc = header(base + 64, base, 0);
  struct dm_target_versions *versions = (struct dm_target_versions *)(buffer + base);
  versions->version[0] = 1;
  versions->version[1] = 2;
  versions->version[2] = 3;
  strcpy(versions->name, "striped");
  versions->next = 32;
  versions = (struct dm_target_versions *)(buffer + base + 32);
  versions->version[0] = 9;
  strcpy(versions->name, "zero");
  ioctl(fd, DM_LIST_VERSIONS, ioc);
  ((struct dm_target_versions *)(buffer + base))->next = 8;
  ioctl(fd, DM_LIST_VERSIONS, ioc);

  /* DM_TARGET_MSG and its answer (DM_DATA_OUT_FLAG). */
  ioc = header(base + 8 + 32, base, DM_DATA_OUT_FLAG);
  struct dm_target_msg *msg = (struct dm_target_msg *)(buffer + base);
  msg->sector = 0x1234;
  strcpy(msg->message, "@stats_list");
  ioctl(fd, DM_TARGET_MSG, ioc);
  ioc->data_start = ioc->data_size - 4;
  ioctl(fd, DM_TARGET_MSG, ioc);
  ioc->data_start = ioc->data_size;
  ioctl(fd, DM_TARGET_MSG, ioc);

  /* DM_DEV_RENAME and DM_DEV_SET_GEOMETRY strings; misplaced. */
  ioc = header(base + 16, base, 0);
  strcpy(buffer + base, "newname");
  ioctl(fd, DM_DEV_RENAME, ioc);
  strcpy(buffer + base, "1 2 3 4");
  ioctl(fd, DM_DEV_SET_GEOMETRY, ioc);
  memset(buffer + base, 'x', 16);
  ioctl(fd, DM_DEV_SET_GEOMETRY, ioc);
  ioc->data_start = ioc->data_size + 1;
  ioctl(fd, DM_DEV_RENAME, ioc);

  /* NULL, unmapped, a header cut short, a payload running into the unmapped page. */
  for (unsigned i = 0; i < count; i++) {
    ioctl(fd, requests[i], NULL);
    ioctl(fd, requests[i], (void *)0x10);
    ioctl(fd, requests[i], guard + 4096 - 200);
  }
  struct dm_ioctl *edge = (struct dm_ioctl *)(guard + 4096 - sizeof(struct dm_ioctl) - 8);
  memcpy(edge, header(sizeof(struct dm_ioctl) + 64, sizeof(struct dm_ioctl), DM_DATA_OUT_FLAG), sizeof(*edge));
  edge->target_count = 1;
  ioctl(fd, DM_TABLE_LOAD, edge);
  ioctl(fd, DM_TABLE_DEPS, edge);
  ioctl(fd, DM_LIST_DEVICES, edge);
  ioctl(fd, DM_LIST_VERSIONS, edge);
  ioctl(fd, DM_TARGET_MSG, edge);
  ioctl(fd, DM_DEV_RENAME, edge);
  return 0;
}
