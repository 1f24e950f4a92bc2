import Landscape

struct InterpolateCommand: Command {
    static let name = "interpolate"
    static let summary = "loss and accuracy along the straight line between two models"
    static let discussion = """
    Evaluates θ(α) = (1 − α)·θ_A + α·θ_B over all weights and biases at each α, on the data file
    and, with --test, on a test file (SPEC §4). α = 0 and 1 are exactly the two models; other
    values in [0, 1] lie between them and values outside extrapolate (Keskar et al.'s plots use
    −1..2). The barrier is the largest rise of the loss above the straight line between the two
    end losses, over the α in [0, 1]. Both models must share architecture and input transform
    (the first one's is used).
    """
    static let examples = [
        "landscape interpolate --from small-batch.json --to large-batch.json --data train.csv --test test.csv --svg path.svg",
        "landscape interpolate --from a.json --to b.json --data train.csv --alphas 0,0.25,0.5,0.75,1 --json",
    ]
    static let options: [Option] = [
        Option("--from", "FILE", "model A (α = 0)"), Option("--to", "FILE", "model B (α = 1)"), .data,
        Option("--test", "FILE", "also evaluate on this data file"),
        Option("--alphas", "LIST", "comma list or START:STOP:COUNT, ends included (default -1:2:25)"),
        ProbeOptions.csv, ProbeOptions.svg, .precision, .threads, .json,
    ]

    struct Row {
        let alpha: Double
        let train: Evaluation
        let test: Evaluation?
    }

    static func run(_ arguments: Arguments) throws {
        let fromPath = try arguments.required("--from"), toPath = try arguments.required("--to")
        let path = try Interpolation(from: try Model.load(fromPath), to: try Model.load(toPath), fromName: fromPath, toName: toPath)
        let train = try Dataset.load(try arguments.required("--data"))
        let test = try arguments.string("--test").map(Dataset.load)
        // The end models' evaluations, made to refuse a loss that is not finite, are the path's at
        // α = 0 and 1 (where its parameters are exactly those of the models) and give the barrier.
        let ends = try [(0.0, path.from, fromPath), (1.0, path.to, toPath)].map { alpha, model, name in
            Row(alpha: alpha,
                train: try model.requireFiniteLoss(name: name, on: train, precision: try arguments.precision),
                test: try test.map { try model.requireFiniteLoss(name: name, on: $0, precision: try arguments.precision) })
        }
        let alphas = try ProbeOptions.values("--alphas", arguments.string("--alphas") ?? "-1:2:25")
        let points = switch try arguments.precision {
        case .float32: try evaluate(path, Float.self, alphas, train, test)
        case .float64: try evaluate(path, Double.self, alphas, train, test)
        }
        let trainBarrier = Interpolation.barrier(points.map { ($0.alpha, $0.train.loss) }, start: ends[0].train.loss, end: ends[1].train.loss)
        let testBarrier = test == nil ? nil : Interpolation.barrier(
            points.map { ($0.alpha, $0.test!.loss) }, start: ends[0].test!.loss, end: ends[1].test!.loss)

        if let csv = arguments.string("--csv") {
            var text = "alpha,train_loss,train_accuracy" + (test == nil ? "" : ",test_loss,test_accuracy") + "\n"
            for p in points {
                var cells = [csvCell(p.alpha), csvCell(p.train.loss), csvCell(p.train.accuracy)]
                if let t = p.test { cells += [csvCell(t.loss), csvCell(t.accuracy)] }
                text += cells.joined(separator: ",") + "\n"
            }
            try Files.writeAtomically(text, to: csv)
        }
        if let svg = arguments.string("--svg") {
            try Files.writeAtomically(Figures.interpolation(points.map { ($0.alpha, $0.train.loss, $0.test?.loss) }, from: fromPath, to: toPath), to: svg)
        }
        if arguments.wantsJSON {
            let list: [JSON] = points.map { p in
                var members = [
                    JSON.Member("alpha", .number(p.alpha)), JSON.Member("train_loss", .number(p.train.loss)),
                    JSON.Member("train_accuracy", .number(p.train.accuracy)),
                ]
                if let t = p.test {
                    members += [JSON.Member("test_loss", .number(t.loss)), JSON.Member("test_accuracy", .number(t.accuracy))]
                }
                return .object(members)
            }
            var members = [
                JSON.Member("points", .array(list)), JSON.Member("train_barrier", .number(trainBarrier.height)),
                JSON.Member("train_barrier_alpha", .number(trainBarrier.alpha)),
            ]
            if let testBarrier {
                members += [JSON.Member("test_barrier", .number(testBarrier.height)), JSON.Member("test_barrier_alpha", .number(testBarrier.alpha))]
            }
            Output.json(.object(members))
            return
        }
        print("   alpha   train loss  train acc" + (test == nil ? "" : "    test loss   test acc"))
        for p in points {
            var line = pad(formatted(p.alpha, digits: 4), 8) + pad(formatted(p.train.loss), 13) + pad(formatted(p.train.accuracy, digits: 4), 11)
            if let t = p.test { line += pad(formatted(t.loss), 13) + pad(formatted(t.accuracy, digits: 4), 11) }
            print(line)
        }
        print("train barrier \(formatted(trainBarrier.height)) at α = \(formatted(trainBarrier.alpha, digits: 4))"
              + (testBarrier.map { "; test barrier \(formatted($0.height)) at α = \(formatted($0.alpha, digits: 4))" } ?? ""))
    }

    /// The requested points.
    static func evaluate<T: Real>(_ path: Interpolation, _: T.Type, _ alphas: [Double], _ train: Dataset, _ test: Dataset?) throws -> [Row] {
        let trainBatch: Batch<T> = try path.from.batch(for: train)
        let testBatch: Batch<T>? = try test.map { try path.from.batch(for: $0) }
        return path.evaluate(at: alphas, train: trainBatch, test: testBatch).map { Row(alpha: $0.alpha, train: $0.train, test: $0.test) }
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }
}
