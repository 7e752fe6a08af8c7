// The C side of WiretapSymbols: what is simpler to state in C.
#ifndef CWIRETAPSYMBOLS_H
#define CWIRETAPSYMBOLS_H

#include <stddef.h>
#include <stdint.h>
#include <elfutils/libdwfl.h>

/// libdwfl's standard callbacks for a live process: ELF files found through
/// /proc/PID/maps (dwfl_linux_proc_find_elf), separate debug info by
/// build-id and .gnu_debuglink in the default debuginfo path
/// (dwfl_standard_find_debuginfo). Static storage: valid for any Dwfl's lifetime.
const Dwfl_Callbacks *wts_proc_callbacks(void);

/// libstdc++'s C++ demangler (the Swift runtime already links libstdc++).
/// Returns a malloc'ed string or NULL; *status 0 on success.
char *__cxa_demangle(const char *mangled_name, char *output_buffer, size_t *length, int *status);

/// The Swift runtime's demangler (exported by libswiftCore).
/// Returns a malloc'ed string when output_buffer is NULL, or NULL.
char *swift_demangle(const char *mangled_name, size_t mangled_name_length,
                     char *output_buffer, size_t *output_buffer_size, uint32_t flags);

#endif
