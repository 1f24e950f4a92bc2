extension Interpolation {
    /// The path from A to B aligned to A by `method` (Entezari et al. 2022; Ainsworth et al. 2023):
    /// B's hidden units permuted so that the path joins the same two functions through nearer
    /// weights. Activation matching compares the hidden units on the rows of `data`. The same as
    /// writing the `Alignment`'s model and interpolating to it.
    public func aligned(by method: AlignmentMethod, data: Dataset? = nil) throws -> (path: Interpolation, alignment: Alignment) {
        let alignment = try Alignment(aligning: to, to: from, method: method, data: data, name: toName, referenceName: fromName)
        return (try Interpolation(from: from, to: alignment.model, fromName: fromName, toName: "\(toName), aligned"), alignment)
    }
}
