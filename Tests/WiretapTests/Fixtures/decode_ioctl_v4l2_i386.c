/* A 32-bit (i386) tracee's V4L2 ioctls, on /dev/null: the requests whose
 * structure has another layout on i386 (pointers and longs of 4 bytes,
 * 64-bit fields aligned to 4, struct v4l2_buffer with a 64-bit timeval as
 * strace reads it), so another size in the request code, and two whose
 * layout is x86_64's. Structures are filled byte by byte at their i386
 * offsets. Run under `-e inject=ioctl:retval=0` too, for the exit's part.
 * Compared with strace by IoctlV4L2DecoderTests.
 * Freestanding: raw int $0x80, no libc. */
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
#define sys5(n, a, b, c, d, e) sys6(n, (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), 0)

#define IOCTL 54
#define BAD 1
/* The i386 code of an x86_64 request whose structure is `size` bytes on i386. */
#define I386(code, size) (((code) & ~(0x3fffu << 16)) | ((unsigned)(size) << 16))

static unsigned char buf[512], clips[3 * 20], controls[3 * 20];
static char text[] = "control text";

static void put32(unsigned char *b, int offset, unsigned value) {
  for (int i = 0; i < 4; i++) b[offset + i] = (unsigned char)(value >> (8 * i));
}

static void put64(unsigned char *b, int offset, unsigned long long value) {
  put32(b, offset, (unsigned)value);
  put32(b, offset + 4, (unsigned)(value >> 32));
}

static void clear(void) {
  for (unsigned i = 0; i < sizeof buf; i++) buf[i] = 0;
}

static long fd;

/* The structure, NULL and an unmapped pointer. */
static void call(unsigned request) {
  sys(IOCTL, fd, request, buf);
  sys(IOCTL, fd, request, 0);
  sys(IOCTL, fd, request, BAD);
}

static void formats(unsigned request) {
  clear();
  put32(buf, 0, 1);                /* V4L2_BUF_TYPE_VIDEO_CAPTURE */
  put32(buf, 4, 640);              /* fmt.pix at 4 */
  put32(buf, 8, 480);
  put32(buf, 12, 0x56595559);      /* YUYV */
  put32(buf, 16, 4);
  put32(buf, 32, 8);
  call(request);
  clear();
  put32(buf, 0, 3);                /* V4L2_BUF_TYPE_VIDEO_OVERLAY */
  put32(buf, 4, (unsigned)-5);     /* fmt.win.w */
  put32(buf, 12, 100);
  put32(buf, 20, 2);               /* field */
  put32(buf, 24, 0xabcdef);        /* chromakey */
  put32(buf, 28, (unsigned)clips); /* clips */
  put32(buf, 32, 3);               /* clipcount */
  put32(buf, 36, BAD);             /* bitmap */
  buf[40] = 0x7f;                  /* global_alpha */
  put32(clips, 20 + 8, 33);
  call(request);
  put32(buf, 32, 0);
  call(request);
}

static void buffers(unsigned request) {
  clear();
  put32(buf, 0, 2);                /* index */
  put32(buf, 4, 1);                /* type */
  put32(buf, 8, 1000);             /* bytesused */
  put32(buf, 12, 0x2001);          /* MAPPED|TIMESTAMP_MONOTONIC */
  put64(buf, 20, 1234567890123ULL);/* timestamp.tv_sec */
  put64(buf, 28, 999999);          /* timestamp.tv_usec */
  put32(buf, 56, 1);               /* memory MMAP */
  put32(buf, 60, 0x4000);          /* m.offset */
  put32(buf, 64, 4096);            /* length */
  call(request);
  put32(buf, 56, 2);               /* memory USERPTR */
  put32(buf, 60, 0xdeadbeef);
  call(request);
}

static void extended(unsigned request) {
  clear();
  put32(controls, 0, 0x980900);    /* V4L2_CID_BRIGHTNESS */
  put32(controls, 12, (unsigned)-2);
  put32(controls, 20, 0x12345);
  put32(controls, 24, sizeof text - 1);
  put32(controls, 32, (unsigned)text);
  put32(controls, 40, 0x980901);
  put64(controls, 52, 0x1122334455667788ULL);
  put32(buf, 0, 0x980000);         /* V4L2_CTRL_CLASS_USER */
  put32(buf, 4, 3);                /* count */
  put32(buf, 8, 1);                /* error_idx */
  put32(buf, 20, (unsigned)controls);
  call(request);
  put32(buf, 20, BAD);
  call(request);
}

void _start(void) {
  sys(4, -1, "MARK", 4);
  fd = sys(5, "/dev/null", 2, 0);

  formats(I386(0xc0d05604, 204));  /* VIDIOC_G_FMT */
  formats(I386(0xc0d05605, 204));  /* VIDIOC_S_FMT */
  formats(I386(0xc0d05640, 204));  /* VIDIOC_TRY_FMT */
  buffers(I386(0xc0585609, 76));   /* VIDIOC_QUERYBUF */
  buffers(I386(0xc058560f, 76));   /* VIDIOC_QBUF */
  buffers(I386(0xc0585611, 76));   /* VIDIOC_DQBUF */

  clear();
  put32(buf, 0, 0x3);
  put32(buf, 4, 0x1);
  put32(buf, 8, BAD);              /* base */
  call(I386(0x8030560a, 44));      /* VIDIOC_G_FBUF */
  call(I386(0x4030560b, 44));      /* VIDIOC_S_FBUF */

  clear();
  put32(buf, 0, 1);                /* index */
  put64(buf, 4, 0xb000);           /* id */
  buf[12] = 'P'; buf[13] = 'A'; buf[14] = 'L';
  put32(buf, 36, 1);               /* frameperiod */
  put32(buf, 40, 25);
  put32(buf, 44, 625);             /* framelines */
  call(I386(0xc0485619, 64));      /* VIDIOC_ENUMSTD */

  clear();
  buf[4] = 'T'; buf[5] = 'V';
  put32(buf, 36, 1);               /* V4L2_INPUT_TYPE_TUNER */
  call(I386(0xc050561a, 76));      /* VIDIOC_ENUMINPUT */

  extended(I386(0xc0205647, 24));  /* VIDIOC_G_EXT_CTRLS */
  extended(I386(0xc0205648, 24));  /* VIDIOC_S_EXT_CTRLS */
  extended(I386(0xc0205649, 24));  /* VIDIOC_TRY_EXT_CTRLS */

  clear();
  put32(buf, 0, 7);                /* index */
  put32(buf, 4, 2);                /* count */
  put32(buf, 8, 1);                /* memory MMAP */
  put32(buf, 12, 2);               /* format.type VIDEO_OUTPUT */
  put32(buf, 16, 320);             /* format.fmt.pix.width */
  call(I386(0xc100565c, 248));     /* VIDIOC_CREATE_BUFS */

  /* The x86_64 codes of those: not these structures on i386. */
  call(0xc0d05604);
  call(0xc0585611);

  /* Same layout on both. */
  clear();
  put32(buf, 0, 4);
  put32(buf, 4, 1);
  put32(buf, 8, 1);
  call(0xc0145608);                /* VIDIOC_REQBUFS */
  call(0xc008561b);                /* VIDIOC_G_CTRL */

  sys(1, 0, 0, 0);                 /* exit */
  for (;;) {}
}
