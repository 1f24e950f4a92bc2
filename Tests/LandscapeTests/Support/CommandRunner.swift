import Foundation
import Testing

/// Runs the built `landscape` binary, which SwiftPM places next to the test bundle.
enum CommandRunner {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
        /// True when the run was stopped for taking longer than its time limit.
        var timedOut = false
    }

    static let binary: URL = {
        let me = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0])
        var folder = me.deletingLastPathComponent()
        while folder.path != "/" {
            let candidate = folder.appendingPathComponent("landscape")
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                return candidate
            }
            folder = folder.deletingLastPathComponent()
        }
        return me.deletingLastPathComponent().appendingPathComponent("landscape")
    }()

    /// Runs the binary with `arguments`, in `directory` when given, with `environment` added to
    /// this process's; stops it after `timeout` seconds when given.
    static func run(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:], timeout: Double? = nil) throws -> Result {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let expired = Expiry()
        if let timeout {
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout) {
                guard process.isRunning else { return }
                expired.set()
                process.terminate()
            }
        }
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: stderr, as: UTF8.self), timedOut: expired.value)
    }

    /// A flag set from the timer's thread and read once the process has ended.
    private final class Expiry: @unchecked Sendable {
        private let lock = NSLock()
        private var expired = false
        func set() { lock.withLock { expired = true } }
        var value: Bool { lock.withLock { expired } }
    }

    /// Runs the binary with `arguments` and expects it to refuse them as bad usage: exit status 2,
    /// exactly one line `error: …` on stderr and nothing on stdout. Returns the run for further checks.
    @discardableResult
    static func expectUsageError(_ arguments: [String], in directory: URL? = nil,
                                 sourceLocation: SourceLocation = #_sourceLocation) throws -> Result {
        let r = try run(arguments, in: directory)
        let command = arguments.joined(separator: " ").prefix(200)
        #expect(r.status == 2, "\(command): exit status \(r.status)", sourceLocation: sourceLocation)
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.count == 1 && lines[0].hasPrefix("error: "), "\(command): stderr \(r.stderr)", sourceLocation: sourceLocation)
        #expect(r.stdout.isEmpty, "\(command): stdout \(r.stdout.prefix(200))", sourceLocation: sourceLocation)
        return r
    }

    /// The command names `landscape --help` lists, one indented line each.
    static func commandNames(inHelp text: String) -> [String] {
        text.split(separator: "\n").filter { $0.hasPrefix("  ") }.compactMap { $0.split(separator: " ").first.map(String.init) }
    }

    /// A fresh empty folder for a test's files.
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("landscape-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Starts `arguments` in `directory`, waits until `file` exists, sends `signal`, and returns
    /// the exit status.
    static func stop(_ arguments: [String], in directory: URL, when file: String, with signal: Int32) throws -> Int32 {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        while !FileManager.default.fileExists(atPath: file), process.isRunning { usleep(2_000) }
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        return process.terminationStatus
    }
}
