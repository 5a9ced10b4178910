public import Foundation

/// The time dispatch runs on: a monotonic clock in seconds for limits, waits and latency, and the
/// wall-clock date for what providers state as dates (an RFC 3339 reset, an HTTP-date
/// `Retry-After`, a model's shutdown date). Injected everywhere; tests use ``ManualClock``.
public protocol DispatchClock: Sendable {
    /// Seconds since an arbitrary start, never going back.
    var now: Double { get }
    /// The wall-clock time.
    var date: Date { get }
    /// Returns at `deadline` (in ``now``'s seconds) or later; throws when the task is cancelled.
    func sleep(until deadline: Double) async throws
}

/// The system's clocks: `ContinuousClock` and `Date()`.
public struct SystemClock: DispatchClock {
    private let start = ContinuousClock.now

    public init() {}

    public var now: Double {
        let elapsed = start.duration(to: ContinuousClock.now).components
        return Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18
    }

    public var date: Date { Date() }

    public func sleep(until deadline: Double) async throws {
        let wait = deadline - now
        guard wait > 0 else { return }
        try await Task.sleep(for: .nanoseconds(Int64((wait * 1e9).rounded(.up))))
    }
}

/// A clock that moves only when told to (``advance(by:)``): sleepers wake when it passes their
/// deadline. For tests that must never sleep.
public final class ManualClock: DispatchClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Double = 0
    private let origin: Date
    private var sleepers: [(id: Int, deadline: Double, continuation: CheckedContinuation<Void, any Error>)] = []
    private var nextID = 0

    /// A clock at 0 whose wall-clock time is `origin`.
    public init(origin: Date = Date(timeIntervalSince1970: 1_796_083_200)) { self.origin = origin }

    public var now: Double { lock.withLock { current } }
    public var date: Date { lock.withLock { origin.addingTimeInterval(current) } }

    /// Sleepers waiting now.
    public var sleeping: Int { lock.withLock { sleepers.count } }

    /// The earliest deadline anyone sleeps until.
    public var nextDeadline: Double? { lock.withLock { sleepers.map(\.deadline).min() } }

    public func sleep(until deadline: Double) async throws {
        try Task.checkCancellation()
        let id = lock.withLock {
            nextID += 1
            return nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                lock.lock()
                if deadline <= current || Task.isCancelled {
                    lock.unlock()
                    if Task.isCancelled { continuation.resume(throwing: CancellationError()) } else { continuation.resume() }
                } else {
                    sleepers.append((id, deadline, continuation))
                    lock.unlock()
                }
            }
        } onCancel: {
            lock.lock()
            let found = sleepers.firstIndex { $0.id == id }.map { sleepers.remove(at: $0) }
            lock.unlock()
            found?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Moves time forward and wakes every sleeper whose deadline has come.
    public func advance(by seconds: Double) {
        lock.lock()
        current += seconds
        let due = sleepers.filter { $0.deadline <= current }
        sleepers.removeAll { $0.deadline <= current }
        lock.unlock()
        for sleeper in due { sleeper.continuation.resume() }
    }
}
