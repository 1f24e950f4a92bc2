/// A dense matrix of `rows × cols` elements stored row-major in one contiguous array.
///
/// Vectors are matrices too: a bias is `1 × n`, a scalar `1 × 1`. Value semantics come from the array,
/// so a matrix handed to the autodiff tape is shared, not copied, until someone writes to it.
public struct Matrix<T: Real>: Equatable, Sendable {
    public let rows: Int
    public let cols: Int
    public var elements: [T]

    public init(rows: Int, cols: Int, elements: [T]) {
        precondition(rows >= 0 && cols >= 0 && elements.count == rows * cols, "matrix shape does not match its elements")
        self.rows = rows
        self.cols = cols
        self.elements = elements
    }

    public init(rows: Int, cols: Int, repeating value: T = 0) {
        self.init(rows: rows, cols: cols, elements: [T](repeating: value, count: rows * cols))
    }

    /// A matrix whose every element is written by `fill`; it is not zeroed first.
    @inlinable
    public init(rows: Int, cols: Int, fill: (UnsafeMutablePointer<T>) -> Void) {
        self.rows = rows
        self.cols = cols
        guard rows * cols > 0 else {
            elements = []
            return
        }
        elements = [T](unsafeUninitializedCapacity: rows * cols) { buffer, count in
            fill(buffer.baseAddress!)
            count = rows * cols
        }
    }

    /// The `0 × 0` matrix.
    public static var empty: Matrix { Matrix(rows: 0, cols: 0, elements: []) }

    /// A `1 × n` row vector.
    public init(row: [T]) { self.init(rows: 1, cols: row.count, elements: row) }

    /// A `1 × 1` matrix.
    public init(scalar: T) { self.init(rows: 1, cols: 1, elements: [scalar]) }

    public var count: Int { rows * cols }
    public var shape: (rows: Int, cols: Int) { (rows, cols) }
    public func hasShape(of other: Matrix) -> Bool { rows == other.rows && cols == other.cols }

    public subscript(row: Int, col: Int) -> T {
        get { elements[row * cols + col] }
        set { elements[row * cols + col] = newValue }
    }

    /// The single element of a `1 × 1` matrix.
    public var scalar: T {
        precondition(count == 1, "not a 1 × 1 matrix")
        return elements[0]
    }

    /// The same numbers in another precision.
    public func converted<U: Real>(to: U.Type = U.self) -> Matrix<U> {
        Matrix<U>(rows: rows, cols: cols, elements: elements.map { U($0) })
    }

    /// Rows `indices` of this matrix, in that order.
    public func gatheringRows<C: Collection>(_ indices: C) -> Matrix where C.Element == Int {
        Matrix(rows: indices.count, cols: cols) { out in
            elements.withUnsafeBufferPointer { src in
                var r = 0
                for i in indices {
                    (out + r * cols).update(from: src.baseAddress! + i * cols, count: cols)
                    r += 1
                }
            }
        }
    }
}

extension Matrix {
    /// Calls `body` with this matrix as an operand of a product, transposed or not.
    @inlinable
    public func withOperand<R>(transposed: Bool = false, _ body: (MatrixOperand<T>) -> R) -> R {
        elements.withUnsafeBufferPointer { buffer in
            let base = buffer.baseAddress ?? UnsafePointer(bitPattern: MemoryLayout<T>.alignment)!
            let operand = transposed
                ? MatrixOperand(base: base, rows: cols, cols: rows, rowStride: 1, columnStride: cols)
                : MatrixOperand(base: base, rows: rows, cols: cols, rowStride: cols, columnStride: 1)
            return body(operand)
        }
    }

    /// `op(a)·op(b)` as a new matrix.
    public static func product(_ a: Matrix, _ b: Matrix, transposeA: Bool = false, transposeB: Bool = false) -> Matrix {
        let m = transposeA ? a.cols : a.rows
        let n = transposeB ? b.rows : b.cols
        return Matrix(rows: m, cols: n) { writeProduct(a, b, transposeA: transposeA, transposeB: transposeB, into: $0, accumulate: false) }
    }

    /// Writes (or adds) `op(a)·op(b)` into `c`, a row-major buffer of the product's shape.
    static func writeProduct(_ a: Matrix, _ b: Matrix, transposeA: Bool, transposeB: Bool,
                             into c: UnsafeMutablePointer<T>, accumulate: Bool) {
        let n = transposeB ? b.rows : b.cols
        precondition((transposeA ? a.rows : a.cols) == (transposeB ? b.cols : b.rows), "product: inner dimensions differ")
        a.withOperand(transposed: transposeA) { opA in
            b.withOperand(transposed: transposeB) { opB in
                T.matrixProduct(opA, opB, into: c, ldc: n, accumulate: accumulate)
            }
        }
    }
}
