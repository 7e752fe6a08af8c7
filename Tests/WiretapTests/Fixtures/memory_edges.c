// Puts strings at awkward places in memory and passes each to access(2) with
// mode 7 (the dynamic loader never asks that), so a tracer can read them at
// the syscall entry:
//   1. "crossing-the-page-boundary" starting 8 bytes before a page boundary
//      (both pages mapped);
//   2. "edge" ending (with its NUL) at the last byte of a page whose next
//      page is unmapped;
//   3. the start of an unmapped page.
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#define MARK(p) syscall(SYS_access, (p), 7)

int main(void) {
    long page = sysconf(_SC_PAGESIZE);
    char *area = mmap(NULL, 3 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (area == MAP_FAILED) return 2;
    munmap(area + 2 * page, page);  // the third page is a hole

    char *crossing = area + page - 8;
    strcpy(crossing, "crossing-the-page-boundary");
    MARK(crossing);

    char *edge = area + 2 * page - 5;
    memcpy(edge, "edge", 5);
    MARK(edge);

    MARK(area + 2 * page);
    return 0;
}
