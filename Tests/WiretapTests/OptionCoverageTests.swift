import Glibc
import Testing

/// The table of every option with the tests that cover it (differential
/// tests against strace 6.1 wherever strace has the option), checked both
/// ways: each option the parser knows and each option of `strace -h` has a
/// row, and each test a row names exists.
@Suite struct OptionCoverageTests {
    /// Options, and the tests (`File.swift:function`) that would fail if they broke.
    static let table: [(options: [String], tests: [String])] = [
        (["-f", "--follow-forks"], ["StraceOutputTests.swift:signalAndExitLinesMatchStrace", "ParityTests.swift:parityWithStraceOnRealCommands",
                                    "FlagTests.swift:flagMatchesStrace"]),
        (["-ff", "--output-separately"], ["FlagTests.swift:perProcessFilesMatchStrace"]),
        (["-A", "--output-append-mode"], ["FlagTests.swift:appendModeKeepsWhatTheFileHad"]),
        (["-o", "--output"], ["CLITests.swift:outputFileGetsTheTraceAndStderrNothing", "CommandLineTests.swift:sameOutcomeAsStrace"]),
        (["-p", "--attach"], ["CLITests.swift:detachOnInterruptLeavesARunningProcessRunning", "CLITests.swift:nonexistentPID",
                              "CommandLineTests.swift:sameOutcomeAsStrace"]),
        (["-q", "-qq", "-qqq", "--quiet"], ["FlagTests.swift:flagMatchesStrace", "LineOptionTests.swift:quietMatchesStrace",
                                            "LineOptionTests.swift:pathResolutionMessageMatchesStrace"]),
        (["-i", "--instruction-pointer", "-n", "--syscall-number"], ["LineOptionTests.swift:syscallNumberAndPointerMatchStrace",
                                                                     "LineOptionTests.swift:compatTaskUsesEightDigitPointers",
                                                                     "LineOptionTests.swift:followedProcessesMatchStrace"]),
        (["--relative-timestamps", "--syscall-times", "--absolute-timestamps"], ["LineOptionTests.swift:timestampShapesMatchStrace",
                                                                                  "LineOptionTests.swift:badValuesAreRefusedAsStraceDoes"]),
        (["--strings-in-hex"], ["LineOptionTests.swift:stringsInHexMatchStrace", "LineOptionTests.swift:badValuesAreRefusedAsStraceDoes"]),
        (["-Y", "--decode-pids"], ["LineOptionTests.swift:pidNamesMatchStrace", "LineOptionTests.swift:pidNamespaceAloneChangesNothing"]),
        (["--read", "--write"], ["DecodingOptionTests.swift:hexDumpsMatchStrace", "DecodingOptionTests.swift:largeDumpWidensOffsets",
                                 "DecodingOptionTests.swift:dumpsWithFollowForks"]),
        (["--raw"], ["DecodingOptionTests.swift:rawMatchesStrace", "FlagTests.swift:flagMatchesStrace"]),
        (["--verbose"], ["DecodingOptionTests.swift:verboseNoneMatchesStrace", "DecodingOptionTests.swift:verboseSubsetMatchesStrace",
                         "FlagTests.swift:flagMatchesStrace"]),
        (["--abbrev"], ["DecodingOptionTests.swift:abbrevMatchesStrace", "DecodingOptionTests.swift:abbrevWholeTraceMatchesStrace",
                        "FlagTests.swift:flagMatchesStrace"]),
        (["--decode-fds"], ["DecodingOptionTests.swift:decodeFdsMatchesStrace", "DecodingOptionTests.swift:decodeFdsWithYIsRefused",
                            "FlagTests.swift:flagMatchesStrace"]),
        (["--kvm"], ["DecodingOptionTests.swift:kvmVcpuChangesNothing", "FlagTests.swift:flagMatchesStrace"]),
        (["--trace-fds"], ["DecodingOptionTests.swift:traceFdsKeepsCallsOnTheDescriptors", "DecodingOptionTests.swift:traceFdsRefusesAnInvalidSet"]),
        (["-N", "--arg-names"], ["DecodingOptionTests.swift:argNamesPrintsNames", "ArgNamesTests.swift:exactLines", "ArgNamesTests.swift:summaryOnlyWarns"]),
        (["--always-show-pid"], ["LineOptionTests.swift:alwaysShowPIDPrefixesEveryLine"]),
        (["--tree"], ["TreeTests.swift:pipeline", "TreeTests.swift:fiftyForks", "TreeTests.swift:json"]),
        (["--color"], ["LineOptionTests.swift:colorOnlyWhenAsked"]),
        (["-e"], ["FlagTests.swift:flagMatchesStrace", "FlagTests.swift:badExpressionsAreRejectedWithTheirPlace",
                  "CommandLineTests.swift:badExpressionsAreRefusedInStracesWords"]),
        (["--trace", "--signal", "--status"], ["FlagTests.swift:flagMatchesStrace"]),
        (["-s", "--string-limit"], ["FlagTests.swift:flagMatchesStrace", "QuotingTests.swift:quotingMatchesStrace",
                                    "OutputDurabilityTests.swift:outOfRangeLimitsAreRefusedAsStraceDoes"]),
        (["-v", "--no-abbrev"], ["FlagTests.swift:flagMatchesStrace", "CommandLineTests.swift:verboseShowsTheWholeEnvironment"]),
        (["-x", "-xx"], ["FlagTests.swift:flagMatchesStrace", "QuotingTests.swift:quotingMatchesStrace"]),
        (["-a", "--columns"], ["FlagTests.swift:flagMatchesStrace", "OutputDurabilityTests.swift:hugeAlignColumnPadsTo4096"]),
        (["-z", "--successful-only", "-Z", "--failed-only"], ["FlagTests.swift:flagMatchesStrace"]),
        (["-u", "--user"], ["FlagTests.swift:userChangesTheCommandsIdentity", "CommandLineTests.swift:unknownUserIsStracesError"]),
        (["-X", "--const-print-style"], ["FlagTests.swift:flagMatchesStrace"]),
        (["-P", "--trace-path"], ["FlagTests.swift:flagMatchesStrace"]),
        (["--json"], ["JSONTests.swift:corpusParsesWithJqAndPython", "JSONTests.swift:syscallsMatchTheTextTrace"]),
        (["-y", "-yy"], ["FlagTests.swift:flagMatchesStrace", "NetworkDecoderTests.swift:fixtureMatchesStrace"]),
        (["-c", "--summary-only", "-C", "--summary", "-w", "--summary-wall-clock"], ["FlagTests.swift:summaryMatchesStrace"]),
        (["-S", "--summary-sort-by"], ["FlagTests.swift:summaryMatchesStrace", "EngineOptionTests.swift:sortKeysMatchStrace",
                                       "EngineOptionTests.swift:timeSortKeysAreAccepted", "EngineOptionTests.swift:sortWithoutSummaryWarnsAsStrace"]),
        (["-U", "--summary-columns"], ["EngineOptionTests.swift:everyStrace61ColumnHasStracesHeaderAndWidth",
                                       "EngineOptionTests.swift:callAndErrorColumnsMatchStrace", "EngineOptionTests.swift:wallColumns",
                                       "EngineOptionTests.swift:summaryOptionErrorsMatchStrace"]),
        (["-O", "--summary-syscall-overhead"], ["EngineOptionTests.swift:overheadIsSubtractedFromEachCall",
                                                "EngineOptionTests.swift:summaryOptionErrorsMatchStrace"]),
        (["-b", "--detach-on"], ["EngineOptionTests.swift:detachOnExecveMatchesStrace", "EngineOptionTests.swift:detachOnExecveFollowsChildren",
                                 "EngineOptionTests.swift:detachOnOtherSyscallsIsRefusedAsStrace"]),
        (["-D", "-DD", "-DDD", "--daemonize"], ["EngineOptionTests.swift:daemonizedTracerIsAGrandchild",
                                                "EngineOptionTests.swift:daemonizeErrorsMatchStrace"]),
        (["-I", "--interruptible"], ["EngineOptionTests.swift:uninterruptibleTracerIgnoresSignals",
                                     "EngineOptionTests.swift:interruptibleAnywhereDiesBySignal", "EngineOptionTests.swift:interruptibleErrorsMatchStrace"]),
        (["--syscall-limit"], ["EngineOptionTests.swift:syscallLimitDetachesAndLeavesTheCommandRunning", "EngineOptionTests.swift:syscallLimitMessages",
                               "EngineOptionTests.swift:laterOptionErrors"]),
        (["--kill-on-exit"], ["EngineOptionTests.swift:syscallLimitWithKillOnExitKillsTheCommand", "EngineOptionTests.swift:laterOptionErrors"]),
        (["--argv0"], ["EngineOptionTests.swift:argv0IsTakenAsBytes"]),
        (["-d", "--debug"], ["EngineOptionTests.swift:debugMessages"]),
        (["--inject", "--fault"], ["FlagTests.swift:flagMatchesStrace", "EngineOptionTests.swift:tamperingMatchesStrace",
                                   "EngineOptionTests.swift:pokeAcceptsHexEscapesToo", "EngineOptionTests.swift:delayHoldsTheTracee",
                                   "EngineOptionTests.swift:delayDoesNotBlockOtherTracees", "EngineOptionTests.swift:tamperingParseErrors"]),
        (["--seccomp-bpf"], ["StraceOutputTests.swift:seccompTraceMatchesStrace", "CLITests.swift:seccompIsRefusedWithAttach"]),
        (["--stop-wait"], ["CLITests.swift:followsThreeForkExecs"]),
        (["-t", "-tt", "-ttt", "-r", "-T"], ["FlagTests.swift:timeFormatsMatchStraces"]),
        (["-E", "--env"], ["FlagTests.swift:environmentChangesReachTheCommand"]),
        (["-h", "--help"], ["CommandLineTests.swift:helpCoversEveryOptionAndTheSubcommandsHaveTheirs"]),
        (["-V", "--version"], ["CommandLineTests.swift:versionNamesTheBuildAndItsFeatures"]),
        (["-k", "--stack-traces"], ["CommandLineTests.swift:stackTracesAreAnOptionNotTakenForTheCommand", "StackTraceTests.swift:fixtureFramesMatchStraceLineForLine",
                                    "StackTraceTests.swift:summaryOnlyWarnsAsStrace", "StackTraceTests.swift:longOptionIsAccepted",
                                    "StackTraceOptionsTests.swift:attachedProcessStacksMatchStrace", "StackTraceOptionsTests.swift:jsonAndTextFramesAgree"]),
        (["-kk", "--stack-trace"], ["StackTraceOptionsTests.swift:sourceLinesMatchGDB", "StackTraceOptionsTests.swift:jsonFramesMatchGDBWithInlinedFunctions",
                                    "StackTraceOptionsTests.swift:badStackTraceOptionsAreRefused"]),
        (["--stack-trace-frame-limit"], ["StackTraceOptionsTests.swift:frameLimitCutsTheStack", "StackTraceOptionsTests.swift:badStackTraceOptionsAreRefused"]),
        (["--tips"], ["CommandLineTests.swift:tipsAcceptWhatStraceAccepts"]),
        (["--timeline"], ["TimelineTests.swift:pipelineProcessTree", "TimelineTests.swift:everySyscallOfTheTextTraceIsASlice",
                           "TimelineTests.swift:killedProcessClosesItsSlices", "TimelineTests.swift:unopenableTimelineStopsBeforeTheCommand"]),
    ]

