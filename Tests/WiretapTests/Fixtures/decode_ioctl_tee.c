/* TEE ioctls (type 0xa4), only on /dev/null (ENOTTY: no TEE device here):
 * TEE_IOC_VERSION, OPEN_SESSION (every login type), INVOKE, SUPPL_RECV and
 * SUPPL_SEND with their parameter arrays (every attribute type, META, an
 * unknown one), CANCEL, CLOSE_SESSION, SHM_ALLOC, SHM_REGISTER and the
 * out-of-tree SHM_REGISTER_FD; bad buffer lengths, NULL, unmapped and
 * cut-short arguments. Run by IoctlFamilyDecoderTests with and without
 * -e inject=ioctl:retval=0 (the exit-side structures as pre-filled). */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/tee.h>
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

struct shm_register_fd {
  int64_t fd;
  uint64_t size;
  uint32_t flags;
  uint8_t pad1[4];
  int32_t id;
  uint8_t pad2[4];
} __attribute__((aligned(8)));
#define TEE_IOC_SHM_REGISTER_FD _IOWR(0xa4, 8, struct shm_register_fd)

static char *guarded_page(void) {
  char *pages = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  munmap(pages + 4096, 4096);
  return pages;
}

static char buffer[1024] __attribute__((aligned(8)));

/* Parameters after an argument structure of `size` bytes. */
static void fill_params(size_t size, unsigned count) {
  struct tee_ioctl_param *params = (struct tee_ioctl_param *)(buffer + size);
  static const uint64_t attrs[] = {TEE_IOCTL_PARAM_ATTR_TYPE_NONE, TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INPUT,
                                   TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INOUT,
                                   TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_OUTPUT | TEE_IOCTL_PARAM_ATTR_META, 4,
                                   TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_OUTPUT | TEE_IOCTL_PARAM_ATTR_META};
  for (unsigned i = 0; i < count; i++) {
    params[i].attr = attrs[i % 6];
    params[i].a = 0x10 * i;
    params[i].b = 0x100 * i;
    params[i].c = i;
  }
}

