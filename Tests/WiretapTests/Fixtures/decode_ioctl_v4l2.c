/* The V4L2 ioctls strace 6.1 decodes (its v4l2.c), on a descriptor of
 * /dev/null: the kernel fails each with ENOTTY, so the entry's part of the
 * argument shows; run under `-e inject=ioctl:retval=0` the calls "succeed"
 * and the exit's part shows what is pre-filled here. Each request gets good
 * structures, hostile ones (unknown enum values and flag bits, huge counts,
 * pointers to unmapped memory), NULL, an unmapped pointer and a structure
 * cut short by an unmapped page. Compared line for line with strace by
 * IoctlV4L2DecoderTests. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/videodev2.h>
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#define BAD ((void *)1)

static char *page_end;
/* The end of another page followed by an unmapped one. */
static char *last_end;

/* The last `n` bytes of a page followed by an unmapped one, zeroed. */
static void *tail(size_t n) {
  memset(page_end - n, 0, n);
  return page_end - n;
}

static int fd;

/* NULL, an unmapped pointer and a structure one byte short of its size. */
#define EDGES(request, type)                        \
  do {                                              \
    ioctl(fd, request, NULL);                       \
    ioctl(fd, request, BAD);                        \
    ioctl(fd, request, tail(sizeof(type) - 1));     \
  } while (0)

