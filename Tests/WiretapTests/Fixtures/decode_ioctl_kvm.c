/* KVM ioctls (type 0xae) on /dev/kvm: real, successful calls (a VM with one
 * vcpu running a `hlt` in real mode, a memory region, registers, segment
 * registers, CPUID), then failing and hostile ones (NULL, unmapped, cut short
 * at a page's end, unknown flags and capabilities, huge entry counts) and
 * the same requests on /dev/null. Nothing outside the VM is touched.
 * Compared with strace by IoctlFamilyDecoderTests. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/kvm.h>
#include <sched.h>
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
  /* On one CPU: KVM_GET_SUPPORTED_CPUID's leaf 1 carries the caller's APIC id. */
  cpu_set_t one;
  CPU_ZERO(&one);
  CPU_SET(0, &one);
  sched_setaffinity(0, sizeof(one), &one);
  write(-1, "MARK", 4);
  int null = open("/dev/null", O_RDONLY);
  char *guard = guarded_page();
  int kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
  if (kvm >= 0) {
    ioctl(kvm, KVM_GET_API_VERSION, 0);
    ioctl(kvm, KVM_CHECK_EXTENSION, KVM_CAP_USER_MEMORY);
    ioctl(kvm, KVM_CHECK_EXTENSION, KVM_CAP_NR_VCPUS);
    ioctl(kvm, KVM_CHECK_EXTENSION, 0xdeadbeefUL);
    int vm = ioctl(kvm, KVM_CREATE_VM, 0UL);
    int mmap_size = ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0);

    /* A page of guest memory at 0 with `hlt`. */
    unsigned char *mem = mmap(NULL, 0x10000, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    mem[0] = 0xf4;
    struct kvm_userspace_memory_region region = {
        .slot = 0, .flags = 0, .guest_phys_addr = 0, .memory_size = 0x10000, .userspace_addr = (uintptr_t)mem};
    ioctl(vm, KVM_SET_USER_MEMORY_REGION, &region);
    int vcpu = ioctl(vm, KVM_CREATE_VCPU, 0UL);
    struct kvm_run *run = mmap(NULL, mmap_size, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu, 0);

    struct kvm_sregs sregs;
    ioctl(vcpu, KVM_GET_SREGS, &sregs);
    sregs.cs.base = 0;
    sregs.cs.selector = 0;
    ioctl(vcpu, KVM_SET_SREGS, &sregs);
    struct kvm_regs regs;
    ioctl(vcpu, KVM_GET_REGS, &regs);
    memset(&regs, 0, sizeof(regs));
    regs.rip = 0;
    regs.rflags = 2;
    regs.rbx = 0x1234;
    regs.r15 = 0xffffffffffffffffULL;
    ioctl(vcpu, KVM_SET_REGS, &regs);

    /* CPUID: the supported entries, given to the vcpu. */
    static char cpuid_buffer[sizeof(struct kvm_cpuid2) + 256 * sizeof(struct kvm_cpuid_entry2)]
        __attribute__((aligned(8)));
    struct kvm_cpuid2 *cpuid = (struct kvm_cpuid2 *)cpuid_buffer;
    cpuid->nent = 256;
    ioctl(kvm, KVM_GET_SUPPORTED_CPUID, cpuid);
    ioctl(vcpu, KVM_SET_CPUID2, cpuid);
    /* Too small: E2BIG. */
    struct kvm_cpuid2 small = {.nent = 1};
    ioctl(kvm, KVM_GET_SUPPORTED_CPUID, &small);

    ioctl(vcpu, KVM_RUN, 0);
    if (run != MAP_FAILED) write(-1, run->exit_reason == KVM_EXIT_HLT ? "hlt" : "other", 3);

    /* Failing: an unaligned region, a second vcpu 0, an unknown flag. */
    region.slot = 1;
    region.flags = KVM_MEM_LOG_DIRTY_PAGES | KVM_MEM_READONLY | 0x80;
    region.guest_phys_addr = 0x123;
    ioctl(vm, KVM_SET_USER_MEMORY_REGION, &region);
    region.flags = 0x100;
    ioctl(vm, KVM_SET_USER_MEMORY_REGION, &region);
    ioctl(vm, KVM_CREATE_VCPU, 0UL);
    ioctl(vm, KVM_CREATE_VCPU, 0x100000000UL);

    /* NULL, unmapped, cut short. */
    unsigned int requests[] = {KVM_SET_USER_MEMORY_REGION, KVM_GET_REGS, KVM_SET_REGS, KVM_GET_SREGS,
                               KVM_SET_SREGS, KVM_SET_CPUID2, KVM_GET_SUPPORTED_CPUID};
    for (unsigned i = 0; i < sizeof(requests) / sizeof(requests[0]); i++) {
      int fd = requests[i] == KVM_SET_USER_MEMORY_REGION ? vm : requests[i] == KVM_GET_SUPPORTED_CPUID ? kvm : vcpu;
      ioctl(fd, requests[i], NULL);
      ioctl(fd, requests[i], (void *)0x10);
      unsigned size = _IOC_SIZE(requests[i]);
      ioctl(fd, requests[i], guard + 4096 - size + 4);
    }
    /* CPUID entries running into the unmapped page, and a count that wraps. */
    struct kvm_cpuid2 *cut = (struct kvm_cpuid2 *)(guard + 4096 - 8 - 2 * sizeof(struct kvm_cpuid_entry2));
    memset(cut, 0, 8 + 2 * sizeof(struct kvm_cpuid_entry2));
    cut->nent = 3;
    cut->entries[0].function = 0x80000001;
    cut->entries[0].flags = 7 | 0x10;
    cut->entries[1].flags = 0x20;
    ioctl(vcpu, KVM_SET_CPUID2, cut);
    cut = (struct kvm_cpuid2 *)(guard + 4096 - 8);
    cut->nent = 5;
    ioctl(vcpu, KVM_SET_CPUID2, cut);
    cut->nent = 0;
    ioctl(vcpu, KVM_SET_CPUID2, cut);
    cut->nent = 0xffffffff;
    ioctl(vcpu, KVM_SET_CPUID2, cut);
    close(vcpu);
    close(vm);
  }

  /* The same requests on /dev/null (ENOTTY). */
  ioctl(null, KVM_CREATE_VM, 0x42UL);
  ioctl(null, KVM_CREATE_VCPU, 0xffffffffUL);
  ioctl(null, KVM_CHECK_EXTENSION, 0UL);
  ioctl(null, KVM_CHECK_EXTENSION, 0xffffffffffffffffUL);
  ioctl(null, KVM_RUN, 0x10UL);
  ioctl(null, KVM_GET_VCPU_MMAP_SIZE, 0UL);
  struct kvm_regs regs2;
  memset(&regs2, 0x11, sizeof(regs2));
  ioctl(null, KVM_SET_REGS, &regs2);
  ioctl(null, KVM_GET_REGS, &regs2);
  struct kvm_sregs sregs2;
  memset(&sregs2, 0xfe, sizeof(sregs2));
  ioctl(null, KVM_SET_SREGS, &sregs2);
  ioctl(null, KVM_GET_SREGS, &sregs2);
  ioctl(null, KVM_GET_EMULATED_CPUID, guard);
  ioctl(null, KVM_GET_CPUID2, guard);
  return 0;
}
