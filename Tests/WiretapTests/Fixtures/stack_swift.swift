// main (top-level code) -> outer -> inner -> String.withCString (generic,
// in libswiftCore at -Onone) -> its closure -> write(2) through Glibc, for
// stack traces of Swift code (SymbolsTests). Built with swiftc -g -Onone.
import Glibc

nonisolated(unsafe) var sink = 0

@inline(never) func inner(_ text: String) -> Int {
    let n = text.withCString { pointer in
        write(1, pointer, strlen(pointer))
    }
    sink = n
    return n + 1
}

@inline(never) func outer(_ text: String) -> Int {
    let n = inner(text)
    sink = n
    return n + 2
}

exit(outer("swift\n") == 9 ? 0 : 1)
