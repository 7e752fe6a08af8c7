// `import Wiretap` gives the whole library: the layers are separate modules
// (the compiler keeps their dependencies one way), re-exported here.
//
//   WiretapCore      ptrace wrappers, registers, the Tracer engine, events, remote memory
//   WiretapSyscalls  the syscall model: tables, typed values (SyscallValue), decoders, -e sets
//   WiretapRender    strace text, JSON and the Perfetto timeline, the -c summary
//   WiretapFiles     file tracking, snapshots and undo
@_exported import WiretapCore
@_exported import WiretapSyscalls
@_exported import WiretapRender
@_exported import WiretapFiles
