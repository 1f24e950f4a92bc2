/// A plane of the loss surface ready to be evaluated and drawn: its origin model, its two
/// directions, a description of how they were made, the models to mark on it and the range that
/// shows them. Four ways to choose it:
///
/// - `around(_:)`: seeded Gaussian directions scaled to the model (Li et al. 2018's filter
///   normalization, or per layer, or as a whole);
/// - `along(_:)`: directions given as flat vectors;
/// - `through(_:)`: the plane through three models, origin A, `d₁ = B − A` and `d₂` the part of
///   `C − A` orthogonal to it at the same length (Gram–Schmidt), so the picture is not skewed;
/// - `principal(_:)`: the top two principal directions of the model's training path (Li et al.
///   2018, §7), with the path projected onto the plane.
public struct Plane: Sendable {
    /// The model at `(0, 0)`; its input transform is the plane's.
    public let origin: Model
    public let slice: PlaneSlice
    /// How the directions were made, as JSON (`kind` and what the kind needs to be made again).
    public let description: JSON
    /// The picture's title and axis titles.
    public let title: String
    public let aTitle: String
    public let bTitle: String
    /// Models to mark, with their coordinates.
    public let marks: [(name: String, a: Double, b: Double)]
    /// The range that shows what the plane is about: `[-1, 1]²` around one model, a margin around
    /// three.
    public let defaultRange: (a: (Double, Double), b: (Double, Double))
    /// A training path to draw: each iterate's step and its coordinates on the plane (empty for a
    /// plane not made from iterates).
    public var trajectory: [(step: Int, a: Double, b: Double)] = []
    /// The fraction of the path's variance along each direction, for a plane made from iterates.
    public var explainedVariance: [Double]?

    /// Seeded random directions around `model` (read from `name`), scaled per `scaling` with biases
    /// per `bias`.
    public static func around(_ model: Model, name: String, scaling: DirectionScaling, bias: BiasDirection, seed: UInt64) -> Plane {
        var random = RandomSource(seed: seed, stream: .directions)
        let first = Directions.random(for: model.network, scaling: scaling, bias: bias, random: &random)
        let second = Directions.random(for: model.network, scaling: scaling, bias: bias, random: &random)
        let norm1 = first.reduce(0) { $0 + $1 * $1 }.squareRoot(), norm2 = second.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let cosine = zip(first, second).reduce(0) { $0 + $1.0 * $1.1 } / max(norm1 * norm2, 1e-300)
        let kind = scaling == .random ? "random directions scaled to ‖θ‖" : "\(scaling.rawValue)-normalized random directions"
        return Plane(
            origin: model, slice: PlaneSlice(center: model.network, first: first, second: second),
            description: .object([
                "kind": .string(scaling.rawValue), "bias": .string(bias.rawValue), "seed": .number(String(seed)),
                "norms": .numbers([norm1, norm2]), "cosine": .number(cosine),
            ]),
            title: "Loss around \(Figures.name(name)), \(kind) (seed \(seed))", aTitle: "a (along d₁)", bTitle: "b (along d₂)",
            marks: [(Figures.name(name), 0, 0)], defaultRange: ((-1, 1), (-1, 1)))
    }

    /// The directions `first` and `second` (flat order, read from the files named `firstName` and
    /// `secondName`) around `model`.
    public static func along(_ model: Model, name: String, first: [Double], firstName: String, second: [Double],
                             secondName: String) -> Plane {
        Plane(
            origin: model, slice: PlaneSlice(center: model.network, first: first, second: second),
            description: .object(["kind": .string("files"), "d1": .string(firstName), "d2": .string(secondName)]),
            title: "Loss on θ + a·d₁ + b·d₂ around \(Figures.name(name))", aTitle: "a (along \(Figures.name(firstName)))",
            bTitle: "b (along \(Figures.name(secondName)))", marks: [(Figures.name(name), 0, 0)], defaultRange: ((-1, 1), (-1, 1)))
    }

    /// The plane through three models of one architecture and input transform, read from `names`;
    /// refuses coincident or collinear models.
    public static func through(_ models: [Model], names: [String]) throws -> Plane {
        precondition(models.count == 3 && names.count == 3, "a plane through three models")
        for i in 1...2 { try models[0].requireCompatible(models[i], name: names[0], otherName: names[i]) }
        let plane = try Directions.plane(
            through: models[0].network.flatParameters, models[1].network.flatParameters, models[2].network.flatParameters)
        let (cx, cy) = plane.coordinates[2]
        let scale = plane.first.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return Plane(
            origin: models[0], slice: PlaneSlice(center: models[0].network, first: plane.first, second: plane.second),
            description: .object([
                "kind": .string("through"), "models": .array(names.map { .string($0) }),
                "coordinates": .array(plane.coordinates.map { .numbers([$0.0, $0.1]) }),
                "scale": .number(scale),
            ]),
            title: "Loss on the plane through A = \(Figures.name(names[0])), B = \(Figures.name(names[1])), C = \(Figures.name(names[2]))",
            aTitle: "a (along B − A; ‖B − A‖ = \(NumberText.short(scale, digits: 4)))", bTitle: "b (orthogonal to B − A, same scale)",
            marks: zip(["A", "B", "C"], plane.coordinates).map { (name: $0, a: $1.0, b: $1.1) },
            defaultRange: ((min(0, cx) - 0.25, max(1, cx) + 0.25), (min(0, cy) - 0.25, max(0, cy) + 0.25)))
    }

