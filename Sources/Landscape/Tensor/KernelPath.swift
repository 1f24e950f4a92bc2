import CPUFeatures
import Foundation
import KernelsAVX2
import KernelsAVX512
import KernelsPortable

/// The instruction sets the numerical kernels are compiled for, best first.
///
/// One build holds a copy of the kernels (strip kernels, dot and axpy, the activations' lanes) for
/// each: `KernelsAVX512`, `KernelsAVX2` and `KernelsPortable` compile the same sources with their
/// instruction set's flags, and the rest of the library with none, so a binary starts on any x86-64
/// and uses the best path its CPU runs. Every path gives the same bits. A package built as another's
/// versioned dependency cannot pass flags: it holds only `portable` (as on other architectures).
/// `LANDSCAPE_KERNELS` names the path a process must use; a path the build does not hold, or the CPU
/// cannot run, is refused.
public enum KernelPath: String, CaseIterable, Sendable {
    case avx512, avx2, portable

    /// The paths this build holds.
    public static var built: [KernelPath] {
        (KernelsAVX512.isCompiledForItsInstructionSet ? [.avx512] : [])
            + (KernelsAVX2.isCompiledForItsInstructionSet ? [.avx2] : []) + [.portable]
    }

    /// The path this process computes with: `selected(environment:)` for its environment (a command
    /// refuses a bad `LANDSCAPE_KERNELS` before any work; a library user with one gets the best path).
    public static let current: KernelPath = (try? selected(environment: ProcessInfo.processInfo.environment)) ?? best

    /// The best path this build holds and this CPU runs (at worst `portable`, which runs anywhere).
    public static var best: KernelPath { built.first(where: \.isSupported) ?? .portable }

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
        return best
    }
}
