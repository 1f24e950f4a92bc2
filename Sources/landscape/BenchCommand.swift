import Dispatch
import Foundation
import Landscape

struct BenchCommand: Command {
    static let name = "bench"
    static let summary = "time the reference workloads that the JAX and PyTorch peers time"
    static let discussion = """
    Runs the six workloads of the peer benchmarks (shared/peers) on digits rows 0..1436 with the
    peers' fixtures: train_b8 (one epoch at batch 8), train_b512 (20 epochs at batch 512), grad,
    hvp, power (20 power iterations) and plane (21×21 losses), and matmul (one 1024³ product,
    the peak the others are compared with). Prints one JSON line per workload
    with the peers' keys: seconds is the best of 3 samples of at least --min-sample seconds each,
    after a warm-up, divided by the calls per sample; check holds the numbers every
    implementation must reproduce. scripts/bench-peers.sh runs this next to the peers.
    """
    static let examples = [
        "landscape bench --only grad,hvp,matmul --min-sample 0.05",
        "landscape bench --precision float32 --only train_b8,power --repeats 1 --threads 1 --json",
    ]
    static let workloads = ["train_b8", "train_b512", "grad", "hvp", "power", "plane", "matmul"]
    static let fixtures = Option.input("--fixtures", "peer fixtures (default ../shared/peers/fixtures, else Tests/LandscapeTests/Fixtures/peers)", placeholder: "DIR")
    static let data = Option.input("--data", "digits CSV", default: "datasets/digits.csv")
    static let only = Option<[String]>("--only", "LIST", "comma list of \(workloads.joined(separator: ","))", defaultText: "all") { text in
        let names = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        if let unknown = names.first(where: { !workloads.contains($0) }) {
            throw LandscapeError.invalidInput("unknown workload '\(unknown)' (expected \(workloads.joined(separator: ",")))")
        }
        return names
    }
    static let minimumSample = Option.number("--min-sample", "shortest timed sample", placeholder: "SECONDS", .above(0, atMost: 3600), default: 0.3)
    static let repeats = Option.integer("--repeats", "timed samples per workload", in: 1...100, default: 3)
    static let json = Option.flag("--json", "print one JSON line per workload, with the peers' keys, instead of a table")
    static let options: [any OptionDeclaration] = [fixtures, data, only, minimumSample, repeats, Options.precision, Options.threads, json]

    static func run(_ arguments: Arguments) throws {
        let timing = Timing(minimumSample: arguments[minimumSample], repeats: arguments[repeats])
        let setup = try Setup(fixtures: try arguments.value(fixtures) ?? defaultFixtures(), data: arguments[data])
        let chosen = arguments.value(only) ?? workloads
        let kernels = try KernelPath.selected(environment: ProcessInfo.processInfo.environment)
        // The one place the command line turns a precision into a type: the workloads time the
        // library's generic kernels directly.
        switch arguments[Options.precision] {
        case .float32: try Runner<Float>(setup: setup, timing: timing, kernels: kernels).run(chosen, json: arguments.has(json))
        case .float64: try Runner<Double>(setup: setup, timing: timing, kernels: kernels).run(chosen, json: arguments.has(json))
        }
    }

    static func defaultFixtures() throws -> String {
        for candidate in ["../shared/peers/fixtures", "Tests/LandscapeTests/Fixtures/peers"]
        where FileManager.default.fileExists(atPath: candidate + "/workloads.json") {
            return candidate
        }
        throw LandscapeError.invalidInput("no peer fixtures found: give --fixtures DIR")
    }

    /// The peers' inputs: the initial model, digits rows 0..1436, permutations and directions.
    struct Setup {
        let model: Model
        let train: Dataset
        let permutations8: [[Int]]
        let permutations512: [[Int]]
        let vector: [Double]
        let direction1: [Double]
        let direction2: [Double]
        let grid: [Double]

