import Foundation
import Testing
import Landscape

/// Every example in every command's help, run as pasted from the repository's root, in the order
/// of `landscape --help`: each runs on the bundled data or on files an earlier example wrote, and
/// must succeed. They run in a scratch folder that sees the repository's datasets and test
/// fixtures, so nothing is written into the repository.
@Suite("Help examples")
struct HelpExampleTests {
    /// The examples of every command, in order.
    static func examples() throws -> [String] {
        let commands = CommandRunner.commandNames(inHelp: try CommandRunner.run(["--help"]).stdout)
        return try commands.flatMap { name -> [String] in
            let help = try CommandRunner.run([name, "--help"]).stdout
            guard let section = help.components(separatedBy: "\nExamples:\n").last else { return [] }
            return section.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { $0.hasPrefix("landscape ") }
        }
    }

    @Test("every help example runs as pasted, in the order of landscape --help")
    func examplesRun() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in ["datasets", "Tests"] {
            try FileManager.default.createSymbolicLink(at: folder.appendingPathComponent(name),
                                                       withDestinationURL: TestData.repository.appendingPathComponent(name))
        }
        let examples = try Self.examples()
        #expect(examples.count >= 40, "\(examples.count) examples")
        let path = CommandRunner.binary.deletingLastPathComponent().path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        for example in examples {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", example]
            process.currentDirectoryURL = folder
            process.environment = ["PATH": path]
            let out = Pipe(), err = Pipe()
            process.standardOutput = out
            process.standardError = err
            try process.run()
            _ = out.fileHandleForReading.readDataToEndOfFile()
            let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "\(example)\n\(stderr)")
        }
    }
}
