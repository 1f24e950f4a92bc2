import Foundation
import Landscape

/// The API of `landscape serve`: `POST /api/<command>` with the command's options as a JSON object
/// answers the bytes `landscape <command> ... --json` prints.
///
/// Each call runs this same binary as a child process (cwd the served folder, `--json` added,
/// stdout captured, killed after `timeLimit` seconds). This is the simplest way to make the bytes
/// exactly the command line's — the same code path, the same printing — and it keeps a command
/// that runs long, exhausts memory or traps from taking the server with it; a child costs a few
/// milliseconds, nothing beside the work.
struct ServeAPI: Sendable {
    /// The commands served: the probes and surfaces that read files and print, none that trains or writes.
    static var commands: [any Command.Type] { [
        DescendCommand.self, SurfaceCommand.self, ClassifyCommand.self, CriticalCommand.self, EvalCommand.self, GradCommand.self, HessianCommand.self,
        SharpnessCommand.self, TraceCommand.self, DensityCommand.self, InterpolateCommand.self, PlaneCommand.self,
    ] }
    /// Options refused whatever their declared role: they write files (or name a shard's part),
    /// or send the network critical-point search, which trains, instead of the surface one.
    static let refused: Set<String> = ["--vectors", "--shard", "--part", "--model@critical", "--data@critical"]
    /// The largest value allowed of each option that sizes the work, so that one request stays a
    /// matter of seconds: steps, seeds, grid cells (plane's --grid 201 is 40 401 cells), eigenvalues,
    /// iterations, samples, probes, curve points.
    static let limits: [String: Int] = [
        "--steps": 100_000, "--seeds": 100, "--grid": 201, "--k": 50, "--max-iters": 10_000, "--samples": 1000,
        "--probes": 100, "--points": 10_000, "--threads": 16,
    ]
    /// The most values of a list option (`--alphas`).
    static let listLimit = 1001
    /// The most parameters of the network of a model, curve or iterates file a request names.
    static let parameterLimit = 200_000
    /// The most numbers of an iterates file (`plane --pca`): its iterates times their parameters.
    static let iteratesLimit = 2_000_000
    /// The largest model, curve or iterates file read: 32 bytes for each number of the largest
    /// iterates file allowed.
    static let fileLimit = 32 * iteratesLimit

    let folder: ServedFolder
    let timeLimit: Double
    /// The options of each command served, by its name.
    let served: [String: [any OptionDeclaration]]

    init(folder: ServedFolder, timeLimit: Double) {
        self.folder = folder
        self.timeLimit = timeLimit
        served = Dictionary(uniqueKeysWithValues: Self.commands.map { ($0.name, $0.options) })
    }

    /// The answer to `POST /api/<name>` with `body`.
    func answer(_ name: String, body: [UInt8]) -> HTTPResponse {
        do throws(HTTPError) {
            let arguments = try self.arguments(name, body: body)
            return try run(arguments + ["--json"])
        } catch {
            return .error(error)
        }
    }

