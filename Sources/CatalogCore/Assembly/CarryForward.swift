/// Which capture of each source is in force on each date: the policy that a failed or
/// partial source never removes models, as a pure state machine. The build feeds it each
/// date's results in date order (``apply(_:_:)``) and assembles the version from what it
/// returns; nothing here reads a file.
///
/// For each source, on each date:
/// - **parsed** (a whole list): the capture is in force, alone;
/// - **partial** (a first page only): the capture is in force, and the models it lacks keep
///   the capture they came from (a partial list never removes a model);
/// - **failed** (unreadable, refused, implausible): the last good capture carries forward,
///   reported *stale*; with none, the source is *failed* and contributes nothing;
/// - **absent** (no capture that date): the last capture carries forward, *stale*;
/// - **no parser yet**: reported, contributes nothing.
/// A model disappears only when a whole, fresh list no longer has it.
package struct CarryForward: Sendable {
    /// What reading one capture gave.
    package enum Result: Sendable {
        /// Parsed, not yet checked: ``apply(_:_:)`` runs ``ReadingCheck/verify(_:previous:file:)``
        /// against the source's observations in force.
        case parsed(ParsedCapture, sha256: String?, bytes: Int)
        case failed(CaptureError, bytes: Int)
        /// A page the project has no parser for yet.
        case noParser(sha256: String?, bytes: Int)
    }

    /// One source's result on a date.
    package struct Capture: Sendable {
        /// The capture's path within a snapshot (`openai/models.json`).
        package var path: String
        /// How errors name it (`2026-07-28/openai/models.json`).
        package var display: String
        package var result: Result

        package init(path: String, display: String, result: Result) {
            self.path = path
            self.display = display
            self.result = result
        }
    }

    /// The observations one capture contributes, with an id that changes whenever they do.
    package struct Part: Sendable {
        package var date: CalendarDate
        package var observations: [Observation]
        package var id: Int
    }

    /// A source's captures in force: the newest first, then the older ones still contributing
    /// the models a partial list lacks.
    package struct Holding: Sendable {
        package var parts: [Part]
        package var sha256: String?
        package var bytes: Int?
        package var partialReason: String?
        package var date: CalendarDate { parts[0].date }
    }

    package private(set) var holdings: [String: Holding] = [:]
    private var unparsedPages: [String: (date: CalendarDate, sha256: String?, bytes: Int)] = [:]
    private var nextPartID = 0

    package init() {}

    /// What a version is made of after applying a date's results.
    package struct Outcome: Sendable {
        /// Every capture in force, for ``VersionAssembler``.
        package var inputs: [VersionAssembler.Input]
        /// One report per source, sorted by capture path.
        package var reports: [SourceReport]
        /// The warnings and errors of the date's captures.
        package var diagnostics: [Diagnostic]
    }

    /// Applies the results of the captures of `date` (in any order; a source may be absent).
    /// - Complexity: O(*n*) in the number of observations in force.
    package mutating func apply(_ date: CalendarDate, _ captures: [Capture]) -> Outcome {
        var diagnostics: [Diagnostic] = []
        var reports: [String: SourceReport] = [:]
        for capture in captures {
            let path = capture.path
            var result = capture.result
            if case .parsed(let parsed, let sha256, let bytes) = result {
                // Prices are checked before they become truth: a reading that fails is a failed capture.
                do {
                    let previous = holdings[path]?.parts.flatMap(\.observations)
                    result = .parsed(
                        try ReadingCheck.verify(parsed, previous: previous, file: capture.display), sha256: sha256, bytes: bytes)
                } catch {
                    result = .failed(error, bytes: bytes)
                }
            }
            switch result {
            case .noParser(let sha256, let bytes):
                unparsedPages[path] = (date, sha256, bytes)
            case .parsed(let parsed, let sha256, let bytes):
                diagnostics += parsed.diagnostics
                var holding = Holding(parts: [part(date, parsed.observations)], sha256: sha256, bytes: bytes, partialReason: nil)
                if case .partial(let reason) = parsed.completeness {
                    holding.partialReason = reason
                    if let earlier = holdings[path] {
                        var listed = Set(parsed.observations.map(\.providerModelID))
                        for part in earlier.parts {
                            let carried = part.observations.filter { !listed.contains($0.providerModelID) }
                            listed.formUnion(carried.map(\.providerModelID))
                            if carried.count == part.observations.count {
                                holding.parts.append(part)
                            } else if !carried.isEmpty {
                                holding.parts.append(self.part(part.date, carried))
                            }
                        }
                    }
                }
                holdings[path] = holding
            case .failed(let error, let bytes):
                diagnostics.append(error.diagnostic)
                if let earlier = holdings[path] {
                    reports[path] = SourceReport(
                        capturePath: path, state: .stale, captureDate: earlier.date, staleDays: earlier.date.days(until: date),
                        contributingDates: earlier.parts.map(\.date), sha256: earlier.sha256, bytes: earlier.bytes,
                        modelCount: earlier.parts.reduce(0) { $0 + $1.observations.count },
                        message:
                            "the capture of \(date) failed (\(error.message)); the capture of \(earlier.date) carries forward")
                } else {
                    reports[path] = SourceReport(
                        capturePath: path, state: .failed, captureDate: nil, sha256: nil, bytes: bytes, modelCount: 0,
                        message: error.message)
                }
            }
        }

        var inputs: [VersionAssembler.Input] = []
        for (path, holding) in holdings {
            for part in holding.parts {
                inputs.append(
                    VersionAssembler.Input(
                        capturePath: path, captureDate: part.date, observations: part.observations, partID: part.id))
            }
            if reports[path] != nil { continue }
            let count = holding.parts.reduce(0) { $0 + $1.observations.count }
            let fresh = holding.date == date
            let state: SourceState = !fresh ? .stale : (holding.partialReason != nil ? .partial : .parsed)
            reports[path] = SourceReport(
                capturePath: path, state: state, captureDate: holding.date,
                staleDays: fresh ? nil : holding.date.days(until: date),
                contributingDates: holding.parts.map(\.date), sha256: holding.sha256, bytes: holding.bytes, modelCount: count,
                message: fresh ? holding.partialReason : "no capture on \(date); the capture of \(holding.date) carries forward")
        }
        for (path, page) in unparsedPages where reports[path] == nil {
            reports[path] = SourceReport(
                capturePath: path, state: .notParsedYet, captureDate: page.date,
                staleDays: page.date == date ? nil : page.date.days(until: date),
                contributingDates: [page.date], sha256: page.sha256, bytes: page.bytes, modelCount: 0,
                message: "no parser for this page yet")
        }
        return Outcome(
            inputs: inputs, reports: reports.values.sorted { $0.capturePath < $1.capturePath }, diagnostics: diagnostics)
    }

    /// Puts back a source as a stored version left it, without replaying its history: its
    /// captures in force (newest first), each with the observations it still contributes.
    package mutating func restore(
        path: String, parts: [(date: CalendarDate, observations: [Observation])], sha256: String?, bytes: Int?,
        partialReason: String?
    ) {
        guard !parts.isEmpty else { return }
        holdings[path] = Holding(
            parts: parts.map { part($0.date, $0.observations) }, sha256: sha256, bytes: bytes, partialReason: partialReason)
    }

    /// Puts back a page without a parser as a stored version left it.
    package mutating func restoreUnparsed(path: String, date: CalendarDate, sha256: String?, bytes: Int) {
        unparsedPages[path] = (date, sha256, bytes)
    }

    private mutating func part(_ date: CalendarDate, _ observations: [Observation]) -> Part {
        nextPartID += 1
        return Part(date: date, observations: observations, id: nextPartID)
    }
}
