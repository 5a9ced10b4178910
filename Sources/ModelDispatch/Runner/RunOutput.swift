import CatalogCore
public import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Trouble with a run's files: the output cannot be read or written, or another run holds it.
public struct RunFileError: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var message: String

    public init(file: String, line: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String { "\(file)\(line.map { ":\($0)" } ?? ""): \(message)" }

    /// A system call on `file` that failed: what could not be done, and the system's reason (`errno`).
    static func system(_ file: String, _ failed: String) -> RunFileError {
        RunFileError(file: file, message: "\(failed): \(String(cString: strerror(errno)))")
    }
}

/// What an output file already holds: the ids with a result, and what they cost.
struct ExistingResults {
    var ids: Set<String> = []
    /// The sum of every result's `cost_usd`.
    var spent: Decimal = 0
    /// Result lines read.
    var lines = 0
    /// Bytes of a last line cut short by a crash (dropped from the file), or 0.
    var tornBytes = 0

    /// Reads `path` (absent is empty) and, when `dropTorn`, cuts off a torn last line.
    /// - Throws: ``RunFileError`` for a whole line that is not a result (the file is left as it is).
    static func read(path: String, dropTorn: Bool = true) throws(RunFileError) -> ExistingResults {
        var results = ExistingResults()
        guard FileManager.default.fileExists(atPath: path) else { return results }
        var reader = try LineReader.reading(path)
        defer { reader.close() }
        var validEnd: Int64 = 0
        while let (bytes, terminated) = reader.next() {
            guard terminated else {
                results.tornBytes = bytes.count
                break
            }
            validEnd = reader.offset
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0D }) { continue }
            guard let root = try? JSONDocument(bytes: Array(bytes)).root, let id = root["id"]?.string,
                root["status"]?.string != nil
            else {
                throw RunFileError(
                    file: path, line: reader.lineNumber,
                    message: "not a result line (a JSON object with \"id\" and \"status\"): is this the output of a run?")
            }
            results.ids.insert(id)
            if let cost = root["cost_usd"]?.string.flatMap({ Decimal(string: $0, locale: Locale(identifier: "en_US_POSIX")) }) {
                results.spent += cost
            }
            results.lines += 1
        }
        if dropTorn, results.tornBytes > 0, truncate(path, off_t(validEnd)) != 0 {
            throw RunFileError.system(path, "cannot drop the torn last line")
        }
        return results
    }
}

/// The results a check read, kept for the run that follows it while the file is unchanged
/// (the same size and modification time), so that a resume reads its output once.
final class ResultsCache: @unchecked Sendable {
    private let lock = NSLock()
    private var kept: (path: String, stamp: [Int], results: ExistingResults)?

    private static func stamp(_ path: String) -> [Int]? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        return [Int(status.st_size), Int(status.st_mtim.tv_sec), Int(status.st_mtim.tv_nsec), Int(status.st_ino)]
    }

    /// The results of `path`, read now or kept from the last read of the same file.
    func read(path: String, dropTorn: Bool) throws(RunFileError) -> ExistingResults {
        let stamp = ResultsCache.stamp(path)
        if let stamp, let kept = lock.withLock({ kept }), kept.path == path, kept.stamp == stamp,
            !dropTorn || kept.results.tornBytes == 0
        {
            return kept.results
        }
        let results = try ExistingResults.read(path: path, dropTorn: dropTorn)
        if let stamp = ResultsCache.stamp(path), results.tornBytes == 0 {
            lock.withLock { kept = (path, stamp, results) }
        }
        return results
    }
}

/// Appends lines to a file, each with one `write` (a crash leaves at most the last one torn).
final class LineAppender {
    let path: String
    private let descriptor: Int32

    init(path: String) throws(RunFileError) {
        descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        self.path = path
        guard descriptor >= 0 else {
            throw RunFileError.system(path, "cannot be written")
        }
    }

    deinit { close(descriptor) }

    func append(_ line: [UInt8]) throws(RunFileError) {
        var bytes = line
        bytes.append(0x0A)
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + written, bytes.count - written) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else {
                throw RunFileError.system(path, "cannot be written")
            }
            written += count
        }
    }
}

/// The lock that keeps two runs off one output, and the journal of requests started: held (with
/// `flock`) on `OUTPUT.lock` for the whole run and removed at its end. A lock file left behind
/// means the last run was killed; the ids it lists without a result were in flight then, and
/// are sent again.
final class RunJournal {
    let path: String
    /// Holds the lock.
    private let descriptor: Int32
    /// Writes the journal.
    private let appender: LineAppender
    /// Ids the killed run had started (read when the lock was taken).
    let startedBefore: [String]

    init(output: String) throws(RunFileError) {
        path = output + ".lock"
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw RunFileError.system(path, "cannot be created")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw RunFileError(
                file: output, message: "another run is writing this output (it holds \(path)); wait for it or stop it")
        }
        var started: [String] = []
        if var reader = LineReader(path: path) {
            while let (bytes, terminated) = reader.next() {
                guard terminated, let id = try? JSONDocument(bytes: Array(bytes)).root.string else { continue }
                started.append(id)
            }
            reader.close()
        }
        startedBefore = started
        guard ftruncate(descriptor, 0) == 0 else {
            close(descriptor)
            throw RunFileError.system(path, "cannot be emptied")
        }
        do { appender = try LineAppender(path: path) } catch {
            close(descriptor)
            throw error
        }
    }

    /// Notes that `id` is about to be sent (a journal line that cannot be written costs only the
    /// count of requests sent again after a kill).
    func started(_ id: String) { try? appender.append(JSONOutput.string(id).utf8()) }

    /// The run ended with nothing in flight: the journal goes, and the lock with it.
    func finish() {
        unlink(path)
        close(descriptor)
    }

    /// The run ends with the journal kept (it could not be finished cleanly).
    func release() { close(descriptor) }
}
