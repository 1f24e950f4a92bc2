/// The classic two-dimensional classification sets, generated from a seed: the rows come out
/// shuffled, with features `x`, `y` and a class `label`.
public enum ToyDataset: String, CaseIterable, Sendable {
    /// Two interleaving half circles.
    case moons
    /// A small circle inside a large one.
    case circles
    /// Interleaved spiral arms, one per class.
    case spirals
    /// Gaussian clusters, one per class, centred on a circle of radius 4.
    case blobs

    /// `count` rows split evenly over the classes (`classes` applies to spirals and blobs), with
    /// Gaussian noise of standard deviation `noise` added to every coordinate.
    public func generate(count: Int, classes: Int = 3, noise: Double, seed: UInt64) -> Dataset {
        precondition(count > 0 && classes >= 2, "toy data needs rows and at least two classes")
        var random = RandomSource(seed: seed, stream: .data)
        let k = (self == .moons || self == .circles) ? 2 : classes
        var rows: [(Double, Double, Int)] = []
        for i in 0..<count {
            let label = i % k
            let index = i / k
            let perClass = (count - label + k - 1) / k
            let t = perClass > 1 ? Double(index) / Double(perClass - 1) : 0.5
            var (x, y): (Double, Double)
            switch self {
            case .moons:
                let angle = Double.pi * t
                (x, y) = label == 0 ? (Double.cos(angle), Double.sin(angle)) : (1 - Double.cos(angle), 0.5 - Double.sin(angle))
            case .circles:
                let angle = 2 * Double.pi * t
                let radius = label == 0 ? 1.0 : 0.5
                (x, y) = (radius * Double.cos(angle), radius * Double.sin(angle))
            case .spirals:
                let radius = 0.1 + 0.9 * t
                let angle = 2 * Double.pi * Double(label) / Double(k) + 3 * Double.pi * t
                (x, y) = (radius * Double.cos(angle), radius * Double.sin(angle))
            case .blobs:
                let angle = 2 * Double.pi * Double(label) / Double(k)
                (x, y) = (4 * Double.cos(angle) + random.normal(), 4 * Double.sin(angle) + random.normal())
            }
            rows.append((x + noise * random.normal(), y + noise * random.normal(), label))
        }
        random.shuffle(&rows)
        return Dataset(source: rawValue, featureNames: ["x", "y"],
                       features: Matrix(rows: count, cols: 2, elements: rows.flatMap { [$0.0, $0.1] }),
                       labels: rows.map { Double($0.2) })
    }
}

extension Dataset {
    /// The dataset as CSV text: the feature columns, then `label`; numbers in round-trip form.
    public var csvText: String {
        var text = (featureNames + ["label"]).joined(separator: ",") + "\n"
        for r in 0..<count {
            let cells = (0..<featureCount).map { "\(features[r, $0])" } + [labels[r] == labels[r].rounded() && abs(labels[r]) < 1e15 ? String(Int(labels[r])) : "\(labels[r])"]
            text += cells.joined(separator: ",") + "\n"
        }
        return text
    }
}
