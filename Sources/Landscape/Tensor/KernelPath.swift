import CPUFeatures

/// The instruction sets the numerical kernels are compiled for, best first.
///
/// A build holds the kernels its package flags compile: `avx2` (AVX2 + FMA) where this package is
/// built as the root or a `path:` dependency on x86-64, `portable` where it is built without flags
/// (a versioned dependency's checkout, or another architecture). `LANDSCAPE_KERNELS` names the
/// path a process must use; a path the build does not hold, or the CPU cannot run, is refused.
public enum KernelPath: String, CaseIterable, Sendable {
    case avx512, avx2, portable

    /// The paths this build holds.
    public static var built: [KernelPath] {
        #if LANDSCAPE_AVX2
        [.avx2]
        #else
        [.portable]
        #endif
    }

    /// Whether this CPU (and its operating system) can run the path's instructions.
    public var isSupported: Bool {
        switch self {
        case .avx512: landscape_cpu_has_avx512()
        case .avx2: landscape_cpu_has_avx2_fma()
        case .portable: true
        }
    }

    /// The path this process uses: the one `LANDSCAPE_KERNELS` names in `environment`, or else the
    /// best that is built and that the CPU runs. Refused when the name is unknown, the path is not
    /// built, or the CPU cannot run it (the kernels would stop on an illegal instruction).
    public static func selected(environment: [String: String]) throws -> KernelPath {
        let names = allCases.map(\.rawValue).joined(separator: "|")
        if let name = environment["LANDSCAPE_KERNELS"] {
            guard let path = KernelPath(rawValue: name) else {
                throw LandscapeError.invalidInput("LANDSCAPE_KERNELS=\(name): expected one of \(names)")
            }
            guard built.contains(path) else {
                throw LandscapeError.invalidInput("LANDSCAPE_KERNELS=\(name): this build holds only the \(built.map(\.rawValue).joined(separator: ", ")) kernels")
            }
            guard path.isSupported else {
                throw LandscapeError.invalidInput("LANDSCAPE_KERNELS=\(name): this CPU cannot run the \(name) kernels")
            }
            return path
        }
        guard let path = built.first(where: \.isSupported) else {
            throw LandscapeError.invalidInput("this build holds only the \(built.map(\.rawValue).joined(separator: ", ")) kernels, which this CPU cannot run")
        }
        return path
    }
}
