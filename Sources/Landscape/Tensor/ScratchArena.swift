import Foundation

/// Grow-only scratch memory private to each thread, for the packed panels of matrix products: a
/// product in a loop then allocates nothing, and never maps (and page-faults) fresh memory.
final class ScratchArena {
    /// Independent regions, so one product can hold several buffers at once.
    enum Slot: Int, CaseIterable {
        case right, left, tile
    }

    private var buffers: [(pointer: UnsafeMutableRawPointer, bytes: Int)?] = Array(repeating: nil, count: Slot.allCases.count)

    deinit {
        for case let buffer? in buffers { buffer.pointer.deallocate() }
    }

    /// At least `count` elements of `T` in `slot`; the contents are undefined.
    func buffer<T>(_ slot: Slot, count: Int, of _: T.Type = T.self) -> UnsafeMutablePointer<T> {
        let bytes = max(count, 1) * MemoryLayout<T>.stride
        if let existing = buffers[slot.rawValue], existing.bytes >= bytes {
            return existing.pointer.assumingMemoryBound(to: T.self)
        }
        buffers[slot.rawValue]?.pointer.deallocate()
        let size = max(bytes, (buffers[slot.rawValue]?.bytes ?? 0) * 2)
        let pointer = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 64)
        buffers[slot.rawValue] = (pointer, size)
        return pointer.bindMemory(to: T.self, capacity: size / MemoryLayout<T>.stride)
    }

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key) { arena in
            if let arena { Unmanaged<ScratchArena>.fromOpaque(arena).release() }
        }
        return key
    }()

    /// The calling thread's arena.
    static var current: ScratchArena {
        if let existing = pthread_getspecific(key) {
            return Unmanaged<ScratchArena>.fromOpaque(existing).takeUnretainedValue()
        }
        let arena = ScratchArena()
        pthread_setspecific(key, Unmanaged.passRetained(arena).toOpaque())
        return arena
    }
}
