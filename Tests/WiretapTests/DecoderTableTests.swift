import Testing
@testable import Wiretap
@testable import WiretapCore
@testable import WiretapSyscalls
@testable import WiretapRender
@testable import WiretapFiles

/// The decoder table, keyed by the generated `Syscall` identity: one decoder
/// per syscall, each found under its number.
@Suite struct DecoderTableTests {
    /// A syscall decoded in two places is a mistake: only the first would be used.
    @Test func noSyscallHasTwoDecoders() {
        #expect(DecoderTable.duplicates().isEmpty)
    }

    /// The check finds a syscall listed twice, across families or within one.
    @Test func duplicatesAreFound() {
        let decoder = SyscallDecoder { _ in .done() }
        #expect(DecoderTable.duplicates(in: [[.read: decoder], [.write: decoder, .read: decoder]]) == ["read"])
        #expect(DecoderTable.duplicates(in: [[.close: decoder, .close: decoder, .close: decoder]]) == ["close"])
        #expect(DecoderTable.duplicates(in: [[.read: decoder], [.write: decoder]]).isEmpty)
    }

    /// Every family's decoder is in the native table under its syscall's number, and nothing else is.
    @Test func tableHoldsEveryDecoder() throws {
        var listed = Set<Syscall>()
        for family in DecoderTable.families {
            for entry in family.entries {
                listed.insert(entry.syscall)
                let number = try #require(entry.syscall.number(in: .native))
                #expect(DecoderTable.decoder(for: number, arch: .native) != nil, "\(entry.syscall)")
            }
        }
        #expect(DecoderTable.native.count { $0 != nil } == listed.count)
    }

    /// The generated identity agrees with the generated name table.
    @Test func syscallIdentityMatchesTheNameTable() {
        let named = SyscallNames.x86_64.filter { $0.utf8CodeUnitCount > 0 }
        #expect(Syscall.allCases.count == named.count)
        for syscall in Syscall.allCases {
            let name = "\(syscall.name)"
            #expect(SyscallTable.number(of: name, arch: .x86_64) == syscall.number, "\(name)")
            #expect("\(syscall)" == name)
        }
    }

    /// The compat calls decoded natively exist in the i386 ABI, and each has
    /// there the decoder it has natively (none for chroot, which has no
    /// native decoder yet: raw in both ABIs).
    @Test func compatCallsShareNativeDecoders() throws {
        for syscall in DecoderTable.compatLayoutIndependent {
            let native = try #require(syscall.number(in: .native))
            let number = try #require(syscall.number(in: .i386), "\(syscall)")
            if SyscallSet.compat == .i386 {
                #expect((DecoderTable.decoder(for: number, arch: .i386) != nil)
                    == (DecoderTable.decoder(for: native, arch: .native) != nil), "\(syscall)")
            }
        }
    }
}
