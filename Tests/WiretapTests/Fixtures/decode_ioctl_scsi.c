/* SCSI generic ioctls (type 0x22), only on /dev/null (ENOTTY: no device is
 * touched): SG_IO with sg_io_hdr ('S') and sg_io_v4 ('Q') headers in every
 * transfer direction, with iovecs, unknown interface ids, directions and
 * flags, cut short and unmapped; SG_GET_SCSI_ID, SG_GET_REQUEST_TABLE,
 * SG_SCSI_RESET and the int-valued requests (not SG_GET_ACCESS_COUNT, which
 * glibc's scsi/sg.h lacks, so wiretap does not name it yet). Run by IoctlFamilyDecoderTests
 * with and without -e inject=ioctl:retval=0. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/bsg.h>
#include <scsi/sg.h>
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <unistd.h>

#ifndef SG_SCSI_RESET_NO_ESCALATE
#define SG_SCSI_RESET_NO_ESCALATE 0x100
#endif

static char *guarded_page(void) {
  char *pages = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  munmap(pages + 4096, 4096);
  return pages;
}

int main(void) {
  write(-1, "MARK", 4);
  int fd = open("/dev/null", O_RDONLY);
  char *guard = guarded_page();

  static unsigned char cdb[6] = {0x12, 0, 0, 0, 0x60, 0};
  static unsigned char data[64] = "inquiry data: 0123456789";
  static unsigned char sense[32] = {0x70, 0, 5, 0, 0, 0, 0, 10};
  struct sg_io_hdr hdr;
  int directions[] = {SG_DXFER_NONE, SG_DXFER_TO_DEV, SG_DXFER_FROM_DEV, SG_DXFER_TO_FROM_DEV, -5, 3};
  for (unsigned i = 0; i < sizeof(directions) / sizeof(directions[0]); i++) {
    memset(&hdr, 0, sizeof(hdr));
    hdr.interface_id = 'S';
    hdr.dxfer_direction = directions[i];
    hdr.cmd_len = sizeof(cdb);
    hdr.cmdp = cdb;
    hdr.mx_sb_len = sizeof(sense);
    hdr.dxfer_len = 40;
    hdr.dxferp = data;
    hdr.sbp = sense;
    hdr.timeout = 5000;
    hdr.flags = i == 4 ? SG_FLAG_DIRECT_IO | 0x10 | 0x10000 | 0x40 : 0;
    hdr.status = 2;
    hdr.masked_status = 1;
    hdr.sb_len_wr = 8;
    hdr.host_status = 7;
    hdr.driver_status = 8;
    hdr.resid = i == 3 ? 30 : i == 2 ? 50 : 0;
    hdr.duration = 12;
    hdr.info = i == 4 ? 0xf : 1;
    ioctl(fd, SG_IO, &hdr);
  }
  /* Scatter-gather: two iovecs. */
  struct iovec iov[2] = {{data, 10}, {data + 10, 20}};
  hdr.dxfer_direction = SG_DXFER_TO_FROM_DEV;
  hdr.iovec_count = 2;
  hdr.dxfer_len = 25;
  hdr.dxferp = iov;
  hdr.resid = 0;
  hdr.info = 0;
  ioctl(fd, SG_IO, &hdr);
  /* Unreadable command and sense buffers, a long command. */
  hdr.iovec_count = 0;
  hdr.dxfer_direction = SG_DXFER_NONE;
  hdr.cmdp = (void *)0x10;
  hdr.sbp = NULL;
  ioctl(fd, SG_IO, &hdr);
  hdr.cmdp = data;
  hdr.cmd_len = 60;
  ioctl(fd, SG_IO, &hdr);

  /* sg_io_v4. */
  struct sg_io_v4 v4;
  memset(&v4, 0, sizeof(v4));
  v4.guard = 'Q';
  v4.protocol = BSG_PROTOCOL_SCSI;
  v4.subprotocol = BSG_SUB_PROTOCOL_SCSI_CMD;
  v4.request_len = sizeof(cdb);
  v4.request = (uintptr_t)cdb;
  v4.request_tag = 0xabc;
  v4.max_response_len = sizeof(sense);
  v4.response = (uintptr_t)sense;
  v4.response_len = 8;
  v4.dout_xfer_len = 12;
  v4.dout_xferp = (uintptr_t)data;
  v4.din_xfer_len = 40;
  v4.din_xferp = (uintptr_t)(data + 4);
  v4.din_resid = 10;
  v4.timeout = 100;
  v4.flags = BSG_FLAG_Q_AT_TAIL;
  v4.usr_ptr = 0x1234;
  v4.driver_status = 1;
  v4.info = 2;
  v4.duration = 3;
  v4.dout_resid = -1;
  v4.generated_tag = 0xfeed;
  ioctl(fd, SG_IO, &v4);
  v4.protocol = 5;
  v4.subprotocol = 9;
  v4.flags = 0x7;
  v4.dout_iovec_count = 2;
  v4.dout_xferp = (uintptr_t)iov;
  v4.din_iovec_count = 2;
  v4.din_xferp = (uintptr_t)iov;
  v4.din_resid = 100;
  ioctl(fd, SG_IO, &v4);

  /* Unknown interface id, NULL, unmapped, cut short. */
  int other = 'X';
  ioctl(fd, SG_IO, &other);
  ioctl(fd, SG_IO, NULL);
  ioctl(fd, SG_IO, (void *)0x10);
  memcpy(guard + 4096 - 40, &hdr, 40);
  ioctl(fd, SG_IO, guard + 4096 - 40);
  memcpy(guard + 4096 - 100, &v4, 100);
  ioctl(fd, SG_IO, guard + 4096 - 100);
  ioctl(fd, SG_IO, guard + 4096 - 2);

  /* The other requests. */
  struct sg_scsi_id id;
  memset(&id, 0xff, sizeof(id));
  id.host_no = 1;
  id.scsi_id = 0x20;
  ioctl(fd, SG_GET_SCSI_ID, &id);
  sg_req_info_t req;
  memset(&req, 0x81, sizeof(req));
  req.usr_ptr = (void *)0x1000;
  ioctl(fd, SG_GET_REQUEST_TABLE, &req);
  int resets[] = {SG_SCSI_RESET_NOTHING, SG_SCSI_RESET_DEVICE, SG_SCSI_RESET_HOST | SG_SCSI_RESET_NO_ESCALATE,
                  SG_SCSI_RESET_NO_ESCALATE | 9, 9, 0x300};
  for (unsigned i = 0; i < sizeof(resets) / sizeof(resets[0]); i++) ioctl(fd, SG_SCSI_RESET, &resets[i]);
  int value = -7;
  unsigned int requests[] = {SG_NEXT_CMD_LEN, SG_SET_COMMAND_Q, SG_SET_DEBUG, SG_SET_FORCE_LOW_DMA,
                             SG_SET_FORCE_PACK_ID, SG_SET_KEEP_ORPHAN, SG_SET_RESERVED_SIZE, SG_SET_TIMEOUT,
                             SG_EMULATED_HOST, SG_GET_COMMAND_Q, SG_GET_KEEP_ORPHAN, SG_GET_LOW_DMA,
                             SG_GET_NUM_WAITING, SG_GET_PACK_ID, SG_GET_RESERVED_SIZE, SG_GET_SG_TABLESIZE,
                             SG_GET_TRANSFORM, SG_GET_VERSION_NUM, SG_GET_SCSI_ID, SG_GET_REQUEST_TABLE,
                             SG_SCSI_RESET};
  for (unsigned i = 0; i < sizeof(requests) / sizeof(requests[0]); i++) {
    ioctl(fd, requests[i], &value);
    ioctl(fd, requests[i], NULL);
    ioctl(fd, requests[i], (void *)0x10);
    ioctl(fd, requests[i], guard + 4094);
  }
  ioctl(fd, SG_SET_TRANSFORM, 0x123456789UL);
  ioctl(fd, SG_GET_TIMEOUT, 0x10UL);
  return 0;
}