    static func covered() -> Set<String> {
        Set(table.flatMap(\.options))
    }

    @Test func everyOptionTheParserKnowsHasARow() throws {
        let dump = try TestSupport.traceOptionsDump()
        let covered = Self.covered()
        var count = 0
        for name in dump.matches(of: /"kind" : "(short|long)",\s*"name" : "([^"]+)"/) {
            let option = (name.output.1 == "short" ? "-" : "--") + name.output.2
            count += 1
            #expect(covered.contains(option), "no test listed for \(option)")
        }
        #expect(count > 60)
    }

    @Test func everyOptionOfStraceHasARow() throws {
        let help = try TestSupport.run(["/usr/bin/strace", "-h"])
        let covered = Self.covered()
        let options = Set(help.stdout.matches(of: /(?:^|[ \[,])(--?[a-zA-Z][a-z0-9-]*)/.anchorsMatchLineEndings()).map { String($0.output.1) })
        #expect(options.count > 50)
        for option in options.sorted() {
            #expect(covered.contains(option), "no test listed for strace's \(option)")
        }
    }

    @Test func everyListedTestExists() {
        for test in Set(Self.table.flatMap(\.tests)) {
            let parts = test.split(separator: ":")
            let source = TestSupport.readFile(TestSupport.fixtureSources + "/../" + parts[0])
            #expect(source.contains("func \(parts[1])("), "\(test) does not exist")
        }
    }
}
