/// A problem found while reading a capture: where it is and what was expected.
///
/// Recoverable problems (a bad row, a missing field, an unknown unit) are warnings and the
/// rest of the capture is still read. A capture that cannot be read at all is an error for
/// that source only; other sources are unaffected.
package struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
    package enum Severity: String, Hashable, Sendable, Comparable {
        case note, warning, error
        package static func < (lhs: Severity, rhs: Severity) -> Bool {
            let order: [Severity] = [.note, .warning, .error]
            return order.firstIndex(of: lhs)! < order.firstIndex(of: rhs)!
        }
    }

    package var severity: Severity
    /// The file, relative to the repository (`snapshots/2025-05-21/openai/models.json`).
    package var file: String
    /// The place in it (`$.data[3].pricing.prompt`, `line 12, column 5`), when known.
    package var locator: String?
    /// What was wrong and what was expected.
    package var message: String

    package init(_ severity: Severity, file: String, at locator: String? = nil, _ message: String) {
        self.severity = severity
        self.file = file
        self.locator = locator
        self.message = message
    }

    /// `file: locator: severity: message`, the form compilers use, with control characters
    /// escaped (``SafeText/escaped(_:)``).
    package var description: String {
        var text = file
        if let locator { text += ": " + locator }
        return SafeText.escaped(text + ": " + severity.rawValue + ": " + message)
    }
}

/// The error for a whole capture that cannot be read: not JSON, the wrong shape, too large,
/// a challenge page instead of content. Names the file, the place and what was expected.
package struct CaptureError: Error, Hashable, Sendable, CustomStringConvertible {
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        package let rawValue: String
        package init(_ rawValue: String) { self.rawValue = rawValue }
        /// The capture is empty.
        package static let empty = Code("empty")
        /// The capture is larger than the source allows.
        package static let tooLarge = Code("too_large")
        /// The bytes are not valid JSON (truncated, binary, HTML).
        package static let malformed = Code("malformed")
        /// Valid syntax, but not the structure the source's parser reads.
        package static let unexpectedShape = Code("unexpected_shape")
        /// A bot-challenge, login or error page served instead of content.
        package static let notContent = Code("not_content")
        /// The file cannot be read.
        package static let unreadable = Code("unreadable")
        /// The bytes differ from the checksum in the snapshot manifest.
        package static let checksumMismatch = Code("checksum_mismatch")
        /// A page that does not end where a complete one does, holds a NUL byte, or stopped
        /// the HTML parser early (nesting too deep, a text node too large).
        package static let truncated = Code("truncated")
        /// A file of the snapshot is a symbolic link, a device, a FIFO or a directory.
        package static let notRegularFile = Code("not_regular_file")
        /// Read, but the prices fail checks every reading of the source passes (output below
        /// input for nearly every model, most prices moving threefold at once).
        package static let implausible = Code("implausible")
        package var description: String { rawValue }
    }

    package var code: Code
    package var file: String
    package var locator: String?
    package var message: String

    package init(_ code: Code, file: String, at locator: String? = nil, _ message: String) {
        self.code = code
        self.file = file
        self.locator = locator
        self.message = message
    }

    package var description: String {
        var text = file
        if let locator { text += ": " + locator }
        return SafeText.escaped(text + ": " + message)
    }

    /// The error as a diagnostic of severity `error`.
    package var diagnostic: Diagnostic { Diagnostic(.error, file: file, at: locator, message) }
}
