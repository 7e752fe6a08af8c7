/// `wiretap -h`: every option, grouped as strace 6.1 groups its own, with
/// the extensions (marked `[+]`) and the subcommands at the end. A test
/// checks that it names every option the parser knows.
enum Help {
    static let text = """
    Usage: wiretap [-ACdffhiknNqqqrtttTvVwxxyyYzZ] [-I N] [-b execve] [-e EXPR]...
                   [-a COLUMN] [-o FILE] [-s STRSIZE] [-X FORMAT] [-O OVERHEAD]
                   [-S SORTBY] [-P PATH]... [-p PID]... [-U COLUMNS] [--seccomp-bpf]
                   { -p PID | [-DDD] [-E VAR=VAL]... [-u USERNAME] PROG [ARGS] }
       or: wiretap -c[dfwzZ] [-I N] [-b execve] [-e EXPR]... [-O OVERHEAD]
                   [-S SORTBY] [-P PATH]... [-p PID]... [-U COLUMNS] [--seccomp-bpf]
                   { -p PID | [-DDD] [-E VAR=VAL]... [-u USERNAME] PROG [ARGS] }
       or: wiretap files [--snapshot DIR] [-o FILE] [--json] ... [--] PROG [ARGS]
       or: wiretap tree [-o FILE] [--json] [--] PROG [ARGS]
       or: wiretap undo [--dry-run] DIR

    Options marked [+] are wiretap's own, or from strace releases after 6.1.

    General:
      -e EXPR        a qualifying expression: QUALIFIER=[!]all or
                 QUALIFIER=[!]VALUE[,VALUE]...
         qualifiers: trace, abbrev, verbose, raw, signal, read, write, fault,
                     inject, status, quiet, kvm, decode-fds

    Startup:
      -E VAR=VAL, --env=VAR=VAL
                     set VAR to VAL in the command's environment
      -E VAR, --env=VAR
                     remove VAR from the command's environment
      -p PID, --attach=PID
                     trace the running process PID (repeatable; PID,PID... works)
      -u USERNAME, --user=USERNAME
                     run the command as USERNAME (a name or a uid), with its groups
      --argv0=NAME   [+] run the command with NAME as its argv[0]

    Tracing:
      -b execve, --detach-on=execve
                     detach from a task when it calls execve
      -D, --daemonize[=grandchild]
                     run the tracer as a grandchild, not as the command's parent
      -DD, --daemonize=pgroup
                     run the tracer in a process group of its own
      -DDD, --daemonize=session
                     run the tracer in a session of its own
      -f, --follow-forks
                     follow forks, vforks and new threads
      -ff, --follow-forks --output-separately
                     follow forks, each task's trace in its own file FILE.PID
      -I INTERRUPTIBLE, --interruptible=INTERRUPTIBLE
         1, anywhere:   no signals are blocked
         2, waiting:    fatal signals are blocked while decoding a syscall (default)
         3, never:      fatal signals are always blocked (default with '-o FILE PROG')
         4, never_tstp: fatal signals and SIGTSTP (^Z) are always blocked
      --kill-on-exit [+] kill the traced processes when wiretap exits
      --syscall-limit=N
                     [+] detach from every task after N syscalls
      --seccomp-bpf  stop only at the traced syscalls, with a seccomp-bpf filter
                     (implies -f; not with -p)
      --stop-wait=poll|block
                     [+] wait for the next stop by polling briefly before sleeping
                     (poll, the default) or by always sleeping (block: least CPU)

    Filtering:
      -e trace=[!][?]{{SYSCALL|GROUP|all|/REGEX}[@64|@32|@x32]|none},
       --trace=[!][?]{{SYSCALL|GROUP|all|/REGEX}[@64|@32|@x32]|none}
                     trace only these syscalls
         groups:     %clock, %creds, %desc, %file, %fstat, %fstatfs, %ipc, %lstat,
                     %memory, %net, %process, %pure, %signal, %stat, %%stat,
                     %statfs, %%statfs (and, without %: file, process, network,
                     signal, ipc, desc, memory)
      -e signal=SET, --signal=SET
                     print only the signals in SET
      -e status=SET, --status=SET
                     print only syscalls whose outcome is in SET
         statuses:   successful, failed, unfinished, unavailable, detached
      -P PATH, --trace-path=PATH
                     trace only syscalls that access PATH (repeatable)
      --trace-fds=SET
                     [+] trace only syscalls that use the descriptors in SET
      -z, --successful-only
                     print only syscalls that succeeded
      -Z, --failed-only
                     print only syscalls that failed

    Output format:
      -a COLUMN, --columns=COLUMN
                     align syscall results at COLUMN (default 40)
      -e abbrev=SET, --abbrev=SET
                     abbreviate the output of the syscalls in SET
      -e verbose=SET, --verbose=SET
                     dereference the structures of the syscalls in SET
      -e raw=SET, --raw=SET
                     print the syscalls in SET with undecoded arguments
      -e read=SET, --read=SET
                     dump in hex the data read from the descriptors in SET
      -e write=SET, --write=SET
                     dump in hex the data written to the descriptors in SET
      -e quiet=SET, --quiet=SET
                     leave out some informational messages
         messages:   attach, exit, path-resolution, personality, thread-execve
      -e kvm=vcpu, --kvm=vcpu
                     print the exit reason of KVM vcpus
      -e decode-fds=SET, --decode-fds=SET
                     what to print beside a file descriptor
         details:    dev (major and minor numbers of block and character devices),
                     path (the file's path),
                     pidfd (the process a pidfd refers to),
                     socket (the protocol and endpoints of a socket)
      -i, --instruction-pointer
                     print the instruction pointer at each syscall
      -k, --stack-trace[=symbol], --stack-traces
                     print the stack trace of each syscall and signal
      -kk, --stack-trace=source
                     [+] stack traces with source files and lines
      --stack-trace-frame-limit=N
                     [+] unwind at most N frames (default 256)
      -n, --syscall-number
                     print the syscall number
      -N, --arg-names
                     [+] print the name of each syscall argument
      -o FILE, --output=FILE
                     write the trace to FILE instead of stderr
      -A, --output-append-mode
                     append to the -o FILE instead of truncating it
      --output-separately
                     write each task's trace to FILE.PID
      --always-show-pid
                     [+] print the PID on every line, even with a single task
      --color[=WHEN] [+] color the output: auto (a terminal, unless NO_COLOR is set),
                     always (the default alone) or never
      --json         [+] write JSON Lines, one object per event, instead of text
      --timeline=FILE
                     [+] also write a Perfetto trace to FILE (ui.perfetto.dev):
                     process and thread tracks, syscall slices, fork flows
      -q, --quiet=attach,personality
                     leave out the messages about attaching and detaching
      -qq, --quiet=attach,personality,exit
                     leave out the exit status lines as well
      -qqq, --quiet=all
                     leave out every message that can be left out
      -r, --relative-timestamps[=PRECISION]
                     print the time since the previous line
         precision:  one of s, ms, us, ns; default is microseconds
      -s STRSIZE, --string-limit=STRSIZE
                     print at most STRSIZE bytes of each string (default 32)
      --absolute-timestamps=[[format:]FORMAT[,[precision:]PRECISION]]
                     how to print the time of day
         format:     none, time, or unix; default is time
         precision:  one of s, ms, us, ns; default is seconds
      -t, --absolute-timestamps[=time]
                     print the time of day
      -tt, --absolute-timestamps=[time,]us
                     print the time of day with microseconds
      -ttt, --absolute-timestamps=unix,us
                     print seconds since the epoch, with microseconds
      -T, --syscall-times[=PRECISION]
                     print the time spent in each syscall
         precision:  one of s, ms, us, ns; default is microseconds
      -v, --no-abbrev
                     print structures, arrays and environments in full
      --strings-in-hex=non-ascii-chars
                     escape non-ASCII bytes in hex instead of octal
      -x, --strings-in-hex=non-ascii
                     print strings with non-ASCII bytes in hex
      -xx, --strings-in-hex[=all]
                     print every string in hex
      -X FORMAT, --const-print-style=FORMAT
                     how to print named constants and flags
         formats:    raw, abbrev, verbose
      -y, --decode-fds[=path]
                     print the path of each file descriptor
      -yy, --decode-fds=all
                     print everything known about each file descriptor
      --decode-pids=pidns
                     print PIDs in wiretap's PID namespace as well
      -Y, --decode-pids=comm
                     print the command name beside each PID

    Statistics:
      -c, --summary-only
                     count the time, calls and errors of each syscall and print
                     only that summary
      -C, --summary  like -c, and print the trace as well
      -O OVERHEAD[UNIT], --summary-syscall-overhead=OVERHEAD[UNIT]
                     take OVERHEAD off the time of each syscall
         units:      one of s, ms, us, ns; default is microseconds
      -S SORTBY, --summary-sort-by=SORTBY
                     sort the summary by time, min-time, max-time, avg-time,
                     calls, errors, name or nothing (default time)
      -U COLUMNS, --summary-columns=COLUMNS
                     the summary's columns, comma-separated: time-percent,
                     total-time, min-time, max-time, avg-time, calls, errors,
                     name, and [+] wall-total, wall-min, wall-max, wall-avg
                     (default time-percent,total-time,avg-time,calls,errors,name)
      -w, --summary-wall-clock
                     count wall-clock time in the summary (default: system time)
      --tree         [+] at the end, print the process tree: argv, cwd, wall and
                     CPU time, syscalls, exit status; failures marked FAILED

    Tampering:
      -e inject=SET[:error=ERRNO|:retval=VALUE][:signal=SIG][:syscall=SYSCALL]
                [:delay_enter=DELAY][:delay_exit=DELAY]
                [:poke_enter=@argN=DATAN,@argM=DATAM...]
                [:poke_exit=@argN=DATAN,@argM=DATAM...]
                [:when=WHEN],
      --inject=SET[...]
                     tamper with the syscalls in SET
         delay:      microseconds or NUMBER{s|ms|us|ns}
         when:       FIRST[..LAST][+[STEP]]
      -e fault=SET[:error=ERRNO][:when=WHEN], --fault=SET[:error=ERRNO][:when=WHEN]
                     -e inject with ENOSYS as the default ERRNO

    Miscellaneous:
      -d, --debug    print wiretap's own debug messages to stderr
      -h, --help     print this help
      --tips[=[[id:]ID][,[format:]FORMAT]]
                     print a tip about wiretap when it exits
         id:         a non-negative integer or random; default is random
         format:     none, compact, full; default is compact
      -V, --version  print the version and the optional features built in

    Files and undo:
      wiretap files --help      what a command changed, with a snapshot to undo it
      wiretap undo --help       put the files back as they were before the command
      wiretap tree --help       a command's process tree, at close to its own speed
      man wiretap               the manual (doc/wiretap.1)

    """
}
