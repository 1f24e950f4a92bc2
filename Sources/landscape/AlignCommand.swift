import Landscape

struct AlignCommand: Command {
    static let name = "align"
    static let summary = "align a model's hidden units to another's: the same function, nearer in weight space"
    static let discussion = """
    Reorders the hidden units of model B (--to) so that its weights come as close as they can to
    model A's (--from), and writes the result B2 (--out): the same function as B (its outputs
    equal up to the order of sums) at another point of weight space. Per hidden layer, unit i of
    B2 is unit p[i] of B.
    --method weight (weight matching, Ainsworth et al. 2023) minimizes ‖θ_A − θ_B2‖ by sweeps of
    linear assignments over the layers, reading the weights alone; --method activation matches
    each layer's units by the inner products of their outputs on the rows of --data. --permutation
    applies given permutations instead (the JSON that --json prints, or any object with a
    'permutations' key). Prints the distance ‖θ_A − θ_B‖ before and after; B2 keeps B's records and
    adds an 'alignment' record. Both models must share architecture and input transform.
    """
    static let examples = [
        "landscape align --from iris.json --to iris-b64.json --out iris-b64-aligned.json",
        "landscape align --from iris.json --to iris-adamw.json --method activation --data datasets/iris.csv --rows train --out iris-adamw-aligned.json --json > permutation.json",
        "landscape align --from iris.json --to iris-adamw.json --permutation permutation.json --out iris-adamw-permuted.json",
    ]
    static let from = Option.input("--from", "model A, the reference")
    static let to = Option.input("--to", "model B, whose hidden units are permuted")
    static let out = Option.output("--out", "write B2, model B with its hidden units permuted, here")
    static let method = Option<AlignmentMethod>.choice("--method", "how to find the permutations: from the weights, or from the activations on --data",
                                                       default: .weight)
    static let permutation = Option.input("--permutation", "apply the permutations of this JSON file instead of finding them")
    static let maxSweeps = Option.integer("--max-sweeps", "most sweeps of weight matching", in: 1...10_000, default: 100)
    static let options: [any OptionDeclaration] = [
        from, to, out, method, Options.data, ProbeOptions.split, ProbeOptions.rows, permutation, maxSweeps, Options.threads, Options.json,
    ]

    static func run(_ arguments: Arguments) throws {
        let fromPath = try arguments.required(from), toPath = try arguments.required(to), outPath = try arguments.required(out)
        for option in [method, maxSweeps, Options.data] as [any OptionDeclaration] {
            try arguments.requireAtMostOne(of: [permutation, option])
        }
        try arguments.require(Options.data, for: ProbeOptions.split)
        try arguments.require(Options.data, for: ProbeOptions.rows)
        let chosen = arguments[method]
        if chosen == .activation, !arguments.has(Options.data) {
            throw LandscapeError.invalidInput("--method activation needs --data: the rows on which to compare the models' hidden units")
        }
        if chosen == .weight, arguments.has(Options.data) {
            throw LandscapeError.invalidInput("--data applies to --method activation (weight matching reads the weights alone)")
        }
        if chosen == .activation, arguments.has(maxSweeps) {
            throw LandscapeError.invalidInput("--max-sweeps applies to --method weight (activation matching makes no sweeps)")
        }
        let reference = try Model.load(fromPath), model = try Model.load(toPath)
        let alignment: Alignment
        if let file = arguments.value(permutation) {
            alignment = try Alignment(permuting: model, by: try Files.readJSON(file, decode: Alignment.permutations(from:)),
                                      reference: reference, name: toPath, referenceName: fromPath)
        } else {
            alignment = try Alignment(aligning: model, to: reference, method: chosen,
                                      data: chosen == .activation ? try ProbeOptions.rows(arguments, for: reference) : nil,
                                      weightMatching: WeightMatching(maxSweeps: arguments[maxSweeps]), name: toPath, referenceName: fromPath)
        }
        try alignment.model.save(to: outPath)
        if arguments.has(Options.json) {
            Output.json(alignment.json)
            return
        }
        for line in summary(alignment) { print(line) }
        print("wrote \(outPath)")
    }

    /// The alignment in a few lines of text: how it was found, the distances, the units moved.
    static func summary(_ alignment: Alignment) -> [String] {
        let how = switch alignment.method {
        case .weight?: "weight matching, \(alignment.sweeps ?? 0) sweep\(alignment.sweeps == 1 ? "" : "s")\(alignment.converged == true ? "" : ", not converged")"
        case .activation?: "activation matching"
        case nil: "the given permutations"
        }
        var lines = ["aligned by \(how): distance ‖θ_A − θ_B‖ \(formatted(alignment.distanceBefore)) before, \(formatted(alignment.distanceAfter)) after"]
        for (layer, p) in alignment.permutations.enumerated() {
            lines.append("hidden layer \(layer + 1): \(p.indices.filter { p[$0] != $0 }.count) of \(p.count) units moved")
        }
        return lines
    }
}
