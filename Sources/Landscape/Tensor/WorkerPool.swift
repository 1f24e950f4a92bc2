import Foundation
import Synchronization

/// Persistent worker threads that help the calling thread with the tasks of one parallel job.
///
/// Kernels split their work into tasks whose results do not depend on which thread runs them, so
/// every number is the same for any thread count. Tasks are claimed from one atomic word holding
/// the job's generation, its task count and the next task, so a worker that wakes late can never
/// run a task of a job that is over, and the caller never waits for a worker that took no task:
/// on a busy machine the caller simply runs the tasks itself. Idle workers spin briefly before
/// they sleep, because a training step issues jobs only microseconds apart.
public final class WorkerPool: @unchecked Sendable {
    /// The pool every kernel uses; size it with `setThreadCount(_:)`.
    public static let shared = WorkerPool(capacity: max(1, min(ProcessInfo.processInfo.activeProcessorCount, 64)))

    /// Most threads (the caller included) a job can use.
    public let capacity: Int

    private let active: Atomic<Int>
    /// generation (bits 40–63) | task count (bits 20–39) | next task (bits 0–19).
    private let claims = Atomic<UInt64>(0)
    private let completed = Atomic<Int>(0)
    private let sleepers = Atomic<Int>(0)
    private let busy = Atomic<Bool>(false)
    private let started = Atomic<Bool>(false)
    private let startLock = NSLock()
    private let sleepLock = NSCondition()
    private var generation: UInt64 = 0

    // Set by the caller before it publishes a job; valid until all the job's tasks have completed.
    private var job: ((Int) -> Void)?

    private static let taskBits: UInt64 = 20
    private static let taskMask: UInt64 = (1 << 20) - 1

    public init(capacity: Int) {
        self.capacity = max(1, capacity)
        active = Atomic(self.capacity)
    }

    /// Threads the next jobs use, the caller included.
    public var threadCount: Int { active.load(ordering: .relaxed) }

    /// Uses `n` threads (clamped to 1...capacity) from now on.
    public func setThreadCount(_ n: Int) {
        active.store(max(1, min(n, capacity)), ordering: .relaxed)
    }

    /// Runs `body(0) … body(tasks − 1)`, spread over the active threads, and returns when all are done.
    ///
    /// Tasks must write disjoint outputs. A nested call, or a call while another thread's job runs,
    /// executes its tasks on the calling thread.
    public func run(tasks: Int, _ body: (Int) -> Void) {
        guard threadCount > 1, tasks > 1, UInt64(tasks) <= WorkerPool.taskMask,
              busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged
        else {
            for t in 0..<tasks { body(t) }
            return
        }
        defer { busy.store(false, ordering: .releasing) }
        startWorkersIfNeeded()
        withoutActuallyEscaping(body) { escapable in
            job = escapable
            completed.store(0, ordering: .relaxed)
            generation = (generation + 1) & ((1 << 24) - 1)
            let word = generation << 40 | UInt64(tasks) << WorkerPool.taskBits
            claims.store(word, ordering: .sequentiallyConsistent)
            if sleepers.load(ordering: .sequentiallyConsistent) > 0 {
                sleepLock.lock()
                sleepLock.broadcast()
                sleepLock.unlock()
            }
            runTasks(of: generation)
            // The last tasks are microseconds from done; yield only if a worker seems descheduled.
            var spins = 0
            while completed.load(ordering: .acquiring) < tasks {
                spins += 1
                if spins > 1 << 16 { sched_yield() }
            }
            job = nil
        }
    }

    /// Claims and runs tasks of job `generation` until none is left.
    private func runTasks(of generation: UInt64) {
        var word = claims.load(ordering: .acquiring)
        while true {
            guard word >> 40 == generation else { return }
            let next = word & WorkerPool.taskMask
            guard next < (word >> WorkerPool.taskBits) & WorkerPool.taskMask else { return }
            let (exchanged, current) = claims.compareExchange(expected: word, desired: word + 1, ordering: .acquiringAndReleasing)
            guard exchanged else {
                word = current
                continue
            }
            job!(Int(next))
            completed.wrappingAdd(1, ordering: .releasing)
            word = claims.load(ordering: .acquiring)
        }
    }

    private func startWorkersIfNeeded() {
        guard !started.load(ordering: .acquiring) else { return }
        startLock.lock()
        defer { startLock.unlock() }
        guard !started.load(ordering: .acquiring) else { return }
        for index in 0..<(capacity - 1) {
            let thread = Thread { [unowned self] in self.workerLoop() }
            thread.name = "landscape-worker-\(index)"
            thread.start()
        }
        started.store(true, ordering: .releasing)
    }

    private func workerLoop() {
        var seen: UInt64 = 0
        while true {
            let generation = waitForJob(after: seen)
            seen = generation
            runTasks(of: generation)
        }
    }

    /// Spins for about 0.1 ms, then sleeps, until a job newer than `seen` is published; returns its generation.
    private func waitForJob(after seen: UInt64) -> UInt64 {
        let deadline = DispatchTime.now().uptimeNanoseconds + 100_000
        var spins = 0
        while true {
            let current = claims.load(ordering: .acquiring) >> 40
            if current != seen { return current }
            spins += 1
            if spins & 255 == 0, DispatchTime.now().uptimeNanoseconds > deadline { break }
        }
        sleepLock.lock()
        sleepers.wrappingAdd(1, ordering: .sequentiallyConsistent)
        var current = claims.load(ordering: .sequentiallyConsistent) >> 40
        while current == seen {
            sleepLock.wait()
            current = claims.load(ordering: .sequentiallyConsistent) >> 40
        }
        sleepers.wrappingSubtract(1, ordering: .sequentiallyConsistent)
        sleepLock.unlock()
        return current
    }
}

/// A value handed to the worker threads, which write disjoint parts of it (a buffer of results,
/// one per task).
struct UnsafeSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
