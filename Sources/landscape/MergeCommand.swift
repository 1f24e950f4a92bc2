import Landscape

struct MergeCommand: Command {
    static let name = "merge"
    static let summary = "join the part files of a sharded study, compare or plane into the unsharded result"
    static let operands = "PART..." as String?
    static let discussion = """
    A study, compare or plane run with --shard K/N --part FILE computes shard K's pieces (runs, or
    grid points) into its part file. merge reads the parts of all N shards and prints and writes
    exactly what the command run without --shard prints and writes with the same output options
    (--json, --csv, --svg, …), byte for byte but for wall times. Parts of another command or with
    other arguments, a shard given twice, an unfinished part, and missing shards (named, so that
    only those are run again) are refused. Run merge in the folder the shards ran in: the parts
    name the data and model files as the command line gave them. docs/cluster.md runs shards as
    a Slurm job array.
    """
    static let examples = [
        "landscape merge p0.json p1.json",
        "landscape merge --json --csv runs.csv p0.json p1.json",
    ]
    static let csv = Option.output("--csv", "write the command's CSV")
    static let svg = Option.output("--svg", "write the command's figure")
    static let traceSVG = Option.output("--trace-svg", "study and compare: write the sharpness during training (the study tracked it)")
    static let timings = Option.flag("--timings", "study and compare: include the runs' wall times in the JSON")
    static let saveBaseline = Option.output("--save-baseline", "study and compare: record the study as a baseline")
    static let options: [any OptionDeclaration] = [csv, svg, traceSVG, timings, saveBaseline, Options.threads, Options.json]
    static var commands: [any ShardableCommand.Type] { [StudyCommand.self, CompareCommand.self, PlaneCommand.self] }

    static func run(_ arguments: Arguments) throws {
        let parts = try arguments.operands.map { (part: try ShardPart.load($0), name: $0) }
        let (name, defining, pieces) = try ShardPart.merge(parts)
        guard let command = commands.first(where: { $0.name == name }) else {
            throw LandscapeError.invalidInput("\(parts[0].name) is a part of '\(name)', which has no shards")
        }
        let accepted = Set((command.mergeOutputs + [Options.json, Options.threads]).map(\.name))
        if let option = arguments.givenOutputs.first(where: { !accepted.contains($0.name) })
            ?? (arguments.has(timings) && !accepted.contains(timings.name) ? timings : nil) {
            throw LandscapeError.invalidInput("\(option.name) does not apply to parts of \(name)")
        }
        let work: Arguments
        do {
            work = try Arguments(defining, accepting: command.options)
        } catch LandscapeError.invalidInput(let reason) {
            throw LandscapeError.invalidInput("the parts' \(name) arguments do not read back (\(reason)): were they written by another version?")
        }
        try arguments.checkOutputs(otherInputs: work.inputs)
        try command.merge(pieces, work: work, outputs: arguments)
    }
}