int main(void) {
  write(-1, "MARK", 4);
  int fd = open("/dev/null", O_RDONLY);
  char *guard = guarded_page();

  struct tee_ioctl_version_data version = {.impl_id = TEE_IMPL_ID_OPTEE, .impl_caps = TEE_OPTEE_CAP_TZ | 2,
                                           .gen_caps = TEE_GEN_CAP_GP | TEE_GEN_CAP_REG_MEM | 0x100};
  ioctl(fd, TEE_IOC_VERSION, &version);
  version.impl_id = TEE_IMPL_ID_AMDTEE;
  ioctl(fd, TEE_IOC_VERSION, &version);
  version.impl_id = 9;
  version.gen_caps = 0;
  ioctl(fd, TEE_IOC_VERSION, &version);

  struct tee_ioctl_buf_data buf = {.buf_ptr = (uintptr_t)buffer};
  struct tee_ioctl_open_session_arg *open_session = (struct tee_ioctl_open_session_arg *)buffer;
  uint32_t logins[] = {TEE_IOCTL_LOGIN_PUBLIC, TEE_IOCTL_LOGIN_GROUP, TEE_IOCTL_LOGIN_GROUP_APPLICATION, 3};
  for (unsigned i = 0; i < 4; i++) {
    memset(buffer, 0, sizeof(buffer));
    for (int j = 0; j < 16; j++) {
      open_session->uuid[j] = 0x11 * j;
      open_session->clnt_uuid[j] = j == 0 && i == 2 ? 0xff : j;
    }
    if (i == 2) memset(open_session->clnt_uuid, 0xff, 4);
    open_session->clnt_login = logins[i];
    open_session->cancel_id = 5;
    open_session->session = 0xabc;
    open_session->ret = 1;
    open_session->ret_origin = i + 2;
    open_session->num_params = i;
    fill_params(sizeof(*open_session), i);
    buf.buf_len = sizeof(*open_session) + i * sizeof(struct tee_ioctl_param);
    ioctl(fd, TEE_IOC_OPEN_SESSION, &buf);
  }
  /* A length that does not match num_params; too long; too short. */
  buf.buf_len += 8;
  ioctl(fd, TEE_IOC_OPEN_SESSION, &buf);
  buf.buf_len = 2048;
  ioctl(fd, TEE_IOC_OPEN_SESSION, &buf);
  buf.buf_len = 4;
  ioctl(fd, TEE_IOC_OPEN_SESSION, &buf);

  struct tee_ioctl_invoke_arg *invoke = (struct tee_ioctl_invoke_arg *)buffer;
  memset(buffer, 0, sizeof(buffer));
  invoke->func = 7;
  invoke->session = 0x55;
  invoke->cancel_id = 1;
  invoke->ret = 0xffff0006;
  invoke->ret_origin = 4;
  invoke->num_params = 6;
  fill_params(sizeof(*invoke), 6);
  buf.buf_len = sizeof(*invoke) + 6 * sizeof(struct tee_ioctl_param);
  ioctl(fd, TEE_IOC_INVOKE, &buf);

  struct tee_iocl_supp_recv_arg *recv = (struct tee_iocl_supp_recv_arg *)buffer;
  memset(buffer, 0, sizeof(buffer));
  recv->func = 3;
  recv->num_params = 2;
  fill_params(sizeof(*recv), 2);
  buf.buf_len = sizeof(*recv) + 2 * sizeof(struct tee_ioctl_param);
  ioctl(fd, TEE_IOC_SUPPL_RECV, &buf);
  recv->num_params = 0;
  buf.buf_len = sizeof(*recv);
  ioctl(fd, TEE_IOC_SUPPL_RECV, &buf);

  struct tee_iocl_supp_send_arg *send = (struct tee_iocl_supp_send_arg *)buffer;
  send->ret = 9;
  send->num_params = 1;
  fill_params(sizeof(*send), 1);
  buf.buf_len = sizeof(*send) + sizeof(struct tee_ioctl_param);
  ioctl(fd, TEE_IOC_SUPPL_SEND, &buf);
  /* The argument structure unreadable. */
  buf.buf_ptr = 0x10;
  ioctl(fd, TEE_IOC_SUPPL_SEND, &buf);
  buf.buf_ptr = 0;
  ioctl(fd, TEE_IOC_SUPPL_SEND, &buf);
  /* Parameters running into the unmapped page. */
  struct tee_iocl_supp_send_arg *edge = (struct tee_iocl_supp_send_arg *)(guard + 4096 - 8 - 32);
  edge->ret = 0;
  edge->num_params = 3;
  memset(guard + 4096 - 32, 0, 32);
  buf.buf_ptr = (uintptr_t)edge;
  buf.buf_len = 8 + 3 * 32;
  ioctl(fd, TEE_IOC_SUPPL_SEND, &buf);

  struct tee_ioctl_cancel_arg cancel = {.cancel_id = 3, .session = 0x77};
  ioctl(fd, TEE_IOC_CANCEL, &cancel);
  struct tee_ioctl_close_session_arg close_session = {.session = 0x77};
  ioctl(fd, TEE_IOC_CLOSE_SESSION, &close_session);
  struct tee_ioctl_shm_alloc_data alloc = {.size = 0x1000, .flags = 1 | 0x80, .id = -1};
  ioctl(fd, TEE_IOC_SHM_ALLOC, &alloc);
  struct tee_ioctl_shm_register_data reg = {.addr = (uintptr_t)buffer, .length = 0x400, .flags = 0x8, .id = 12};
  ioctl(fd, TEE_IOC_SHM_REGISTER, &reg);
  reg.addr = 0;
  reg.flags = 0x100;
  ioctl(fd, TEE_IOC_SHM_REGISTER, &reg);
  struct shm_register_fd regfd = {.fd = fd, .size = 0x2000, .flags = 0x2, .id = 4};
  ioctl(fd, TEE_IOC_SHM_REGISTER_FD, &regfd);

  unsigned int requests[] = {TEE_IOC_VERSION, TEE_IOC_OPEN_SESSION, TEE_IOC_INVOKE, TEE_IOC_CANCEL,
                             TEE_IOC_CLOSE_SESSION, TEE_IOC_SUPPL_RECV, TEE_IOC_SUPPL_SEND, TEE_IOC_SHM_ALLOC,
                             TEE_IOC_SHM_REGISTER, TEE_IOC_SHM_REGISTER_FD, _IO(0xa4, 0x20)};
  for (unsigned i = 0; i < sizeof(requests) / sizeof(requests[0]); i++) {
    ioctl(fd, requests[i], NULL);
    ioctl(fd, requests[i], (void *)0x10);
    ioctl(fd, requests[i], guard + 4094);
  }
  return 0;
}