    /// The command line (without `--json`) for `name` with the options of `body`, refused with
    /// the reason when the command is not served, an option is not the command's or writes a file,
    /// a path leaves the folder, or the work is too large.
    func arguments(_ name: String, body: [UInt8]) throws(HTTPError) -> [String] {
        guard let options = served[name] else { throw HTTPError(404, "no API command '\(name)'") }
        guard let text = String(validating: body, as: UTF8.self), let json = try? JSON(parsing: text.isEmpty ? "{}" : text),
              case .object(let members) = json else {
            throw HTTPError(400, "the body must be a JSON object of the command's options")
        }
        let declared = Dictionary(options.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        var arguments = [name]
        for member in members {
            let option = "--" + member.key
            guard let declaration = declared[option], option != "--json" else { throw HTTPError(400, "\(name) has no option \(option)") }
            guard declaration.role != .output, !Self.refused.contains(option), !Self.refused.contains(option + "@" + name) else {
                throw HTTPError(400, "\(option) is not served (it writes a file or is for the command line)")
            }
            switch member.value {
            case .bool(true) where declaration.placeholder == nil:
                arguments.append(option)
            case .string(let value) where declaration.placeholder != nil:
                arguments.append("\(option)=\(try checked(value, declaration))")
            case .number(let value) where declaration.placeholder != nil:
                arguments.append("\(option)=\(try checked(value, declaration))")
            default:
                throw HTTPError(400, "\(option): give \(declaration.placeholder == nil ? "true (a flag)" : "a string or a number")")
            }
        }
        return arguments
    }

    /// `value` of `option`, checked: paths inside the folder, sizes within the limits.
    private func checked(_ value: String, _ option: any OptionDeclaration) throws(HTTPError) -> String {
        if option.role == .input || option.role == .inputList || option.placeholder == "FILE" {
            let paths = option.role == .inputList ? value.split(separator: ",", omittingEmptySubsequences: false).map(String.init) : [value]
            for path in paths { try Self.checkSize(ofFileAt: try folder.resolve(path), named: path) }
        }
        if let limit = Self.limits[option.name], let n = Int(value), n > limit {
            throw HTTPError(400, "\(option.name) \(value) is more than the server allows (\(limit))")
        }
        if option.name == "--alphas" {
            let count = value.contains(":") ? value.split(separator: ":").last.flatMap { Int($0) } ?? 0 : value.split(separator: ",").count
            guard count <= Self.listLimit else { throw HTTPError(400, "--alphas: more than \(Self.listLimit) values") }
        }
        return value
    }

    /// Refuses a model or curve whose network has more than `parameterLimit` parameters, and an
    /// iterates file of such a network or of more than `iteratesLimit` numbers in all; a file of
    /// these kinds too large to hold that many numbers is refused unread.
    private static func checkSize(ofFileAt path: String, named name: String) throws(HTTPError) {
        guard let kind = ServedFolder.kind(of: path), ["model", "curve", "iterates"].contains(kind) else { return }
        let bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        guard bytes <= fileLimit else {
            throw HTTPError(400, "\(name) is \(bytes) bytes; the server reads \(kind) files of at most \(fileLimit) bytes")
        }
        let (architecture, iterates): (Architecture?, Int) = switch kind {
        case "model": ((try? Model.load(path))?.architecture, 1)
        case "curve": ((try? ModeCurve.load(path))?.architecture, 1)
        case "iterates": (try? Iterates.load(path)).map { ($0.architecture, $0.steps.count) } ?? (nil, 1)
        default: (nil, 1)
        }
        guard let count = architecture?.parameterCount else { return }
        guard count <= parameterLimit else { throw HTTPError(400, "\(name) has \(count) parameters; the server takes at most \(parameterLimit)") }
        guard count * iterates <= iteratesLimit else {
            throw HTTPError(400, "\(name) holds \(iterates) iterates of \(count) parameters; the server takes at most \(iteratesLimit) numbers")
        }
    }

    /// Runs the binary with `arguments` in the folder: 200 and its stdout when it succeeds, 400
    /// with its error line on bad input (exit 2), 504 past the time limit, 500 with its error line
    /// otherwise.
    private func run(_ arguments: [String]) throws(HTTPError) -> HTTPResponse {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0])
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder.root)
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { throw HTTPError(500, "cannot start the command: \(error)") }
        let deadline = DispatchWorkItem { [pid = process.processIdentifier] in kill(pid, SIGKILL) }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeLimit, execute: deadline)
        let errors = PipeDrain(err.fileHandleForReading)
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = String(decoding: errors.wait(), as: UTF8.self)
        deadline.cancel()
        process.waitUntilExit()
        if process.terminationReason == .uncaughtSignal, process.terminationStatus == SIGKILL { throw HTTPError(504, "the command ran past the server's limit of \(NumberText.short(timeLimit)) s") }
        let line = stderr.split(separator: "\n").last { $0.hasPrefix("error: ") }.map { String($0.dropFirst(7)) } ?? "the command failed"
        switch process.terminationStatus {
        case 0: return .json(200, Array(stdout))
        case 2: throw HTTPError(400, line)
        default: throw HTTPError(500, line)
        }
    }
}

/// Reads a pipe to its end on a thread of its own, so that a child filling one pipe while the
/// other is being read cannot block both.
private final class PipeDrain: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }.start()
    }

    /// Everything the pipe carried, once its writer has closed it (call once).
    func wait() -> Data {
        done.wait()
        return data
    }
}
