// elfutils' libdw/libdwfl and libelf, as a Swift module.
// Debian/Ubuntu: libdw-dev, libelf-dev (pkg-config "libdw").
#ifndef CELFUTILS_SHIM_H
#define CELFUTILS_SHIM_H
#include <elfutils/libdwfl.h>
#include <elfutils/libdw.h>
#include <dwarf.h>
#include <gelf.h>
#endif
