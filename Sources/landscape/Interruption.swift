import Dispatch
import Foundation
import Synchronization

/// Ctrl-C as a request rather than a kill, for long runs: the first SIGINT asks the running job to
/// stop after its current step, save its checkpoint and exit with status 130; a second one ends
/// the process at once.
enum Interruption {
    private static let requested = Atomic<Bool>(false)
    nonisolated(unsafe) private static var source: DispatchSourceSignal?

    /// Starts listening for SIGINT (instead of dying on it).
    static func install() {
        guard source == nil else { return }
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler {
            if requested.exchange(true, ordering: .relaxed) { exit(130) }
            FileHandle.standardError.write(Data("\nstopping after this step (Ctrl-C again to quit at once)\n".utf8))
        }
        source.resume()
        Interruption.source = source
    }

    /// Whether the user asked to stop.
    static var isRequested: Bool { requested.load(ordering: .relaxed) }
}
