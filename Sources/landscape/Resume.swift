import Landscape

/// Resuming from a checkpoint, as `train` (one run) and `compare` (a study) do: the same check and
/// the same note, with their own words for what was saved.
enum Resume {
    /// Refuses the checkpoint at `path` unless the options it `recorded` (nil: none) are those
    /// `given` now, since continuing another `kind` ("run", "study") would mix two experiments.
    static func requireSameOptions(recorded: [String]?, given: [String], path: String, kind: String) throws {
        guard recorded == given else {
            throw LandscapeError.invalidInput(
                "\(path) is a checkpoint of another \(kind): give the same options as then (it recorded: \(recorded?.joined(separator: " ") ?? "nothing"))")
        }
    }

    /// Tells, after an interruption, that `what` ("checkpoint", "finished runs") was saved to `path`
    /// and how to continue from it.
    static func noteSaved(_ what: String, to path: String) {
        Output.note("\(what) saved to \(path); continue with the same command and --resume \(path)")
    }
}
