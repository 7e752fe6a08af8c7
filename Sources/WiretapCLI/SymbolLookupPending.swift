import WiretapSymbols

// Until the symbols layer resolves names (being added on a branch): no function name resolves.
extension ProcessSymbols {
    func addresses(ofFunction name: String) -> [UInt64] { [] }
}
