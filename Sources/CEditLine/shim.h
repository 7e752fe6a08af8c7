// libedit's readline interface: the debugger prompt's line editing and history.
#include <stdio.h>
#include <editline/readline.h>
