import Foundation
import Landscape

let commands: [any Command.Type] = [
    TrainCommand.self, CompareCommand.self, EvalCommand.self, GradCommand.self, MakeDataCommand.self,
    HVPCommand.self, HessianCommand.self, SharpnessCommand.self, EpsilonSharpnessCommand.self, TraceCommand.self, DensityCommand.self,
    InterpolateCommand.self, PlaneCommand.self, BenchCommand.self,
    DescendCommand.self, ClassifyCommand.self, CriticalCommand.self,
]

@MainActor func usage() -> String {
    var text = """
    landscape — train tiny neural networks and measure their loss landscapes

    Usage: landscape <command> [options]     (landscape <command> --help for its options)

    Commands:

    """
    let width = (commands.map { $0.name.count }.max() ?? 0) + 3
    for command in commands {
        text += "  " + command.name.padding(toLength: width, withPad: " ", startingAt: 0) + command.summary + "\n"
    }
    return text
}

@MainActor func main() -> Int32 {
    var arguments = Array(CommandLine.arguments.dropFirst())
    guard let name = arguments.first else {
        print(usage())
        return 0
    }
    if name == "--help" || name == "-h" || name == "help" {
        print(usage())
        return 0
    }
    arguments.removeFirst()
    guard let command = commands.first(where: { $0.name == name }) else {
        Output.note("error: unknown command '\(name)' (run landscape --help for the list)")
        return 2
    }
    if arguments.contains("--help") || arguments.contains("-h") {
        print(command.help)
        return 0
    }
    do {
        let parsed = try Arguments(arguments, accepting: command.options)
        guard parsed.positional.isEmpty else {
            throw LandscapeError.invalidInput("unexpected argument '\(parsed.positional[0])' (options start with --)")
        }
        try parsed.applyThreads()
        try parsed.checkOutputs(command.options)
        try command.run(parsed)
        return 0
    } catch let error as LandscapeError {
        Output.endProgress()
        Output.note("error: \(oneLine(error.description))")
        return error.exitStatus
    } catch {
        Output.endProgress()
        Output.note("error: \(oneLine(String(describing: error)))")
        return 2
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