static void formats(unsigned long request) {
  struct v4l2_format *f = tail(sizeof(*f));
  f->type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
  f->fmt.pix.width = 640;
  f->fmt.pix.height = 480;
  f->fmt.pix.pixelformat = V4L2_PIX_FMT_YUYV;
  f->fmt.pix.field = V4L2_FIELD_INTERLACED;
  f->fmt.pix.bytesperline = 1280;
  f->fmt.pix.sizeimage = 614400;
  f->fmt.pix.colorspace = V4L2_COLORSPACE_SRGB;
  ioctl(fd, request, f);
  f->type = V4L2_BUF_TYPE_VIDEO_OUTPUT;
  f->fmt.pix.pixelformat = v4l2_fourcc('\'', '\\', 0x7f, 1);
  f->fmt.pix.field = 0xdead;
  f->fmt.pix.colorspace = 0xbeef;
  ioctl(fd, request, f);

  memset(f, 0, sizeof(*f));
  f->type = V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE;
  f->fmt.pix_mp.width = 1920;
  f->fmt.pix_mp.height = 1080;
  f->fmt.pix_mp.pixelformat = V4L2_PIX_FMT_NV12M;
  f->fmt.pix_mp.field = V4L2_FIELD_NONE;
  f->fmt.pix_mp.colorspace = V4L2_COLORSPACE_REC709;
  f->fmt.pix_mp.num_planes = 2;
  f->fmt.pix_mp.plane_fmt[0].sizeimage = 2073600;
  f->fmt.pix_mp.plane_fmt[0].bytesperline = 1920;
  f->fmt.pix_mp.plane_fmt[1].sizeimage = 1036800;
  f->fmt.pix_mp.plane_fmt[1].bytesperline = 1920;
  ioctl(fd, request, f);
  f->type = V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE;
  f->fmt.pix_mp.num_planes = 200;
  for (int i = 0; i < VIDEO_MAX_PLANES; i++) f->fmt.pix_mp.plane_fmt[i].sizeimage = i;
  ioctl(fd, request, f);

  static struct v4l2_clip clips[3];
  clips[0].c.left = -1;
  clips[0].c.width = 10;
  clips[1].c.top = 5;
  clips[1].c.height = 7;
  memset(f, 0, sizeof(*f));
  f->type = V4L2_BUF_TYPE_VIDEO_OVERLAY;
  f->fmt.win.w.left = -10;
  f->fmt.win.w.top = 20;
  f->fmt.win.w.width = 300;
  f->fmt.win.w.height = 200;
  f->fmt.win.field = V4L2_FIELD_TOP;
  f->fmt.win.chromakey = 0xff00ff;
  f->fmt.win.clips = clips;
  f->fmt.win.clipcount = 2;
  f->fmt.win.bitmap = BAD;
  f->fmt.win.global_alpha = 0x80;
  ioctl(fd, request, f);
  f->type = V4L2_BUF_TYPE_VIDEO_OUTPUT_OVERLAY;
  f->fmt.win.clips = NULL;
  f->fmt.win.global_alpha = 0;
  ioctl(fd, request, f);
  f->fmt.win.clips = BAD;
  ioctl(fd, request, f);
  f->fmt.win.clips = clips;
  f->fmt.win.clipcount = 0;
  ioctl(fd, request, f);
  /* The last clip runs into the unmapped page. */
  struct v4l2_clip *edge = (struct v4l2_clip *) (last_end - 2 * sizeof(*edge));
  f->fmt.win.clips = edge;
  f->fmt.win.clipcount = 3;
  ioctl(fd, request, f);
  f->fmt.win.clipcount = 100;
  f->fmt.win.clips = (void *) (page_end - 4096);
  ioctl(fd, request, f);

  memset(f, 0, sizeof(*f));
  f->type = V4L2_BUF_TYPE_VBI_CAPTURE;
  f->fmt.vbi.sampling_rate = 27000000;
  f->fmt.vbi.offset = 244;
  f->fmt.vbi.samples_per_line = 1440;
  f->fmt.vbi.sample_format = V4L2_PIX_FMT_GREY;
  f->fmt.vbi.start[0] = -6;
  f->fmt.vbi.start[1] = 318;
  f->fmt.vbi.count[0] = 17;
  f->fmt.vbi.count[1] = 17;
  f->fmt.vbi.flags = V4L2_VBI_UNSYNC | V4L2_VBI_INTERLACED | 0x100;
  ioctl(fd, request, f);
  f->type = V4L2_BUF_TYPE_VBI_OUTPUT;
  f->fmt.vbi.flags = 0x100;
  ioctl(fd, request, f);

  memset(f, 0, sizeof(*f));
  f->type = V4L2_BUF_TYPE_SLICED_VBI_CAPTURE;
  f->fmt.sliced.service_set = V4L2_SLICED_VBI_625;
  f->fmt.sliced.service_lines[0][1] = V4L2_SLICED_TELETEXT_B;
  f->fmt.sliced.service_lines[1][23] = 0xffff;
  f->fmt.sliced.io_size = 4096;
  ioctl(fd, request, f);
  f->type = V4L2_BUF_TYPE_SLICED_VBI_OUTPUT;
  f->fmt.sliced.service_set = V4L2_SLICED_CAPTION_525 | 0x8000;
  ioctl(fd, request, f);

  memset(f, 0, sizeof(*f));
  f->type = V4L2_BUF_TYPE_SDR_CAPTURE;
  f->fmt.sdr.pixelformat = V4L2_SDR_FMT_CU8;
  ioctl(fd, request, f);
  f->type = V4L2_BUF_TYPE_SDR_OUTPUT;
  f->fmt.sdr.pixelformat = V4L2_PIX_FMT_YUYV;
  f->fmt.sdr.buffersize = 65536;
  ioctl(fd, request, f);

  memset(f, 0, sizeof(*f));
  f->type = V4L2_BUF_TYPE_META_CAPTURE;
  f->fmt.meta.dataformat = V4L2_META_FMT_UVC;
  ioctl(fd, request, f);
  f->type = V4L2_BUF_TYPE_META_OUTPUT;
  f->fmt.meta.dataformat = 0x31323334;
  f->fmt.meta.buffersize = 12;
  ioctl(fd, request, f);

  f->type = 0x80;
  ioctl(fd, request, f);
  f->type = 0xffffffff;
  ioctl(fd, request, f);
  EDGES(request, struct v4l2_format);
}

static void buffers(unsigned long request) {
  struct v4l2_buffer *b = tail(sizeof(*b));
  b->index = 3;
  b->type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
  b->bytesused = 614400;
  b->flags = V4L2_BUF_FLAG_MAPPED | V4L2_BUF_FLAG_DONE | V4L2_BUF_FLAG_TIMESTAMP_MONOTONIC | V4L2_BUF_FLAG_TSTAMP_SRC_SOE;
  b->timestamp.tv_sec = 123;
  b->timestamp.tv_usec = 456789;
  b->memory = V4L2_MEMORY_MMAP;
  b->m.offset = 0x1000;
  b->length = 614400;
  ioctl(fd, request, b);
  b->memory = V4L2_MEMORY_USERPTR;
  b->m.userptr = 0x7fff0000;
  b->flags = 0;
  b->timestamp.tv_sec = -1;
  b->timestamp.tv_usec = -1;
  ioctl(fd, request, b);
  b->memory = V4L2_MEMORY_DMABUF;
  b->type = 0x42;
  b->flags = 0xffffffff;
  ioctl(fd, request, b);
  b->memory = 0x99;
  b->flags = 0x40000000 | V4L2_BUF_FLAG_TIMESTAMP_MASK;
  ioctl(fd, request, b);
  EDGES(request, struct v4l2_buffer);
}

