/// A recorded study, to check a later run of it against: the study itself and the results it gave
/// (the `compare --json` or `study --json` output without timings). A check re-runs the study and names every mean
/// that moved by more than the tolerance, so a generalization-gap claim can live in a CI job.
public struct StudyBaseline: Sendable {
    public static let formatName = "landscape-baseline"
    public static let formatVersion = 2

    public var study: Study
    /// The recorded results, as `StudyResult.json(timings: false)`.
    public var result: JSON

    public init(study: Study, result: JSON) {
        self.study = study
        self.result = result
    }

    public var json: JSON {
        .object([
            "format": .string(StudyBaseline.formatName), "version": .number(StudyBaseline.formatVersion),
            "study": study.json, "result": result,
        ])
    }

    public init(json: JSON) throws {
        guard json["format"]?.stringValue == StudyBaseline.formatName else {
            throw LandscapeError.invalidInput("not a \(StudyBaseline.formatName) file")
        }
        guard let version = json["version"]?.intValue, version == StudyBaseline.formatVersion else {
            throw LandscapeError.invalidInput(
                "baseline version \(json["version"]?.compactText ?? "missing") is not \(StudyBaseline.formatVersion), the version this landscape reads; record the study again")
        }
        guard let study = json["study"], let result = json["result"], result["configs"]?.arrayValue != nil else {
            throw LandscapeError.invalidInput("a baseline needs a 'study' and a 'result' with 'configs'")
        }
        self.init(study: try Study(json: study), result: result)
    }

    public func save(to path: String) throws {
        try Files.writeAtomically(json.prettyText + "\n", to: path)
    }

    public static func load(_ path: String) throws -> StudyBaseline {
        try Files.readJSON(path, decode: StudyBaseline.init(json:))
    }

    /// How far a figure may move: `sd` standard deviations of the recorded runs plus `absolute`.
    public struct Tolerance: Equatable, Sendable {
        public var sd: Double
        public var absolute: Double

        public init(sd: Double, absolute: Double) {
            self.sd = sd
            self.absolute = absolute
        }

        /// `Ksd`, `X`, or `Ksd+X` (e.g. `3sd`, `0.01`, `2sd+0.005`).
        public init(parsing text: String) throws {
            var sd = 0.0, absolute = 0.0
            for part in text.split(separator: "+", omittingEmptySubsequences: false) {
                if part.hasSuffix("sd"), let k = NumberText.finite(part.dropLast(2)), k >= 0 {
                    sd += k
                } else if let x = NumberText.finite(part), x >= 0 {
                    absolute += x
                } else {
                    throw LandscapeError.invalidInput("expected Ksd, X or Ksd+X with K, X ≥ 0 (e.g. 3sd+0.01)")
                }
            }
            self.init(sd: sd, absolute: absolute)
        }
    }

    /// Every mean of `result` that differs from the recorded one by more than `tolerance`, as lines
    /// naming the configuration, the figure and both values; empty when the study holds.
    public func violations(of result: StudyResult, tolerance: Tolerance) -> [String] {
        let recorded = self.result["configs"]?.arrayValue ?? []
        var lines: [String] = []
        if recorded.count != result.configurations.count {
            lines.append("the baseline has \(recorded.count) configurations, the run \(result.configurations.count)")
        }
        for (old, new) in zip(recorded, result.configurations) {
            let label = new.label
            if old["batch"]?.intValue != new.batchSize {
                lines.append("\(label): the baseline's configuration is batch \(old["batch"]?.compactText ?? "?")")
                continue
            }
            for name in result.metricNames {
                let oldMean = old["mean"]?[name]?.doubleValue
                let newMean = new.summary(name)?.mean
                switch (oldMean, newMean) {
                case (nil, nil):
                    continue
                case let (a?, b?):
                    let allowed = tolerance.sd * (old["sd"]?[name]?.doubleValue ?? 0) + tolerance.absolute
                    if Swift.abs(b - a) > allowed {
                        lines.append("\(label) \(name): \(b) against the baseline's \(a) (allowed ±\(allowed))")
                    }
                default:
                    lines.append("\(label) \(name): \(newMean.map { "\($0)" } ?? "missing") against the baseline's \(oldMean.map { "\($0)" } ?? "missing")")
                }
            }
            let oldDiverged = old["diverged"]?.intValue ?? 0
            let newDiverged = new.runs.count - new.finished.count
            if oldDiverged != newDiverged {
                lines.append("\(label): \(newDiverged) diverged runs against the baseline's \(oldDiverged)")
            }
        }
        return lines
    }
}
