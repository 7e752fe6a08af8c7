// Capstone 4 (the x86 disassembler), as a Swift module.
// Debian/Ubuntu: libcapstone-dev (pkg-config "capstone"; it ships
// libcapstone.a, which -static-executable builds link).
#ifndef CCAPSTONE_SHIM_H
#define CCAPSTONE_SHIM_H
#include <capstone/capstone.h>
#endif
