/// Which end of a symmetric spectrum an eigensolver looks for.
public enum SpectrumEnd: String, CaseIterable, Sendable {
    /// The largest (algebraic) eigenvalues: the sharpest curvature.
    case largest
    /// The smallest (algebraic) eigenvalues: a negative one means the point is a saddle, not a minimum.
    case smallest
}
