import Testing

@Suite struct SmokeTests {
    @Test func exitCodeIsPassedThrough() throws {
        let fixture = try TestSupport.fixture("exit_code")
        let result = try TestSupport.wiretap(["-o", "/dev/null", fixture, "42"])
        #expect(result.exitCode == 42)
    }
}
