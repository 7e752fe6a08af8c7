/* A 32-bit (i386) tracee calling the ioctl families whose structures have
 * an i386 layout in strace (mpers): SG_IO's struct sg_io_hdr and
 * SG_GET_REQUEST_TABLE's struct sg_req_info (4-byte pointers), on
 * /dev/null only; and a few fixed-layout ones (sg_io_v4, a userfaultfd
 * range, a dm_ioctl header). Freestanding: raw int $0x80, no libc.
 * Run by IoctlFamilyDecoderTests (without inject: wiretap does not inject
 * into i386 ioctl calls yet). */
static long sys6(long n, long a, long b, long c, long d, long e, long f) {
  long r;
  long nf[2] = {n, f};
  __asm__ volatile("push %%ebp\n\t"
                   "mov 4(%%eax), %%ebp\n\t"
                   "mov (%%eax), %%eax\n\t"
                   "int $0x80\n\t"
                   "pop %%ebp"
                   : "=a"(r)
                   : "a"(nf), "b"(a), "c"(b), "d"(c), "S"(d), "D"(e)
                   : "memory");
  return r;
}
#define sys(n, a, b, c) sys6(n, (long)(a), (long)(b), (long)(c), 0, 0, 0)
#define NR_exit 1
#define NR_write 4
#define NR_open 5
#define NR_ioctl 54

/* struct sg_io_hdr as an i386 program lays it out. */
struct sg_io_hdr32 {
  int interface_id, dxfer_direction;
  unsigned char cmd_len, mx_sb_len;
  unsigned short iovec_count;
  unsigned int dxfer_len;
  unsigned int dxferp, cmdp, sbp;
  unsigned int timeout, flags;
  int pack_id;
  unsigned int usr_ptr;
  unsigned char status, masked_status, msg_status, sb_len_wr;
  unsigned short host_status, driver_status;
  int resid;
  unsigned int duration, info;
};

struct sg_req_info32 {
  char req_state, orphan, sg_io_owned, problem;
  int pack_id;
  unsigned int usr_ptr;
  unsigned int duration;
  int unused;
};

struct iovec32 { unsigned int base, len; };

void _start(void) {
  static unsigned char cdb[6] = {0x12, 0, 0, 0, 0x60, 0};
  static unsigned char data[64] = "inquiry data";
  static unsigned char sense[16] = {0x70, 0, 5};
  static struct sg_io_hdr32 hdr;
  static struct sg_req_info32 req;
  static struct iovec32 iov[2];
  static unsigned long long range[2] = {0x10000, 0x1000};
  static unsigned int dm[78];
  sys(NR_write, -1, "MARK", 4);
  long fd = sys(NR_open, "/dev/null", 0, 0);

  hdr.interface_id = 'S';
  hdr.dxfer_direction = -4; /* SG_DXFER_TO_FROM_DEV */
  hdr.cmd_len = 6;
  hdr.cmdp = (unsigned int)cdb;
  hdr.mx_sb_len = 16;
  hdr.dxfer_len = 20;
  hdr.dxferp = (unsigned int)data;
  hdr.sbp = (unsigned int)sense;
  hdr.timeout = 100;
  hdr.flags = 1;
  hdr.status = 2;
  hdr.sb_len_wr = 3;
  hdr.host_status = 4;
  hdr.driver_status = 5;
  hdr.resid = 8;
  hdr.duration = 6;
  hdr.info = 1;
  sys(NR_ioctl, fd, 0x2285, &hdr);
  hdr.dxfer_direction = -3; /* SG_DXFER_FROM_DEV */
  iov[0].base = (unsigned int)data;
  iov[0].len = 5;
  iov[1].base = (unsigned int)(data + 5);
  iov[1].len = 10;
  hdr.iovec_count = 2;
  hdr.dxferp = (unsigned int)iov;
  sys(NR_ioctl, fd, 0x2285, &hdr);

  req.req_state = 1;
  req.pack_id = -2;
  req.usr_ptr = 0x1234;
  req.duration = 7;
  sys(NR_ioctl, fd, 0x2286, &req); /* SG_GET_REQUEST_TABLE */

  sys(NR_ioctl, fd, 0x8010aa02, range); /* UFFDIO_WAKE */
  dm[0] = 4;
  dm[3] = 312;
  dm[4] = 312;
  sys(NR_ioctl, fd, 0xc138fd00, dm); /* DM_VERSION */
  sys(NR_exit, 0, 0, 0);
}
