import Foundation
import Testing
import Landscape

/// Every command's help, end to end, against the snapshots in `Fixtures/help` (the help is
/// generated from the option declarations, so a snapshot changes only when an option does), and
/// the conveniences around it: `landscape help CMD`, `--version`, and a suggestion for a near-miss.
///
/// After changing an option on purpose, record the snapshots again with
/// `LANDSCAPE_RECORD_HELP=1 swift test --filter Help` and read the diff.
@Suite("Help")
struct HelpTests {
    static let folder = TestData.repository.appendingPathComponent("Tests/LandscapeTests/Fixtures/help")
    static let recording = ProcessInfo.processInfo.environment["LANDSCAPE_RECORD_HELP"] == "1"

    static let commands: [String] = {
        guard let list = try? CommandRunner.run(["--help"]) else { return [] }
        return CommandRunner.commandNames(inHelp: list.stdout)
    }()

    /// Compares `text` with the snapshot `name`, or records it when asked to.
    func expectSnapshot(_ text: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let path = Self.folder.appendingPathComponent(name + ".txt").path
        if Self.recording { try Files.writeAtomically(text, to: path) }
        let snapshot = try Files.read(path)
        #expect(text == snapshot, "help of \(name) differs from Fixtures/help/\(name).txt", sourceLocation: sourceLocation)
    }

    @Test("the command list matches its snapshot and names all 23 commands")
    func list() throws {
        let r = try CommandRunner.run(["--help"])
        #expect(r.status == 0)
        try expectSnapshot(r.stdout, "landscape")
        #expect(Self.commands.count == 23)
        #expect(try CommandRunner.run(["help"]).stdout == r.stdout)
        #expect(try CommandRunner.run([]).stdout == r.stdout)
    }

    @Test("every command's help matches its snapshot, the same from --help and from help CMD", arguments: commands)
    func command(_ name: String) throws {
        let r = try CommandRunner.run([name, "--help"])
        #expect(r.status == 0 && r.stderr.isEmpty)
        try expectSnapshot(r.stdout, name)
        #expect(try CommandRunner.run(["help", name]).stdout == r.stdout)
        #expect(r.stdout.contains("Examples:\n  landscape \(name)"))
        #expect(r.stdout.contains("  --help"))
    }

    @Test("every snapshot belongs to a command")
    func noStaleSnapshots() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path).filter { $0.hasSuffix(".txt") }
        #expect(Set(files) == Set((Self.commands + ["landscape"]).map { $0 + ".txt" }))
    }

    @Test("--version prints the version")
    func version() throws {
        let r = try CommandRunner.run(["--version"])
        #expect(r.status == 0 && r.stdout.hasPrefix("landscape \(landscapeVersion)\nkernels: "))
    }

    @Test("a near-miss of a command or an option is answered with the nearest name")
    func suggestions() throws {
        let command = try CommandRunner.expectUsageError(["trian"])
        #expect(command.stderr.contains("unknown command 'trian' (did you mean 'train'?)"))
        let option = try CommandRunner.expectUsageError(["compare", "--data", "datasets/wine.csv", "--batchs", "8,64"], in: TestData.repository)
        #expect(option.stderr.contains("unknown option --batchs (did you mean --batches?)"))
        let far = try CommandRunner.expectUsageError(["train", "--data", "datasets/iris.csv", "--frobnicate"], in: TestData.repository)
        #expect(!far.stderr.contains("did you mean"))
        try CommandRunner.expectUsageError(["help", "trian"])
    }

    @Test("defaults in the help come from the declarations: train's and compare's epochs differ")
    func defaults() throws {
        let train = try CommandRunner.run(["train", "--help"]).stdout
        let compare = try CommandRunner.run(["compare", "--help"]).stdout
        #expect(train.contains("--epochs N") && train.contains("(default 10)"))
        #expect(compare.split(separator: "\n").contains { $0.contains("--epochs N") && $0.contains("(default 100)") })
        #expect(train.split(separator: "\n").contains { $0.contains("--lr X") && $0.contains("(default 0.05)") })
    }
}
