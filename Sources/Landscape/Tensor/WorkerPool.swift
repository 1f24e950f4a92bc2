import Foundation
import Synchronization

/// Persistent worker threads that share the parts of one parallel job at a time.
///
/// Kernels split their work into tasks whose results do not depend on which thread runs them, so
/// every number is the same for any thread count. Workers spin briefly between jobs before they
/// sleep: a training step issues jobs of 10–100 µs, too short to pay for waking a sleeping thread.
public final class WorkerPool: @unchecked Sendable {
    /// The pool every kernel uses; size it with `setThreadCount(_:)`.
    public static let shared = WorkerPool(capacity: max(1, min(ProcessInfo.processInfo.activeProcessorCount, 64)))

    /// Most threads (the caller included) a job can use.
    public let capacity: Int

    private let active: Atomic<Int>
    private let generation = Atomic<Int>(0)
    private let nextTask = Atomic<Int>(0)
    private let pendingWorkers = Atomic<Int>(0)
    private let busy = Atomic<Bool>(false)
    private let started = Atomic<Bool>(false)
    private let startLock = NSLock()
    private let sleepLock = NSCondition()

    // Written by the caller before `generation` is bumped, read by workers after they see the bump.
    private var job: ((Int) -> Void)?
    private var taskCount = 0
    private var participants = 0

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
        let threads = min(threadCount, tasks)
        guard threads > 1, busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else {
            for t in 0..<tasks { body(t) }
            return
        }
        defer { busy.store(false, ordering: .releasing) }
        startWorkersIfNeeded()
        withoutActuallyEscaping(body) { escapable in
            job = escapable
            taskCount = tasks
            participants = threads - 1
            nextTask.store(0, ordering: .relaxed)
            pendingWorkers.store(capacity - 1, ordering: .relaxed)
            sleepLock.lock()
            generation.wrappingAdd(1, ordering: .sequentiallyConsistent)
            sleepLock.broadcast()
            sleepLock.unlock()
            takeTasks()
            var spins = 0
            while pendingWorkers.load(ordering: .acquiring) > 0 {
                spins += 1
                if spins > 1 << 14 { sched_yield() }
            }
            job = nil
        }
    }

    private func takeTasks() {
        guard let job else { return }
        while true {
            let t = nextTask.wrappingAdd(1, ordering: .relaxed).oldValue
            if t >= taskCount { return }
            job(t)
        }
    }

    private func startWorkersIfNeeded() {
        guard !started.load(ordering: .acquiring) else { return }
        startLock.lock()
        defer { startLock.unlock() }
        guard !started.load(ordering: .acquiring) else { return }
        let current = generation.load(ordering: .acquiring)
        for index in 0..<(capacity - 1) {
            let thread = Thread { [unowned self] in self.workerLoop(index: index, seen: current) }
            thread.name = "landscape-worker-\(index)"
            thread.start()
        }
        started.store(true, ordering: .releasing)
    }

    private func workerLoop(index: Int, seen initial: Int) {
        var seen = initial
        while true {
            waitForJob(after: seen)
            seen = generation.load(ordering: .acquiring)
            if index < participants { takeTasks() }
            pendingWorkers.wrappingSubtract(1, ordering: .releasing)
        }
    }

    /// Spins for about 0.2 ms, then sleeps until the next job is posted.
    private func waitForJob(after seen: Int) {
        let deadline = DispatchTime.now().uptimeNanoseconds + 200_000
        var spins = 0
        while generation.load(ordering: .acquiring) == seen {
            spins += 1
            if spins & 255 == 0, DispatchTime.now().uptimeNanoseconds > deadline {
                sleepLock.lock()
                while generation.load(ordering: .acquiring) == seen { sleepLock.wait() }
                sleepLock.unlock()
                return
            }
        }
    }
}
