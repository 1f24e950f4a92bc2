/// Mean and sample standard deviation of a few numbers (the runs of one configuration).
public struct Summary: Equatable, Sendable {
    public let count: Int
    public let mean: Double
    /// Sample standard deviation (n − 1); 0 for a single value.
    public let sd: Double

    public init(_ values: [Double]) {
        count = values.count
        mean = values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count)
        guard values.count > 1 else {
            sd = 0
            return
        }
        let m = mean
        sd = (values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(values.count - 1)).squareRoot()
    }
}

/// Differences `b − a` over paired values (the same seed under two configurations).
public struct PairedDifference: Equatable, Sendable {
    public let summary: Summary
    /// In how many pairs `b − a` is positive.
    public let positive: Int

    public init(_ a: [Double], _ b: [Double]) {
        precondition(a.count == b.count, "paired values come in pairs")
        let differences = zip(a, b).map { $1 - $0 }
        summary = Summary(differences)
        positive = differences.filter { $0 > 0 }.count
    }
}
