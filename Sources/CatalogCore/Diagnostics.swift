/// A problem found while reading a capture: where it is and what was expected.
///
/// Recoverable problems (a bad row, a missing field, an unknown unit) are warnings and the
/// rest of the capture is still read. A capture that cannot be read at all is an error for
/// that source only; other sources are unaffected.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
    public enum Severity: String, Hashable, Sendable, Comparable {
        case note, warning, error
        public static func < (lhs: Severity, rhs: Severity) -> Bool {
            let order: [Severity] = [.note, .warning, .error]
            return order.firstIndex(of: lhs)! < order.firstIndex(of: rhs)!
        }
    }

    public var severity: Severity
    /// The file, relative to the repository (`snapshots/2025-05-21/openai/models.json`).
    public var file: String
    /// The place in it (`$.data[3].pricing.prompt`, `line 12, column 5`), when known.
    public var locator: String?
    /// What was wrong and what was expected.
    public var message: String

    public init(_ severity: Severity, file: String, at locator: String? = nil, _ message: String) {
        self.severity = severity
        self.file = file
        self.locator = locator
        self.message = message
    }

    /// `file: locator: severity: message`, the form compilers use, with control characters
    /// escaped (``SafeText/escaped(_:)``).
    public var description: String {
        var text = file
        if let locator { text += ": " + locator }
        return SafeText.escaped(text + ": " + severity.rawValue + ": " + message)
    }
}

/// The error for a whole capture that cannot be read: not JSON, the wrong shape, too large,
/// a challenge page instead of content. Names the file, the place and what was expected.
public struct CaptureError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(_ rawValue: String) { self.rawValue = rawValue }
        /// The capture is empty.
        public static let empty = Code("empty")
        /// The capture is larger than the source allows.
        public static let tooLarge = Code("too_large")
        /// The bytes are not valid JSON (truncated, binary, HTML).
        public static let malformed = Code("malformed")
        /// Valid syntax, but not the structure the source's parser reads.
        public static let unexpectedShape = Code("unexpected_shape")
        /// A bot-challenge, login or error page served instead of content.
        public static let notContent = Code("not_content")
        /// The file cannot be read.
        public static let unreadable = Code("unreadable")
        /// The bytes differ from the checksum in the snapshot manifest.
        public static let checksumMismatch = Code("checksum_mismatch")
        /// A page that does not end where a complete one does, holds a NUL byte, or stopped
        /// the HTML parser early (nesting too deep, a text node too large).
        public static let truncated = Code("truncated")
        /// A file of the snapshot is a symbolic link, a device, a FIFO or a directory.
        public static let notRegularFile = Code("not_regular_file")
        /// Read, but the prices fail checks every reading of the source passes (output below
        /// input for nearly every model, most prices moving threefold at once).
        public static let implausible = Code("implausible")
        public var description: String { rawValue }
    }

    public var code: Code
    public var file: String
    public var locator: String?
    public var message: String

    public init(_ code: Code, file: String, at locator: String? = nil, _ message: String) {
        self.code = code
        self.file = file
        self.locator = locator
        self.message = message
    }

    public var description: String {
        var text = file
        if let locator { text += ": " + locator }
        return SafeText.escaped(text + ": " + message)
    }

    /// The error as a diagnostic of severity `error`.
    public var diagnostic: Diagnostic { Diagnostic(.error, file: file, at: locator, message) }
}
