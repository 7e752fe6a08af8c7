#include "CWiretapSymbols.h"

static char *debuginfo_path = NULL; // NULL: the default ":.debug:/usr/lib/debug"

static const Dwfl_Callbacks proc_callbacks = {
    .find_elf = dwfl_linux_proc_find_elf,
    .find_debuginfo = dwfl_standard_find_debuginfo,
    .section_address = dwfl_offline_section_address,
    .debuginfo_path = &debuginfo_path,
};

const Dwfl_Callbacks *wts_proc_callbacks(void) { return &proc_callbacks; }
