#ifndef CWIRETAPCLI_H
#define CWIRETAPCLI_H

// MARK: signals for the command-line tool

/// Installs handlers for SIGINT, SIGTERM, SIGHUP (and SIGQUIT, SIGPIPE) that
/// record the signal and keep kicking the blocking wait (via an interval timer
/// and a no-op SIGALRM handler, without SA_RESTART) until it is acknowledged.
int wt_install_stop_handlers(void);
/// strace's -I: 1 anywhere (no handlers: those signals act as usual),
/// 2 waiting (the handlers of wt_install_stop_handlers), 3 never (SIGINT,
/// SIGTERM, SIGHUP, SIGQUIT and SIGPIPE ignored), 4 never_tstp (and SIGTSTP
/// ignored too). SIGTTOU and SIGTTIN are ignored in every mode, as strace
/// does. The SIGALRM kicker is installed in every mode. Ignored signals
/// stay ignored across execve: call this after the command is started (as
/// strace does); 0 installs only the handlers of mode 2 (what
/// wt_install_stop_handlers does), safe before a spawn.
int wt_install_interrupt_handlers(int mode);
/// The signal that asked the tracer to stop, or 0.
int wt_stop_requested(void);
/// Stops the kicking timer once the request has been acted on.
void wt_stop_acknowledged(void);
/// Kills the calling process with `sig` (default action, no core file),
/// the way strace mirrors a tracee's death. Returns only if that fails.
void wt_die_by_signal(int sig);


/// The width of the terminal on `fd` (TIOCGWINSZ), or 0 if it is not one.
int wt_terminal_columns(int fd);

#endif