static void controls(unsigned long request) {
  static char text[] = "a string value";
  struct v4l2_ext_control *c = tail(4 * sizeof(*c));
  c[0].id = V4L2_CID_BRIGHTNESS;
  c[0].value = -5;
  c[1].id = V4L2_CID_MPEG_VIDEO_BITRATE;
  c[1].value64 = 0x123456789aLL;
  c[2].id = 0x12345678;
  c[2].size = sizeof(text) - 1;
  c[2].string = text;
  c[3].id = V4L2_CID_CAMERA_CLASS_BASE + 0x7777;
  c[3].size = 8;
  c[3].string = BAD;
  static struct v4l2_ext_controls controls;
  struct v4l2_ext_controls *s = &controls;
  memset(s, 0, sizeof(*s));
  s->ctrl_class = V4L2_CTRL_CLASS_USER;
  s->count = 4;
  s->error_idx = 2;
  s->controls = c;
  ioctl(fd, request, s);
  s->ctrl_class = 0x12340000;
  s->count = 5; /* the fifth element is past the page */
  ioctl(fd, request, s);
  s->count = 0;
  ioctl(fd, request, s);
  s->count = 2;
  s->controls = NULL;
  ioctl(fd, request, s);
  s->controls = BAD;
  ioctl(fd, request, s);
  s->controls = (void *) (page_end - 4096);
  s->count = 0xffffffff;
  s->ctrl_class = V4L2_CTRL_WHICH_DEF_VAL;
  ioctl(fd, request, s);
  EDGES(request, struct v4l2_ext_controls);
}

