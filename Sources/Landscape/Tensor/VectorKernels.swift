import KernelsAVX2
import KernelsAVX512
import KernelsPortable

// Level-1 kernels on flat vectors, summed in a fixed order so results never depend on threads:
// dot and axpy with the kernels of the process's path (`KernelPath`), which all give the same bits.

extension Float {
    public static func dot(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, count: Int) -> Float {
        dot(x, y, count: count, kernels: .current)
    }

    static func dot(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, count: Int, kernels path: KernelPath) -> Float {
        switch path {
        case .avx512: KernelsAVX512.VectorKernels.dot(x, y, count: count)
        case .avx2: KernelsAVX2.VectorKernels.dot(x, y, count: count)
        case .portable: KernelsPortable.VectorKernels.dot(x, y, count: count)
        }
    }

    public static func axpy(_ a: Float, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int) {
        axpy(a, x, y, count: count, kernels: .current)
    }

    static func axpy(_ a: Float, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int, kernels path: KernelPath) {
        switch path {
        case .avx512: KernelsAVX512.VectorKernels.axpy(a, x, y, count: count)
        case .avx2: KernelsAVX2.VectorKernels.axpy(a, x, y, count: count)
        case .portable: KernelsPortable.VectorKernels.axpy(a, x, y, count: count)
        }
    }

    public static func scale(_ a: Float, _ x: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { x[i] *= a }
    }
}

extension Double {
    public static func dot(_ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>, count: Int) -> Double {
        dot(x, y, count: count, kernels: .current)
    }

    static func dot(_ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>, count: Int, kernels path: KernelPath) -> Double {
        switch path {
        case .avx512: KernelsAVX512.VectorKernels.dot(x, y, count: count)
        case .avx2: KernelsAVX2.VectorKernels.dot(x, y, count: count)
        case .portable: KernelsPortable.VectorKernels.dot(x, y, count: count)
        }
    }

    public static func axpy(_ a: Double, _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, count: Int) {
        axpy(a, x, y, count: count, kernels: .current)
    }

    static func axpy(_ a: Double, _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, count: Int, kernels path: KernelPath) {
        switch path {
        case .avx512: KernelsAVX512.VectorKernels.axpy(a, x, y, count: count)
        case .avx2: KernelsAVX2.VectorKernels.axpy(a, x, y, count: count)
        case .portable: KernelsPortable.VectorKernels.axpy(a, x, y, count: count)
        }
    }

    public static func scale(_ a: Double, _ x: UnsafeMutablePointer<Double>, count: Int) {
        for i in 0..<count { x[i] *= a }
    }
}
