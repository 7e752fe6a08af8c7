import CWiretapSymbols
import Glibc

/// Demangling of C++ (Itanium ABI, `_Z...`) and Swift (`$s...`) symbol names
/// with the demanglers already linked into every Swift program: libstdc++'s
/// `__cxa_demangle` (the Swift runtime links libstdc++) and the Swift
/// runtime's `swift_demangle`.
public enum Demangler {
    /// The demangled form of `name`, or `name` itself if it is not a C++ or
    /// Swift mangled name (C names, for instance) or cannot be demangled.
    public static func demangle(_ name: String) -> String {
        if name.hasPrefix("_Z") {
            var status: CInt = 0
            guard let result = __cxa_demangle(name, nil, nil, &status) else { return name }
            defer { free(result) }
            return status == 0 ? String(cString: result) : name
        }
        if name.hasPrefix("$s") || name.hasPrefix("_$s") || name.hasPrefix("$S") || name.hasPrefix("_T0") {
            let utf8 = Array(name.utf8)
            guard let result = utf8.withUnsafeBufferPointer({ buffer in
                buffer.withMemoryRebound(to: CChar.self) { swift_demangle($0.baseAddress, $0.count, nil, nil, 0) }
            }) else { return name }
            defer { free(result) }
            return String(cString: result)
        }
        return name
    }
}
