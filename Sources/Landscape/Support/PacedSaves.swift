import Foundation

/// Saving a growing result while the work goes on, at a bounded cost. A file rewritten after every
/// finished piece costs O(pieces²) over a long run (a 10,000-run study's checkpoint is megabytes);
/// here `offer` saves only when the time since the last save is at least `ratio` times that save's
/// own duration, so saving takes at most about 1/(1 + `ratio`) of the time, and keeps what it
/// skipped for the next offer or for `flush`. The first offer always saves. A process killed
/// outright loses at most the pieces since the last save; one asked to stop calls `flush` and
/// loses none. What is saved last, by `flush` or at the end, does not depend on the pacing.
public final class PacedSaves<State> {
    private let ratio: Double
    private let save: (State) throws -> Void
    private var pending: (() -> State)?
    private var lastEnd = 0.0
    private var lastDuration = 0.0

    public init(ratio: Double = 20, save: @escaping (State) throws -> Void) {
        self.ratio = ratio
        self.save = save
    }

    /// Saves `state` now if the pace allows, else keeps it for later; `state` is computed only
    /// when it is saved.
    public func offer(_ state: @escaping () -> State) throws {
        pending = state
        if ProcessInfo.processInfo.systemUptime - lastEnd >= ratio * lastDuration { try flush() }
    }

    /// Saves what was offered last and not yet saved, if anything.
    public func flush() throws {
        guard let state = pending else { return }
        pending = nil
        let start = ProcessInfo.processInfo.systemUptime
        try save(state())
        lastEnd = ProcessInfo.processInfo.systemUptime
        lastDuration = lastEnd - start
    }
}
