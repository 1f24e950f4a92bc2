import Foundation
import Landscape

extension CriticalCommand {
    /// `critical --model M --data D`: critical points of the network's loss from the model and
    /// starts around it, with their index.
    static func runNetwork(_ arguments: Arguments) throws {
        guard arguments[Options.precision] == .float64 else {
            throw LandscapeError.invalidInput("critical points of a network are searched in float64: float32 cannot resolve their gradients")
        }
        let path = try arguments.required(Options.model)
        let model = try Model.load(path)
        let data = try ProbeOptions.rows(arguments, for: model)
        let limit = HessianOperator<Double>.denseLimit
        guard model.architecture.parameterCount <= limit else {
            throw LandscapeError.invalidInput(
                "\(path) has \(model.architecture.parameterCount) parameters; the search holds the dense Hessian of at most \(limit)")
        }
        _ = try ProbeSession(model: model, data: data, precision: .float64, name: path)
        let search = NetworkCriticalPointSearch(tolerance: arguments.value(tolerance) ?? 1e-8, iterations: arguments[iterations])
        let centres: [[Double]]
        if let iteratesPath = arguments.value(iterates) {
            let run = try Iterates.load(iteratesPath)
            try run.requireFits(model, name: iteratesPath, modelName: path)
            centres = run.parameters
        } else {
            centres = [model.network.flatParameters]
        }
        let startPoints = centres.enumerated().flatMap { c, centre in
            NetworkCriticalPointSearch.starts(around: centre, count: arguments[starts], radius: arguments[radius], seed: arguments[Options.seed] &+ UInt64(c))
        }
        let points = try search.search(from: startPoints, model: model, data: data)
        if let svg = arguments.value(svg) {
            try Files.writeAtomically(Figures.criticalPoints(points, title: "Critical points of \(URL(fileURLWithPath: path).lastPathComponent)"), to: svg)
        }
        let counts = NetworkCriticalPoint.Kind.allCases.map { kind in (kind, points.filter { $0.kind == kind }.count) }
        if arguments.has(Options.json) {
            Output.json(.object([
                JSON.Member("n_params", .number(model.architecture.parameterCount)), JSON.Member("tolerance", .number(search.tolerance)),
                JSON.Member("starts", .number(points.count)),
                JSON.Member("counts", .object(counts.map { JSON.Member($0.0.rawValue, .number($0.1)) })),
                JSON.Member("points", .array(points.enumerated().map { s, p in
                    .object([
                        JSON.Member("start", .number(s)), JSON.Member("centre", .number(s / arguments[starts])), JSON.Member("kind", .string(p.kind.rawValue)), JSON.Member("loss", .number(p.loss)),
                        JSON.Member("grad_norm", .number(p.gradientNorm)), JSON.Member("index", .number(p.index)),
                        JSON.Member("negative", .number(p.negativeCount)), JSON.Member("zero", .number(p.zeroCount)),
                        JSON.Member("positive", .number(p.positiveCount)), JSON.Member("iterations", .number(p.iterations)),
                        JSON.Member("converged", .bool(p.converged)), JSON.Member("eigenvalues", .numbers(p.eigenvalues)),
                    ])
                })),
            ]))
            return
        }
        let summary = counts.filter { $0.1 > 0 }.map { "\($0.1) \($0.0.rawValue)" }.joined(separator: ", ")
        print("\(path): \(points.count) Levenberg–Marquardt searches on \(data.count) rows, \(model.architecture.parameterCount) parameters: \(summary)\n")
        var rows = [["start", "kind", "loss", "|grad|", "index", "neg/zero/pos", "steps"]]
        for (s, p) in points.enumerated() {
            rows.append([String(s), p.kind.rawValue, formatted(p.loss, digits: 8), formatted(p.gradientNorm, digits: 2), formatted(p.index, digits: 4),
                         "\(p.negativeCount)/\(p.zeroCount)/\(p.positiveCount)", String(p.iterations)])
        }
        print(textTable(rows), terminator: "")
    }
}