int main(void) {
  char *map = mmap(NULL, 5 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (map == MAP_FAILED) return 1;
  /* Pages 0, 1 and 3 mapped; 2 (at page_end) and 4 (at last_end) not. */
  munmap(map + 2 * 4096, 4096);
  munmap(map + 4 * 4096, 4096);
  page_end = map + 2 * 4096;
  last_end = map + 4 * 4096;
  fd = open("/dev/null", O_RDWR);
  write(-1, "MARK", 4);

  struct v4l2_capability *cap = tail(sizeof(*cap));
  strcpy((char *) cap->driver, "uvcvideo");
  strcpy((char *) cap->card, "Integrated Camera: Integrated C");
  memset(cap->bus_info, 'b', sizeof(cap->bus_info));
  cap->version = 0x0601bb;
  cap->capabilities = V4L2_CAP_VIDEO_CAPTURE | V4L2_CAP_STREAMING | V4L2_CAP_DEVICE_CAPS;
  cap->device_caps = V4L2_CAP_VIDEO_CAPTURE | V4L2_CAP_STREAMING | 0x40000000;
  ioctl(fd, VIDIOC_QUERYCAP, cap);
  cap->capabilities = 0x40000000;
  cap->device_caps = 0;
  ioctl(fd, VIDIOC_QUERYCAP, cap);
  EDGES(VIDIOC_QUERYCAP, struct v4l2_capability);

  struct v4l2_fmtdesc *desc = tail(sizeof(*desc));
  desc->index = 1;
  desc->type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
  desc->flags = V4L2_FMT_FLAG_COMPRESSED | V4L2_FMT_FLAG_EMULATED;
  strcpy((char *) desc->description, "Motion-JPEG");
  desc->pixelformat = V4L2_PIX_FMT_MJPEG;
  ioctl(fd, VIDIOC_ENUM_FMT, desc);
  desc->type = 0x1234;
  desc->flags = 0x80000000;
  memset(desc->description, 'x', sizeof(desc->description));
  desc->pixelformat = 0;
  ioctl(fd, VIDIOC_ENUM_FMT, desc);
  EDGES(VIDIOC_ENUM_FMT, struct v4l2_fmtdesc);

  formats(VIDIOC_G_FMT);
  formats(VIDIOC_S_FMT);
  formats(VIDIOC_TRY_FMT);

  struct v4l2_requestbuffers *req = tail(sizeof(*req));
  req->count = 4;
  req->type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
  req->memory = V4L2_MEMORY_MMAP;
  ioctl(fd, VIDIOC_REQBUFS, req);
  req->type = 0x99;
  req->memory = 0x77;
  ioctl(fd, VIDIOC_REQBUFS, req);
  EDGES(VIDIOC_REQBUFS, struct v4l2_requestbuffers);

  buffers(VIDIOC_QUERYBUF);
  buffers(VIDIOC_QBUF);
  buffers(VIDIOC_DQBUF);

  struct v4l2_framebuffer *fb = tail(sizeof(*fb));
  fb->capability = V4L2_FBUF_CAP_EXTERNOVERLAY;
  fb->flags = V4L2_FBUF_FLAG_PRIMARY;
  fb->base = BAD;
  ioctl(fd, VIDIOC_G_FBUF, fb);
  ioctl(fd, VIDIOC_S_FBUF, fb);
  EDGES(VIDIOC_G_FBUF, struct v4l2_framebuffer);
  EDGES(VIDIOC_S_FBUF, struct v4l2_framebuffer);

  int *type = tail(sizeof(*type));
  *type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
  ioctl(fd, VIDIOC_STREAMON, type);
  *type = -1;
  ioctl(fd, VIDIOC_STREAMOFF, type);
  EDGES(VIDIOC_STREAMON, int);

  struct v4l2_streamparm *parm = tail(sizeof(*parm));
  for (int get = 0; get < 2; get++) {
    unsigned long request = get ? VIDIOC_G_PARM : VIDIOC_S_PARM;
    memset(parm, 0, sizeof(*parm));
    parm->type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    parm->parm.capture.capability = V4L2_CAP_TIMEPERFRAME;
    parm->parm.capture.capturemode = V4L2_MODE_HIGHQUALITY;
    parm->parm.capture.timeperframe.numerator = 1;
    parm->parm.capture.timeperframe.denominator = 30;
    parm->parm.capture.extendedmode = 0x10;
    parm->parm.capture.readbuffers = 4;
    ioctl(fd, request, parm);
    parm->type = V4L2_BUF_TYPE_VIDEO_OUTPUT;
    parm->parm.output.capability = 0x3000;
    parm->parm.output.outputmode = 0x2;
    ioctl(fd, request, parm);
    parm->type = V4L2_BUF_TYPE_VBI_CAPTURE;
    ioctl(fd, request, parm);
    EDGES(request, struct v4l2_streamparm);
  }

  v4l2_std_id *std = tail(sizeof(*std));
  *std = V4L2_STD_PAL;
  ioctl(fd, VIDIOC_G_STD, std);
  ioctl(fd, VIDIOC_S_STD, std);
  *std = 0;
  ioctl(fd, VIDIOC_S_STD, std);
  EDGES(VIDIOC_G_STD, v4l2_std_id);
  EDGES(VIDIOC_S_STD, v4l2_std_id);

  struct v4l2_standard *standard = tail(sizeof(*standard));
  standard->index = 2;
  standard->id = V4L2_STD_NTSC;
  strcpy((char *) standard->name, "NTSC");
  standard->frameperiod.numerator = 1001;
  standard->frameperiod.denominator = 30000;
  standard->framelines = 525;
  ioctl(fd, VIDIOC_ENUMSTD, standard);
  EDGES(VIDIOC_ENUMSTD, struct v4l2_standard);

  struct v4l2_input *input = tail(sizeof(*input));
  input->index = 0;
  strcpy((char *) input->name, "Camera 1");
  input->type = V4L2_INPUT_TYPE_CAMERA;
  ioctl(fd, VIDIOC_ENUMINPUT, input);
  input->type = 7;
  ioctl(fd, VIDIOC_ENUMINPUT, input);
  EDGES(VIDIOC_ENUMINPUT, struct v4l2_input);

  struct v4l2_control *control = tail(sizeof(*control));
  unsigned int ids[] = {V4L2_CID_BRIGHTNESS, V4L2_CID_USER_CLASS, V4L2_CID_BASE + 0x80, V4L2_CID_CAMERA_CLASS_BASE + 0x1234,
                        0x00a90000, 0x00a9ffff + 0x10000, 0, 0xffffffff, V4L2_CID_BASE + 22 /* HCENTER */};
  for (unsigned i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
    control->id = ids[i];
    control->value = -7;
    ioctl(fd, VIDIOC_G_CTRL, control);
    ioctl(fd, VIDIOC_S_CTRL, control);
  }
  EDGES(VIDIOC_G_CTRL, struct v4l2_control);
  EDGES(VIDIOC_S_CTRL, struct v4l2_control);

  struct v4l2_tuner *tuner = tail(sizeof(*tuner));
  tuner->index = 1;
  strcpy((char *) tuner->name, "FM radio");
  tuner->type = V4L2_TUNER_RADIO;
  tuner->capability = V4L2_TUNER_CAP_LOW | V4L2_TUNER_CAP_STEREO | V4L2_TUNER_CAP_RDS;
  tuner->rangelow = 1400000;
  tuner->rangehigh = 1728000;
  tuner->rxsubchans = V4L2_TUNER_SUB_STEREO | V4L2_TUNER_SUB_RDS;
  tuner->audmode = V4L2_TUNER_MODE_STEREO;
  tuner->signal = 65535;
  tuner->afc = -3;
  ioctl(fd, VIDIOC_G_TUNER, tuner);
  ioctl(fd, VIDIOC_S_TUNER, tuner);
  tuner->type = 0x33;
  tuner->capability = 0x80000000;
  tuner->rxsubchans = 0;
  tuner->audmode = 0x55;
  memset(tuner->name, 'n', sizeof(tuner->name));
  ioctl(fd, VIDIOC_G_TUNER, tuner);
  ioctl(fd, VIDIOC_S_TUNER, tuner);
  EDGES(VIDIOC_G_TUNER, struct v4l2_tuner);
  EDGES(VIDIOC_S_TUNER, struct v4l2_tuner);

  struct v4l2_queryctrl *query = tail(sizeof(*query));
  query->id = V4L2_CID_CONTRAST;
  query->type = V4L2_CTRL_TYPE_INTEGER;
  strcpy((char *) query->name, "Contrast");
  query->minimum = -10;
  query->maximum = 10;
  query->step = 1;
  query->default_value = 3;
  query->flags = V4L2_CTRL_FLAG_SLIDER | 0x10000;
  ioctl(fd, VIDIOC_QUERYCTRL, query);
  query->id = V4L2_CTRL_FLAG_NEXT_CTRL | V4L2_CTRL_FLAG_NEXT_COMPOUND | V4L2_CID_BASE;
  query->reserved[1] = 0x77;
  query->type = 0x999;
  ioctl(fd, VIDIOC_QUERYCTRL, query);
  query->id = V4L2_CTRL_FLAG_NEXT_CTRL | 0x4000;
  ioctl(fd, VIDIOC_QUERYCTRL, query);
  EDGES(VIDIOC_QUERYCTRL, struct v4l2_queryctrl);

  struct v4l2_query_ext_ctrl *ext = tail(sizeof(*ext));
  ext->id = V4L2_CID_AUTO_WHITE_BALANCE;
  ext->type = V4L2_CTRL_TYPE_U8;
  strcpy(ext->name, "Matrix");
  ext->minimum = -1000000000000LL;
  ext->maximum = 1000000000000LL;
  ext->step = 0xffffffffffffffffULL;
  ext->default_value = 0;
  ext->flags = V4L2_CTRL_FLAG_HAS_PAYLOAD;
  ext->elem_size = 1;
  ext->elems = 64;
  ext->nr_of_dims = 2;
  ext->dims[0] = 8;
  ext->dims[1] = 8;
  ioctl(fd, VIDIOC_QUERY_EXT_CTRL, ext);
  ext->id = V4L2_CTRL_FLAG_NEXT_COMPOUND | V4L2_CID_CAMERA_CLASS_BASE;
  ext->nr_of_dims = 9;
  ext->dims[3] = 3;
  ext->reserved[31] = 1;
  ioctl(fd, VIDIOC_QUERY_EXT_CTRL, ext);
  EDGES(VIDIOC_QUERY_EXT_CTRL, struct v4l2_query_ext_ctrl);

  int *index = tail(sizeof(*index));
  *index = 3;
  ioctl(fd, VIDIOC_G_INPUT, index);
  ioctl(fd, VIDIOC_S_INPUT, index);
  *index = -1;
  ioctl(fd, VIDIOC_S_INPUT, index);
  EDGES(VIDIOC_G_INPUT, int);
  EDGES(VIDIOC_S_INPUT, int);

  struct v4l2_cropcap *cropcap = tail(sizeof(*cropcap));
  cropcap->type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
  cropcap->bounds.left = -4;
  cropcap->bounds.width = 720;
  cropcap->bounds.height = 576;
  cropcap->defrect.top = 2;
  cropcap->defrect.width = 704;
  cropcap->defrect.height = 576;
  cropcap->pixelaspect.numerator = 54;
  cropcap->pixelaspect.denominator = 59;
  ioctl(fd, VIDIOC_CROPCAP, cropcap);
  EDGES(VIDIOC_CROPCAP, struct v4l2_cropcap);

  struct v4l2_crop *crop = tail(sizeof(*crop));
  crop->type = V4L2_BUF_TYPE_VIDEO_OVERLAY;
  crop->c.left = -1;
  crop->c.top = 0x7fffffff;
  crop->c.width = 0xffffffff;
  crop->c.height = 3;
  ioctl(fd, VIDIOC_G_CROP, crop);
  ioctl(fd, VIDIOC_S_CROP, crop);
  EDGES(VIDIOC_G_CROP, struct v4l2_crop);
  EDGES(VIDIOC_S_CROP, struct v4l2_crop);

  controls(VIDIOC_G_EXT_CTRLS);
  controls(VIDIOC_S_EXT_CTRLS);
  controls(VIDIOC_TRY_EXT_CTRLS);

  struct v4l2_frmsizeenum *size = tail(sizeof(*size));
  size->index = 0;
  size->pixel_format = V4L2_PIX_FMT_H264;
  size->type = V4L2_FRMSIZE_TYPE_DISCRETE;
  size->discrete.width = 1280;
  size->discrete.height = 720;
  ioctl(fd, VIDIOC_ENUM_FRAMESIZES, size);
  size->type = V4L2_FRMSIZE_TYPE_STEPWISE;
  size->stepwise.min_width = 16;
  size->stepwise.max_width = 4096;
  size->stepwise.step_width = 16;
  size->stepwise.min_height = 16;
  size->stepwise.max_height = 2160;
  size->stepwise.step_height = 8;
  ioctl(fd, VIDIOC_ENUM_FRAMESIZES, size);
  size->type = V4L2_FRMSIZE_TYPE_CONTINUOUS;
  ioctl(fd, VIDIOC_ENUM_FRAMESIZES, size);
  size->type = 9;
  ioctl(fd, VIDIOC_ENUM_FRAMESIZES, size);
  EDGES(VIDIOC_ENUM_FRAMESIZES, struct v4l2_frmsizeenum);

  struct v4l2_frmivalenum *interval = tail(sizeof(*interval));
  interval->index = 2;
  interval->pixel_format = V4L2_PIX_FMT_YUYV;
  interval->width = 640;
  interval->height = 480;
  interval->type = V4L2_FRMIVAL_TYPE_DISCRETE;
  interval->discrete.numerator = 1;
  interval->discrete.denominator = 15;
  ioctl(fd, VIDIOC_ENUM_FRAMEINTERVALS, interval);
  interval->type = V4L2_FRMIVAL_TYPE_STEPWISE;
  interval->stepwise.min.numerator = 1;
  interval->stepwise.min.denominator = 60;
  interval->stepwise.max.numerator = 1;
  interval->stepwise.max.denominator = 1;
  interval->stepwise.step.numerator = 1;
  interval->stepwise.step.denominator = 60;
  ioctl(fd, VIDIOC_ENUM_FRAMEINTERVALS, interval);
  interval->type = V4L2_FRMIVAL_TYPE_CONTINUOUS;
  ioctl(fd, VIDIOC_ENUM_FRAMEINTERVALS, interval);
  interval->type = 0;
  ioctl(fd, VIDIOC_ENUM_FRAMEINTERVALS, interval);
  EDGES(VIDIOC_ENUM_FRAMEINTERVALS, struct v4l2_frmivalenum);

  struct v4l2_create_buffers *create = tail(sizeof(*create));
  create->index = 5;
  create->count = 2;
  create->memory = V4L2_MEMORY_DMABUF;
  create->format.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
  create->format.fmt.pix.width = 320;
  create->format.fmt.pix.height = 240;
  create->format.fmt.pix.pixelformat = V4L2_PIX_FMT_RGB24;
  ioctl(fd, VIDIOC_CREATE_BUFS, create);
  create->format.type = 0x55;
  create->memory = 0;
  ioctl(fd, VIDIOC_CREATE_BUFS, create);
  EDGES(VIDIOC_CREATE_BUFS, struct v4l2_create_buffers);

  /* Requests strace leaves in hexadecimal. */
  ioctl(fd, VIDIOC_LOG_STATUS, 0);
  ioctl(fd, VIDIOC_G_PRIORITY, index);
  return 0;
}