        init(fixtures: String, data: String) throws {
            let model = try Model.load(fixtures + "/init_model.json")
            let all = try Dataset.load(data)
            guard all.count >= 1437 else { throw LandscapeError.invalidInput("\(data): the workloads need 1437 rows") }
            train = all.rows(Array(0..<1437))
            _ = try model.batch(for: train, as: Double.self)
            let work = try JSON(parsing: try Files.read(fixtures + "/workloads.json"))
            let parameters = model.architecture.parameterCount
            func numbers(_ key: String, count: Int) throws -> [Double] {
                guard let v = work[key]?.arrayValue?.compactMap(\.doubleValue), v.count == count else {
                    throw LandscapeError.invalidInput("\(fixtures)/workloads.json: '\(key)' is missing or has the wrong length")
                }
                return v
            }
            func permutations(_ key: String) throws -> [[Int]] {
                guard let p = work[key]?.arrayValue?.map({ $0.arrayValue?.compactMap(\.intValue) ?? [] }),
                      p.allSatisfy({ $0.sorted() == Array(0..<1437) }) else {
                    throw LandscapeError.invalidInput("\(fixtures)/workloads.json: '\(key)' is not a list of permutations of 0..<1437")
                }
                return p
            }
            self.model = model
            permutations8 = try permutations("perms_train_b8")
            permutations512 = try permutations("perms_train_b512")
            vector = try numbers("v_hvp_and_power", count: parameters)
            direction1 = try numbers("plane_d1", count: parameters)
            direction2 = try numbers("plane_d2", count: parameters)
            grid = try numbers("plane_grid", count: 21)
        }
    }

    /// Best-of-`repeats` timing of one call, each sample long enough to be measured reliably.
    struct Timing {
        let minimumSample: Double
        let repeats: Int