    /// The plane around `model` (read from `name`) along the top two principal directions of
    /// `iterates` (read from `iteratesName`), the path of its training (see `TrajectoryPCA`): unit
    /// directions, so that a and b are distances in parameter space. Each iterate θᵢ is drawn at
    /// its projection `((θᵢ − θ)·d₁, (θᵢ − θ)·d₂)`, the model's own final iterate at (0, 0), and the
    /// default range holds the path. Refuses iterates of another architecture, fewer than three,
    /// and a path without two directions.
    public static func principal(_ model: Model, name: String, iterates: Iterates, iteratesName: String) throws -> Plane {
        try iterates.requireFits(model, name: iteratesName, modelName: name)
        let pca: TrajectoryPCA
        do {
            pca = try TrajectoryPCA(iterates: iterates.parameters)
        } catch LandscapeError.invalidInput(let message) {
            throw LandscapeError.invalidInput("\(iteratesName): \(message)")
        }
        let center = model.network.flatParameters
        let path = zip(iterates.steps, iterates.parameters).map { step, parameters in
            let (a, b) = pca.coordinates(of: parameters, around: center)
            return (step: step, a: a, b: b)
        }
        func share(_ ratio: Double) -> String { NumberText.short(100 * ratio, digits: 4) + " % of the path's variance" }
        return Plane(
            origin: model, slice: PlaneSlice(center: model.network, first: pca.first, second: pca.second),
            description: .object([
                "kind": .string("pca"), "iterates": .string(iteratesName), "count": .number(iterates.steps.count),
                "every": .number(iterates.every),
            ]),
            title: "Loss around \(Figures.name(name)) on the principal plane of its training path",
            aTitle: "a (1st principal direction: \(share(pca.explainedVariance[0])))",
            bTitle: "b (2nd: \(share(pca.explainedVariance[1])))",
            marks: [(Figures.name(name), 0, 0)], defaultRange: range(holding: path.map { ($0.a, $0.b) }),
            trajectory: path, explainedVariance: pca.explainedVariance)
    }

    /// A range that holds `points` and the origin with a margin of a fifth of their larger extent
    /// on every side, the narrower axis widened about its middle to at least half the wider, so that
    /// a path mostly along one direction still shows the ground on either side of it.
    static func range(holding points: [(Double, Double)]) -> (a: (Double, Double), b: (Double, Double)) {
        let a = points.map(\.0) + [0], b = points.map(\.1) + [0]
        var bounds = [(a.min()!, a.max()!), (b.min()!, b.max()!)]
        let extent = bounds.map { $0.1 - $0.0 }.max()!
        guard extent > 0 else { return ((-1, 1), (-1, 1)) }
        for axis in 0..<2 {
            let widening = 0.2 * extent + max(0, extent / 2 - (bounds[axis].1 - bounds[axis].0)) / 2
            bounds[axis] = (bounds[axis].0 - widening, bounds[axis].1 + widening)
        }
        return (bounds[0], bounds[1])
    }

    /// Loss and accuracy on `dataset` at every `(a, b)`, a outer and b inner, in `precision` (or at
    /// the points numbered in `cells`, as `PlaneSlice.evaluate` numbers them); `progress` hears how
    /// many points are done.
    public func evaluate(a: [Double], b: [Double], on dataset: Dataset, precision: Precision, cells: [Int]? = nil,
                         progress: (Int) -> Void = { _ in }) throws -> [PlanePoint] {
        switch precision {
        case .float32: slice.evaluate(a: a, b: b, on: try origin.batch(for: dataset, as: Float.self), cells: cells, progress: progress)
        case .float64: slice.evaluate(a: a, b: b, on: try origin.batch(for: dataset, as: Double.self), cells: cells, progress: progress)
        }
    }

    /// The picture of `points` (from `evaluate`): a heat map with iso-lines, the marks, the training
    /// path and a colour bar.
    public func figure(a: [Double], b: [Double], points: [PlanePoint]) -> String {
        let path = trajectory.isEmpty ? [] : [Trajectory("training path: \(trajectory.count) iterates, steps \(trajectory[0].step) to \(trajectory[trajectory.count - 1].step)",
                                                           points: trajectory.map { PlotPoint($0.a, $0.b) }, color: Palette.color(1))]
        return Figures.plane(a: a, b: b, losses: points.map(\.evaluation.loss), marks: marks, title: title, xTitle: aTitle, yTitle: bTitle,
                             trajectories: path)
    }
}
