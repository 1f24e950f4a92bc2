import Dispatch
import Foundation
import Synchronization

/// Ctrl-C, or SIGTERM (what Slurm sends at a job's time limit and on scancel), as a request rather
/// than a kill, for long runs: the first signal asks the running job to stop after its current
/// step, save its checkpoint or part and exit with status 128 + the signal (130, 143); a second one
/// ends the process at once.
enum Interruption {
    private static let received = Atomic<Int32>(0)
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []

    /// Starts listening for SIGINT and SIGTERM (instead of dying on them).
    static func install() {
        guard sources.isEmpty else { return }
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                let (exchanged, _) = received.compareExchange(expected: 0, desired: number, ordering: .relaxed)
                if !exchanged { exit(128 + number) }
                let how = number == SIGINT ? "Ctrl-C" : "SIGTERM"
                FileHandle.standardError.write(Data("\nstopping after this step (\(how) again to quit at once)\n".utf8))
            }
            source.resume()
            sources.append(source)
        }
    }

    /// Whether the user (or the scheduler) asked to stop.
    static var isRequested: Bool { received.load(ordering: .relaxed) != 0 }

    /// The exit status of a stopped job: 128 + the signal that stopped it (130 for Ctrl-C).
    static var exitStatus: Int32 { 128 + (isRequested ? received.load(ordering: .relaxed) : SIGINT) }
}