        func measure(_ call: () throws -> Void) rethrows -> (best: Double, samples: [Double], calls: Int) {
            let start = DispatchTime.now().uptimeNanoseconds
            try call()
            let warmUp = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            let calls = max(1, Int((minimumSample / max(warmUp, 1e-9)).rounded(.up)))
            var samples: [Double] = []
            for _ in 0..<repeats {
                let t0 = DispatchTime.now().uptimeNanoseconds
                for _ in 0..<calls { try call() }
                samples.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9 / Double(calls))
            }
            return (samples.min()!, samples, calls)
        }
    }

    struct Runner<T: Real> {
        let setup: Setup
        let timing: Timing
        /// The kernels in use, which every result names.
        let kernels: KernelPath
        let network: Network<T>
        let batch: Batch<T>

        init(setup: Setup, timing: Timing, kernels: KernelPath) throws {
            self.setup = setup
            self.timing = timing
            self.kernels = kernels
            network = setup.model.network.converted()
            batch = try setup.model.batch(for: setup.train)
        }

        /// Times `workloads` in order and prints each as it is done: a JSON line with the peers'
        /// keys, or a row of a table.
        func run(_ workloads: [String], json: Bool) throws {
            if !json {
                print("landscape bench: \(T.precisionName), \(WorkerPool.shared.threadCount) threads, \(kernels.rawValue) kernels; best of \(timing.repeats) samples of at least \(formatted(timing.minimumSample, digits: 3)) s\n")
                print(Runner.row(["workload", "best", "samples", "calls", "", "check"]))
            }
            var gradientSeconds: Double?
            for workload in workloads {
                var extra: [JSON.Member] = []
                let (measured, check): ((best: Double, samples: [Double], calls: Int), JSON)
                switch workload {
                case "train_b8": (measured, check) = try train(batchSize: 8, epochs: 1, permutations: setup.permutations8)
                case "train_b512": (measured, check) = try train(batchSize: 512, epochs: 20, permutations: setup.permutations512)
                case "grad":
                    (measured, check) = gradient()
                    gradientSeconds = measured.best
                case "hvp":
                    (measured, check) = hessianVectorProduct()
                    if let g = gradientSeconds { extra.append(JSON.Member("hvp_over_grad", .number(measured.best / g))) }
                case "power": (measured, check) = power()
                case "plane": (measured, check) = plane()
                default:
                    (measured, check) = matmul()
                    extra.append(JSON.Member("gflops", .number(2 * 1024 * 1024 * 1024 / measured.best / 1e9)))
                }
                let members = [
                    JSON.Member("peer", .string("landscape")), JSON.Member("workload", .string(workload)),
                    JSON.Member("dtype", .string(T.precisionName)), JSON.Member("seconds", .number(measured.best)),
                    JSON.Member("samples", .numbers(measured.samples)), JSON.Member("calls_per_sample", .number(measured.calls)),
                    JSON.Member("threads", .number(WorkerPool.shared.threadCount)), JSON.Member("kernels", .string(kernels.rawValue)),
                ] + extra + [JSON.Member("check", check)]
                if json {
                    print(JSON.object(members).compactText)
                } else {
                    let row = [workload, Runner.duration(measured.best), measured.samples.map(Runner.duration).joined(separator: " "),
                               String(measured.calls), extra.map { "\($0.key) \(formatted($0.value.doubleValue, digits: 3))" }.joined(),
                               Runner.describe(check)]
                    print(Runner.row(row))
                }
            }
        }

        /// A row of the table, in columns wide enough for every row (printed as each workload ends).
        static func row(_ cells: [String]) -> String {
            zip(cells, [11, 10, 30, 6, 22, 0]).map { cell, width in cell.padding(toLength: max(width, cell.count), withPad: " ", startingAt: 0) }
                .joined(separator: " ").trimmingCharacters(in: .whitespaces)
        }

        /// `seconds` in the unit that reads best.
        static func duration(_ seconds: Double) -> String {
            seconds < 1e-3 ? "\(formatted(seconds * 1e6, digits: 3)) µs" : seconds < 1 ? "\(formatted(seconds * 1e3, digits: 3)) ms" : "\(formatted(seconds, digits: 3)) s"
        }

        /// A check object as `key value` pairs.
        static func describe(_ check: JSON) -> String {
            guard case .object(let members) = check else { return check.compactText }
            return members.map { "\($0.key) \(formatted($0.value.doubleValue, digits: 10))" }.joined(separator: ", ")
        }

        func train(batchSize: Int, epochs: Int, permutations: [[Int]]) throws -> ((Double, [Double], Int), JSON) {
            let plan = TrainingPlan(batchSize: batchSize, length: .epochs(epochs), learningRate: 0.05, order: .permutations(permutations))
            var trainer = Trainer<T>(plan: plan)
            trainer.evaluatesAtEnd = false
            var result: TrainingResult<T>?
            let measured = try timing.measure { result = try trainer.run(network, on: batch, optimizer: GradientDescent()) }
            return (measured, .object(["train_loss_after": .number(result!.network.evaluate(batch).loss)]))
        }

        func gradient() -> ((Double, [Double], Int), JSON) {
            var result: (loss: T, gradient: [Matrix<T>])?
            let tape = Tape<T>()
            let measured = timing.measure { result = network.lossAndGradient(on: batch, tape: tape) }
            let norm = FlatVector.norm(flatten(result!.gradient))
            return (measured, .object(["loss": .number(Double(result!.loss)), "grad_norm": .number(norm)]))
        }

        /// One Hessian-vector product, timed from the forward pass on; the tape is reused between calls.
        func hessianVectorProduct() -> ((Double, [Double], Int), JSON) {
            let v = setup.vector.map { T($0) }
            let tape = Tape<T>()
            var hv: [T] = []
            let measured = timing.measure { hv = network.lossAndHessian(on: batch, tape: tape).hessian.apply(v) }
            return (measured, .object(["vHv": .number(FlatVector.dot(v, hv)), "Hv_norm": .number(FlatVector.norm(hv))]))
        }

        /// Twenty steps of power iteration from the fixture vector, the forward and backward pass recorded once.
        func power() -> ((Double, [Double], Int), JSON) {
            let v = setup.vector.map { T($0) }
            let tape = Tape<T>()
            let iteration = PowerIteration(count: 1, tolerance: 0, maxIterations: 20)
            var lambda = 0.0
            let measured = timing.measure {
                lambda = iteration.run(network.lossAndHessian(on: batch, tape: tape).hessian, start: v).eigenvalues[0]
            }
            return (measured, .object(["lambda_after_20": .number(lambda)]))
        }

        /// One 1024 × 1024 × 1024 product of uniform random matrices, as the peers' matmul peak.
        func matmul() -> ((Double, [Double], Int), JSON) {
            var random = RandomSource(seed: 0, stream: .data)
            let a = Matrix<T>(rows: 1024, cols: 1024, elements: (0..<1024 * 1024).map { _ in T(random.uniform(-1, 1)) })
            let b = Matrix<T>(rows: 1024, cols: 1024, elements: (0..<1024 * 1024).map { _ in T(random.uniform(-1, 1)) })
            var c = Matrix<T>.empty
            let measured = timing.measure { c = Matrix.product(a, b) }
            return (measured, .object(["sum": .number(Double(c.elements.reduce(0, +)))]))
        }

        func plane() -> ((Double, [Double], Int), JSON) {
            let slice = PlaneSlice(center: setup.model.network, first: setup.direction1, second: setup.direction2)
            var losses: [Double] = []
            let measured = timing.measure {
                losses = slice.evaluate(a: setup.grid, b: setup.grid, on: batch).map(\.evaluation.loss)
            }
            let center = losses[(setup.grid.count / 2) * setup.grid.count + setup.grid.count / 2]
            return (measured, .object([
                "center": .number(center), "min": .number(losses.min()!), "max": .number(losses.max()!),
                "sum": .number(losses.reduce(0, +)),
            ]))
        }
    }
}
