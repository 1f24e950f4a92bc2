import Foundation
import Testing
import Landscape

/// The bad-input battery (Fixtures/bad-inputs.json, shared with scripts/bad-input.py) against the
/// built binary: malformed, truncated, empty and huge files, NaN and infinite cells, labels that are
/// no class, mismatched models and data, unknown, missing, repeated and out-of-range flags, bad
/// formulas, unreadable inputs and unwritable outputs, for every command. Each must give exit status
/// 2, nothing on stdout, one line `error: …` naming what is wrong and where, and leave every file as
/// it was — no trap, no output created or changed.
@Suite("Bad input")
struct BadInputTests {
    static let battery = BadInputBattery.standard.battery

    @Test("the battery loads and covers every command")
    func coverage() throws {
        #expect(BadInputBattery.standard.problem == nil, "\(BadInputBattery.standard.problem ?? "")")
        let list = try CommandRunner.run(["--help"])
        let commands = CommandRunner.commandNames(inHelp: list.stdout)
        #expect(commands.count >= 16)
        for command in commands {
            #expect(Self.battery.cases.filter { $0.arguments.first == command }.count >= 10, "too few bad inputs for \(command)")
        }
    }

    @Test("bad input gives exit status 2, one line 'error: …' and no file written",
          arguments: battery.cases.filter { !$0.needsPermissions })
    func refused(_ input: BadInput) throws {
        try check(input)
    }

    @Test("unreadable inputs and locked output folders are refused",
          .enabled(if: BadInputBattery.permissionsBite, "file permissions do not keep this user (root) out"),
          arguments: battery.cases.filter(\.needsPermissions))
    func refusedByPermissions(_ input: BadInput) throws {
        try check(input)
    }

    private func check(_ input: BadInput) throws {
        let folder = try CommandRunner.temporaryFolder()
        defer {
            for case let name as String in FileManager.default.enumerator(atPath: folder.path) ?? NSEnumerator() {
                try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.appendingPathComponent(name).path)
            }
            try? FileManager.default.removeItem(at: folder)
        }
        try BadInputBattery.create(Self.battery.shared, in: folder)
        try BadInputBattery.create(input.files, in: folder)
        let before = BadInputBattery.snapshot(folder)
        let r = try CommandRunner.run(input.arguments, in: folder, timeout: 60)
        let command = input.arguments.joined(separator: " ").prefix(200)
        #expect(!r.timedOut, "\(command): did not finish within 60 s")
        #expect(r.status == 2, "\(command): exit status \(r.status), stderr \(r.stderr)")
        let lines = r.stderr.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == 1 && lines[0].hasPrefix("error: ") && r.stderr.hasSuffix("\n"), "\(command): stderr \(r.stderr)")
        #expect(r.stderr.contains(input.expected), "\(command): '\(r.stderr)' lacks '\(input.expected)'")
        #expect(r.stdout.isEmpty, "\(command): stdout \(r.stdout.prefix(200))")
        #expect(BadInputBattery.snapshot(folder) == before, "\(command): files created or changed")
    }
}
