/// What can go wrong, in the library's own terms: bad input (a file, a value, a combination that
/// means nothing), a training run whose loss stopped being finite, a check that ran and failed, a
/// run stopped on request. Messages name files, lines and values, never command-line flags; the
/// command line adds its flags and chooses the exit status.
public enum LandscapeError: Error, Equatable, CustomStringConvertible {
    /// Bad input: a file that cannot be read or does not fit, a value out of range, a combination
    /// of settings that means nothing.
    case invalidInput(String)
    /// A non-finite loss or gradient at `step`, with the last finite loss seen, if any.
    case diverged(step: Int, lastFiniteLoss: Double?, lastFiniteStep: Int?)
    /// A check that ran and failed, such as a study outside its baseline.
    case checkFailed(String)
    /// The run was asked to stop (Ctrl-C) and stopped after `step` steps.
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
}
