/// The runs a study has finished, saved after each one, so that an interrupted study continues
/// where it stopped. Runs are deterministic, so the run that was cut off is simply done again.
public struct StudyCheckpoint: Sendable {
    public static let formatName = "landscape-study-checkpoint"
    public static let formatVersion = 2

    /// The study, to recognize it.
    public var study: Study
    /// Finished runs of each configuration, in seed order.
    public var runs: [[StudyRun]]

    public init(study: Study, runs: [[StudyRun]]) {
        self.study = study
        self.runs = runs
    }

    public var json: JSON {
        .object([
            "format": .string(StudyCheckpoint.formatName), "version": .number(StudyCheckpoint.formatVersion),
            "study": study.json, "runs": .array(runs.map { .array($0.map { $0.json(measuring: study.measures, timings: true, resumable: true) }) }),
        ])
    }

    public init(json: JSON) throws {
        guard json["format"]?.stringValue == StudyCheckpoint.formatName, json["version"]?.intValue == StudyCheckpoint.formatVersion,
              let study = json["study"], let runs = json["runs"]?.arrayValue else {
            throw LandscapeError.invalidInput("not a \(StudyCheckpoint.formatName) file of version \(StudyCheckpoint.formatVersion)")
        }
        self.init(study: try Study(json: study), runs: try runs.map { try ($0.arrayValue ?? []).map(StudyRun.init(json:)) })
    }

    public func save(to path: String) throws {
        try Files.writeAtomically(json.compactText + "\n", to: path)
    }

    public static func load(_ path: String) throws -> StudyCheckpoint {
        try Files.readJSON(path, decode: StudyCheckpoint.init(json:))
    }

    /// Refuses this checkpoint (read from `name`) unless it was saved by `study`: continuing another
    /// study would mix two experiments.
    public func requireSameStudy(_ study: Study, name: String) throws {
        guard self.study.json != study.json else { return }
        let differences = zip(self.study.configurations, study.configurations).flatMap { $0.differences(from: $1) }
        let detail = differences.isEmpty ? "" : " (\(Array(Set(differences)).sorted().joined(separator: "; ")))"
        throw LandscapeError.invalidInput("\(name) is a checkpoint of another study: give the same settings as then\(detail)")
    }
}
