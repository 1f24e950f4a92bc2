/// The runs a study has finished, saved after each one, so that an interrupted study continues
/// where it stopped. Runs are deterministic, so the run that was cut off is simply done again.
public struct StudyCheckpoint: Sendable {
    public static let formatName = "landscape-study-checkpoint"
    public static let formatVersion = 1

    /// The `compare` arguments that define the study, to recognize it.
    public var arguments: [String]
    /// Finished runs of each configuration, in seed order.
    public var runs: [[StudyRun]]

    public init(arguments: [String], runs: [[StudyRun]]) {
        self.arguments = arguments
        self.runs = runs
    }

    public func save(to path: String) throws {
        let json: JSON = .object([
            "format": .string(StudyCheckpoint.formatName), "version": .number(StudyCheckpoint.formatVersion),
            "arguments": .array(arguments.map(JSON.string)),
            "runs": .array(runs.map { .array($0.map(\.checkpointJSON)) }),
        ])
        try Files.writeAtomically(json.compactText + "\n", to: path)
    }

    public static func load(_ path: String) throws -> StudyCheckpoint {
        let json = try Files.readJSON(path)
        guard json["format"]?.stringValue == formatName, let version = json["version"]?.intValue, version == formatVersion,
              let arguments = json["arguments"]?.arrayValue?.compactMap(\.stringValue), let runs = json["runs"]?.arrayValue else {
            throw LandscapeError.invalidInput("\(path): not a \(formatName) file of version \(formatVersion)")
        }
        do {
            return StudyCheckpoint(arguments: arguments, runs: try runs.map { try ($0.arrayValue ?? []).map(StudyRun.init(checkpointJSON:)) })
        } catch LandscapeError.invalidInput(let message) {
            throw LandscapeError.invalidInput("\(path): \(message)")
        }
    }
}
