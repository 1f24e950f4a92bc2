import Foundation
import Landscape

let commands: [any Command.Type] = [
    TrainCommand.self, CompareCommand.self, StudyCommand.self, EvalCommand.self, GradCommand.self, MakeDataCommand.self,
    HVPCommand.self, HessianCommand.self, SharpnessCommand.self, EpsilonSharpnessCommand.self, TraceCommand.self, DensityCommand.self,
    AlignCommand.self, ConnectCommand.self, InterpolateCommand.self, PlaneCommand.self, BenchCommand.self,
    DescendCommand.self, SurfaceCommand.self, ClassifyCommand.self, CriticalCommand.self, MergeCommand.self, ServeCommand.self,
]

@MainActor func usage() -> String {
    var text = """
    landscape — train tiny neural networks and measure their loss landscapes

    Usage: landscape <command> [options]     (landscape help <command>, or <command> --help, for its options)

    Commands:

    """
    let width = (commands.map { $0.name.count }.max() ?? 0) + 3
    for command in commands {
        text += "  " + command.name.padding(toLength: width, withPad: " ", startingAt: 0) + command.summary + "\n"
    }
    return text + "\nlandscape --version prints the version and the kernels in use.\n"
}

/// The command named `name`; an unknown name is refused with the nearest command suggested.
@MainActor func command(named name: String) throws -> any Command.Type {
    let names = commands.map { $0.name }
    guard let index = names.firstIndex(of: name) else {
        let suggestion = Arguments.nearest(to: name, among: names).map { " (did you mean '\($0)'?)" } ?? ""
        throw LandscapeError.invalidInput("unknown command '\(name)'\(suggestion); run landscape --help for the list")
    }
    return commands[index]
}

/// The exit status for an error: 2 bad input or usage, 3 a diverged run, 1 a failed check, 130 an
/// interruption by Ctrl-C, 143 by SIGTERM (as a shell reports the signals).
func exitStatus(_ error: Error) -> Int32 {
    switch error as? LandscapeError {
    case .diverged: 3
    case .checkFailed: 1
    case .interrupted: Interruption.exitStatus
    case .invalidInput, nil: 2
    }
}

@MainActor func main() -> Int32 {
    let arguments = Array(CommandLine.arguments.dropFirst())
    do {
        let kernels = try KernelPath.selected(environment: ProcessInfo.processInfo.environment)
        switch arguments.first {
        case nil, "--help", "-h":
            print(usage())
        case "help":
            guard arguments.count <= 2 else { throw LandscapeError.invalidInput("help takes one command name") }
            print(arguments.count == 2 ? try command(named: arguments[1]).help : usage())
        case "--version":
            print("landscape \(landscapeVersion)\nkernels: \(kernels.rawValue)")
        case let name?:
            let command = try command(named: name)
            let options = Array(arguments.dropFirst())
            if options.contains("--help") || options.contains("-h") {
                print(command.help)
                return 0
            }
            let parsed = try Arguments(options, accepting: command.options, operands: command.operands)
            if let threads = parsed.value(Options.threads) { WorkerPool.shared.setThreadCount(threads) }
            try parsed.checkOutputs(rewrites: command.rewrites, derived: command.derivedOutputs(parsed))
            try command.run(parsed)
        }
        return 0
    } catch {
        Output.endProgress()
        Output.note("error: \(oneLine(String(describing: error)))")
        return exitStatus(error)
    }
}

/// `text` with control characters escaped (a newline as `\n`), so that an error is always one line
/// on stderr however a flag value or file content it quotes was written.
func oneLine(_ text: String) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case _ where scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value) || scalar == "\u{2028}" || scalar == "\u{2029}":
            out += "\\u{\(String(scalar.value, radix: 16))}"
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out
}

exit(main())
