/// The errors a command reports to its user; each maps to an exit status (SPEC §4).
public enum LandscapeError: Error, Equatable, CustomStringConvertible {
    /// Bad input or usage: exit status 2.
    case invalidInput(String)
    /// A non-finite loss or gradient: exit status 3.
    case diverged(step: Int, lastFiniteLoss: Double?, lastFiniteStep: Int?)
    /// A check that ran and failed, such as a study outside its baseline: exit status 1.
    case checkFailed(String)
    /// The user stopped a run (Ctrl-C) after `step` steps: exit status 130, as for a shell's SIGINT.
    case interrupted(step: Int)

    public var description: String {
        switch self {
        case .invalidInput(let message), .checkFailed(let message):
            return message
        case let .diverged(step, loss, lastStep):
            let last = loss.map { "; last finite loss \($0) at step \(lastStep ?? 0)" } ?? ""
            return "training diverged at step \(step): the loss is not finite\(last)"
        case .interrupted(let step):
            return "interrupted after step \(step)"
        }
    }

    public var exitStatus: Int32 {
        switch self {
        case .invalidInput: return 2
        case .diverged: return 3
        case .checkFailed: return 1
        case .interrupted: return 130
        }
    }
}
