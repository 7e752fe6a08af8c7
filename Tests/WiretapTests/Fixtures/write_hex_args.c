// Decodes each argument from hex and write(2)s its bytes to fd -1 (EBADF),
// so a tracer shows how it quotes exactly those bytes.
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
    for (int i = 1; i < argc; i++) {
        size_t n = strlen(argv[i]) / 2;
        unsigned char *bytes = malloc(n + 1);
        for (size_t j = 0; j < n; j++) {
            char pair[3] = { argv[i][2 * j], argv[i][2 * j + 1], 0 };
            bytes[j] = (unsigned char)strtoul(pair, 0, 16);
        }
        write(-1, bytes, n);
        free(bytes);
    }
    return 0;
}
