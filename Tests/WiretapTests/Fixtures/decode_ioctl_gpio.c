/* The GPIO ioctls (0xb4) on /dev/null, with pre-filled and hostile
 * structures (unknown flags and ids, huge counts, set padding, NULL,
 * unmapped and cut-short pointers); see decode_ioctl_evdev.c. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/gpio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#define BAD ((void *)0x10)

static char *tail(size_t size) {
  static char *page;
  if (!page) {
    page = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(page + 4096, 4096);
  }
  memset(page, 0x5a, 4096);
  return page + 4096 - size;
}

int main(void) {
  int fd = open("/dev/null", O_RDONLY);
  write(-1, "MARK", 4);

  struct gpiochip_info chip;
  memset(&chip, 0, sizeof(chip));
  strcpy(chip.name, "gpiochip0");
  memset(chip.label, 'x', sizeof(chip.label));
  chip.lines = 54;
  ioctl(fd, GPIO_GET_CHIPINFO_IOCTL, &chip);
  ioctl(fd, GPIO_GET_CHIPINFO_IOCTL, NULL);
  ioctl(fd, GPIO_GET_CHIPINFO_IOCTL, tail(60));

  unsigned int offset = 7;
  ioctl(fd, GPIO_GET_LINEINFO_UNWATCH_IOCTL, &offset);
  ioctl(fd, GPIO_GET_LINEINFO_UNWATCH_IOCTL, BAD);

  struct gpioline_info li;
  memset(&li, 0, sizeof(li));
  li.line_offset = 3;
  li.flags = GPIOLINE_FLAG_KERNEL | GPIOLINE_FLAG_ACTIVE_LOW | 0x1000;
  strcpy(li.name, "led0");
  strcpy(li.consumer, "kernel");
  ioctl(fd, GPIO_GET_LINEINFO_IOCTL, &li);
  ioctl(fd, GPIO_GET_LINEINFO_WATCH_IOCTL, &li);
  li.flags = 0x1000;
  ioctl(fd, GPIO_GET_LINEINFO_IOCTL, &li);
  ioctl(fd, GPIO_GET_LINEINFO_IOCTL, tail(8));

  struct gpiohandle_request hr;
  memset(&hr, 0, sizeof(hr));
  hr.lines = 3;
  hr.lineoffsets[0] = 1; hr.lineoffsets[1] = 2; hr.lineoffsets[2] = 0xffffffff;
  hr.flags = GPIOHANDLE_REQUEST_OUTPUT | GPIOHANDLE_REQUEST_BIAS_DISABLE;
  hr.default_values[0] = 1; hr.default_values[2] = 255;
  strcpy(hr.consumer_label, "test");
  hr.fd = 0;
  ioctl(fd, GPIO_GET_LINEHANDLE_IOCTL, &hr);
  hr.lines = 1000;
  hr.flags = 0x100;
  ioctl(fd, GPIO_GET_LINEHANDLE_IOCTL, &hr);
  hr.lines = 0;
  hr.flags = 0;
  ioctl(fd, GPIO_GET_LINEHANDLE_IOCTL, &hr);

  struct gpioevent_request er;
  memset(&er, 0, sizeof(er));
  er.lineoffset = 5;
  er.handleflags = GPIOHANDLE_REQUEST_INPUT;
  er.eventflags = GPIOEVENT_REQUEST_BOTH_EDGES;
  strcpy(er.consumer_label, "ev");
  er.fd = 1;
  ioctl(fd, GPIO_GET_LINEEVENT_IOCTL, &er);
  er.eventflags = GPIOEVENT_REQUEST_FALLING_EDGE | 0x10;
  er.handleflags = 0x300;
  ioctl(fd, GPIO_GET_LINEEVENT_IOCTL, &er);
  ioctl(fd, GPIO_GET_LINEEVENT_IOCTL, NULL);

  struct gpiohandle_data data;
  for (int i = 0; i < 64; i++) data.values[i] = i;
  ioctl(fd, GPIOHANDLE_GET_LINE_VALUES_IOCTL, &data);
  ioctl(fd, GPIOHANDLE_SET_LINE_VALUES_IOCTL, &data);
  ioctl(fd, GPIOHANDLE_SET_LINE_VALUES_IOCTL, tail(63));

  struct gpiohandle_config hc;
  memset(&hc, 0, sizeof(hc));
  hc.flags = GPIOHANDLE_REQUEST_ACTIVE_LOW;
  hc.default_values[1] = 1;
  ioctl(fd, GPIOHANDLE_SET_CONFIG_IOCTL, &hc);

  struct gpio_v2_line_info v2;
  memset(&v2, 0, sizeof(v2));
  v2.offset = 9;
  strcpy(v2.name, "button");
  v2.flags = GPIO_V2_LINE_FLAG_USED | GPIO_V2_LINE_FLAG_INPUT | (1ULL << 40);
  v2.num_attrs = 5;
  v2.attrs[0].id = GPIO_V2_LINE_ATTR_ID_FLAGS;
  v2.attrs[0].flags = GPIO_V2_LINE_FLAG_EDGE_RISING;
  v2.attrs[1].id = GPIO_V2_LINE_ATTR_ID_OUTPUT_VALUES;
  v2.attrs[1].values = 0xf0;
  v2.attrs[2].id = GPIO_V2_LINE_ATTR_ID_DEBOUNCE;
  v2.attrs[2].debounce_period_us = 1000;
  v2.attrs[3].id = 77;
  v2.attrs[3].values = 0x1234;
  v2.attrs[4].id = GPIO_V2_LINE_ATTR_ID_FLAGS;
  v2.attrs[4].padding = 1;
  v2.padding[2] = 0xdead;
  ioctl(fd, GPIO_V2_GET_LINEINFO_IOCTL, &v2);
  ioctl(fd, GPIO_V2_GET_LINEINFO_WATCH_IOCTL, &v2);
  v2.num_attrs = 0xffffffff;
  v2.padding[2] = 0;
  ioctl(fd, GPIO_V2_GET_LINEINFO_IOCTL, &v2);
  ioctl(fd, GPIO_V2_GET_LINEINFO_IOCTL, tail(100));

  struct gpio_v2_line_request lr;
  memset(&lr, 0, sizeof(lr));
  lr.num_lines = 2;
  lr.offsets[0] = 4; lr.offsets[1] = 8;
  strcpy(lr.consumer, "req");
  lr.config.flags = GPIO_V2_LINE_FLAG_OUTPUT;
  lr.config.num_attrs = 2;
  lr.config.attrs[0].attr.id = GPIO_V2_LINE_ATTR_ID_OUTPUT_VALUES;
  lr.config.attrs[0].attr.values = 3;
  lr.config.attrs[0].mask = 3;
  lr.config.attrs[1].attr.id = 99;
  lr.config.attrs[1].attr.padding = 2;
  lr.config.attrs[1].mask = 1;
  lr.fd = 2;
  ioctl(fd, GPIO_V2_GET_LINE_IOCTL, &lr);
  lr.event_buffer_size = 16;
  lr.padding[0] = 1;
  lr.config.padding[4] = 9;
  lr.num_lines = 100;
  lr.config.num_attrs = 11;
  ioctl(fd, GPIO_V2_GET_LINE_IOCTL, &lr);
  ioctl(fd, GPIO_V2_LINE_SET_CONFIG_IOCTL, &lr.config);
  lr.config.num_attrs = 0;
  lr.config.flags = 0;
  ioctl(fd, GPIO_V2_LINE_SET_CONFIG_IOCTL, &lr.config);
  ioctl(fd, GPIO_V2_LINE_SET_CONFIG_IOCTL, tail(200));

  struct gpio_v2_line_values vals = {0x5, 0xf};
  ioctl(fd, GPIO_V2_LINE_GET_VALUES_IOCTL, &vals);
  ioctl(fd, GPIO_V2_LINE_SET_VALUES_IOCTL, &vals);
  ioctl(fd, GPIO_V2_LINE_GET_VALUES_IOCTL, tail(8));
  ioctl(fd, GPIO_V2_LINE_SET_VALUES_IOCTL, NULL);

  ioctl(fd, _IOWR(0xb4, 0x77, int), &offset);
  ioctl(fd, _IO(0xb4, 0x01), 0x42);
  return 0;
}
