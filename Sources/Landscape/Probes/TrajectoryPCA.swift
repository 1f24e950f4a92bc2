/// The plane that holds most of an optimization path: the top two principal directions of the
/// iterates θ₀, …, θₙ of a training run (Li et al. 2018, §7, "Visualizing optimization paths").
///
/// Li et al. apply PCA to the matrix `M = [θ₀ − θₙ; …; θₙ₋₁ − θₙ]` and keep its two most
/// explanatory directions, unit vectors that are not filter-normalized; their code (sklearn's
/// `PCA`) centres the rows on their mean first, which makes the directions independent of the
/// point the rows are taken from. So here: with `X` the iterates less their mean (one row each),
/// the directions are the top two eigenvectors of the covariance `XᵀX`, found exactly through
/// the small Gram matrix `G = XXᵀ` (one row and column per iterate): if `G u = λ u` then
/// `XᵀX (Xᵀu) = λ Xᵀu`, and `d = Xᵀu / ‖Xᵀu‖`. The explained variance ratio of a direction is
/// `λ / tr G`, the share of the path's total variance along it (sklearn's
/// `explained_variance_ratio_`).
///
/// Signs are fixed so that the first iterate lies on the negative side of each direction from the
/// last: the path runs from the lower left towards the final model.
public struct TrajectoryPCA: Sendable {
    /// The first principal direction, unit length, flat order.
    public let first: [Double]
    /// The second principal direction, unit length and orthogonal to `first`.
    public let second: [Double]
    /// The fraction of the iterates' variance along `first` and along `second`.
    public let explainedVariance: [Double]

    /// The principal directions of `iterates` (flat vectors of one length, in the order of the
    /// run). Refuses fewer than three iterates, iterates that are all equal, and iterates on one line.
    public init(iterates: [[Double]]) throws {
        let m = iterates.count
        guard m >= 3 else {
            throw LandscapeError.invalidInput("a plane from the iterates needs at least 3 of them, and there \(m == 1 ? "is 1" : "are \(m)")")
        }
        let n = iterates[0].count
        precondition(iterates.allSatisfy { $0.count == n }, "iterates of one length")
        // Differences from the last iterate first, which keeps the small steps of a long run exact,
        // then centred on their mean.
        let last = iterates[m - 1]
        let differences = iterates.map { zip($0, last).map { $0 - $1 } }
        var mean = [Double](repeating: 0, count: n)
        for d in differences { FlatVector.axpy(1, d, &mean) }
        mean = FlatVector.scaled(mean, by: 1 / Double(m))
        let centred = differences.map { zip($0, mean).map { $0 - $1 } }
        let rows = Matrix<Double>(rows: m, cols: n, elements: centred.flatMap { $0 })
        let gram = Matrix.product(rows, rows, transposeB: true)
        let total = (0..<m).reduce(0.0) { $0 + gram[$1, $1] }
        guard total > 0 else { throw LandscapeError.invalidInput("the iterates are all equal: the path has no direction") }
        let decomposition = SymmetricEigendecomposition(matrix: gram.elements, n: m)
        let (top, next) = (decomposition.eigenvalues[0], decomposition.eigenvalues[1])
        guard next > 1e-12 * top else {
            throw LandscapeError.invalidInput("the iterates lie on one line: the path has no second direction (interpolate draws it)")
        }
        /// `Xᵀu`, summed row by row in a fixed order.
        func combination(_ u: ArraySlice<Double>) -> [Double] {
            var v = [Double](repeating: 0, count: n)
            for (row, weight) in zip(centred, u) { FlatVector.axpy(weight, row, &v) }
            return v
        }
        func unit(_ v: [Double]) -> [Double] { FlatVector.scaled(v, by: 1 / FlatVector.norm(v)) }
        /// `v`, or `−v` when the first iterate lies on its positive side of the last.
        func signed(_ v: [Double]) -> [Double] { FlatVector.dot(differences[0], v) > 0 ? FlatVector.scaled(v, by: -1) : v }
        let d1 = signed(unit(combination(decomposition.eigenvector(0))))
        // Orthogonal to working precision whatever the gap between the eigenvalues.
        let d2 = signed(unit(FlatVector.orthogonalized(combination(decomposition.eigenvector(1)), against: [d1])))
        first = d1
        second = d2
        explainedVariance = [top / total, next / total]
    }

    /// The coordinates `(a, b)` of `point` on the plane through `center` along the two directions:
    /// the projection `((point − center)·d₁, (point − center)·d₂)`.
    public func coordinates(of point: [Double], around center: [Double]) -> (a: Double, b: Double) {
        let difference = zip(point, center).map { $0 - $1 }
        return (FlatVector.dot(difference, first), FlatVector.dot(difference, second))
    }
}
