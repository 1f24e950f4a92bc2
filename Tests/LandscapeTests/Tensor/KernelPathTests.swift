import Foundation
import Testing
@testable import Landscape

/// Which kernels a process uses: the CPU's features as CPUID tells them, against the kernel's own
/// account in /proc/cpuinfo, and `LANDSCAPE_KERNELS`.
@Suite("Kernel paths")
struct KernelPathTests {
    /// The flags of the first processor in /proc/cpuinfo, or nil where there is none (not Linux).
    static let cpuinfoFlags: Set<Substring>? = {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else { return nil }
        return Set(line.split(separator: ":", maxSplits: 1).last?.split(separator: " ") ?? [])
    }()

    @Test("CPUID's AVX2 + FMA and AVX-512 answers agree with the flags Linux reports in /proc/cpuinfo")
    func features() throws {
        let flags = try #require(Self.cpuinfoFlags, "no /proc/cpuinfo here")
        #if arch(x86_64)
        #expect(KernelPath.avx2.isSupported == (flags.contains("avx2") && flags.contains("fma")))
        #expect(KernelPath.avx512.isSupported == ["avx512f", "avx512dq", "avx512bw", "avx512vl"].allSatisfy { flags.contains($0[...]) })
        #else
        #expect(!KernelPath.avx2.isSupported && !KernelPath.avx512.isSupported)
        #endif
        #expect(KernelPath.portable.isSupported)
    }

    @Test("one build holds every path of its architecture: avx512, avx2 and portable on x86-64, portable elsewhere")
    func built() {
        #if arch(x86_64)
        #expect(KernelPath.built == [.avx512, .avx2, .portable])
        #else
        #expect(KernelPath.built == [.portable])
        #endif
        #expect(KernelPath.current == KernelPath.best)
    }

    @Test("unset, the best built path the CPU runs; forced, the path named, or a refusal that says why")
    func selection() throws {
        let best = KernelPath.best
        #expect(best == KernelPath.built.first { $0.isSupported })
        #expect(try KernelPath.selected(environment: [:]) == best)
        for path in KernelPath.built where path.isSupported {
            #expect(try KernelPath.selected(environment: ["LANDSCAPE_KERNELS": path.rawValue]) == path)
        }
        for path in KernelPath.built where !path.isSupported {
            #expect(throws: LandscapeError.invalidInput("LANDSCAPE_KERNELS=\(path.rawValue): this CPU cannot run the \(path.rawValue) kernels")) {
                try KernelPath.selected(environment: ["LANDSCAPE_KERNELS": path.rawValue])
            }
        }
        for path in KernelPath.allCases where !KernelPath.built.contains(path) {
            #expect(throws: LandscapeError.invalidInput("LANDSCAPE_KERNELS=\(path.rawValue): this build holds only the portable kernels")) {
                try KernelPath.selected(environment: ["LANDSCAPE_KERNELS": path.rawValue])
            }
        }
        #expect(throws: LandscapeError.invalidInput("LANDSCAPE_KERNELS=AVX2: expected one of avx512|avx2|portable")) {
            try KernelPath.selected(environment: ["LANDSCAPE_KERNELS": "AVX2"])
        }
    }

    @Test("landscape --version names the kernels in use, or the forced ones; a path the CPU cannot run is refused with exit 2")
    func commandLine() throws {
        let version = try CommandRunner.run(["--version"])
        #expect(version.status == 0 && version.stdout == "landscape \(landscapeVersion)\nkernels: \(KernelPath.best.rawValue)\n")
        for path in KernelPath.built {
            let forced = try CommandRunner.run(["--version"], environment: ["LANDSCAPE_KERNELS": path.rawValue])
            if path.isSupported {
                #expect(forced.status == 0 && forced.stdout == "landscape \(landscapeVersion)\nkernels: \(path.rawValue)\n")
            } else {
                #expect(forced.status == 2 && forced.stdout.isEmpty)
                #expect(forced.stderr == "error: LANDSCAPE_KERNELS=\(path.rawValue): this CPU cannot run the \(path.rawValue) kernels\n")
            }
        }
        let train = try CommandRunner.run(["eval", "--help"], environment: ["LANDSCAPE_KERNELS": "sse"])
        #expect(train.status == 2 && train.stderr.hasPrefix("error: LANDSCAPE_KERNELS=sse: expected one of"))
    }

    @Test("bench names the kernels its timings ran on, in the table's header and in every JSON line")
    func bench() throws {
        let best = KernelPath.best
        let arguments = ["bench", "--only", "grad", "--repeats", "1", "--min-sample", "0.01"]
        let json = try CommandRunner.run(arguments + ["--json"], in: TestData.repository)
        #expect(json.status == 0, "\(json.stderr)")
        #expect(try JSON(parsing: json.stdout)["kernels"]?.stringValue == best.rawValue)
        let table = try CommandRunner.run(arguments, in: TestData.repository)
        #expect(table.stdout.hasPrefix("landscape bench: float64, ") && table.stdout.contains(" threads, \(best.rawValue) kernels; "))
    }
}
