import CatalogCore
import Foundation

/// Shared reading of JSON model-list captures: size and syntax checks, the array of
/// records, ids, duplicates, and typed fields with warnings that name the place.
struct JSONModelList {
    let file: String
    let document: JSONDocument
    var diagnostics: [Diagnostic] = []
    /// Entries skipped because they could not be read: models missing from the reading are
    /// then not taken as removed.
    var skipped = 0

    /// Parses `bytes`, refusing empty, oversized, HTML and malformed input with a clear error.
    init(_ bytes: [UInt8], file: String, maximumBytes: Int = 32 << 20) throws(CaptureError) {
        self.file = file
        guard !bytes.isEmpty else {
            throw CaptureError(.empty, file: file, "the capture is empty (0 bytes): expected a JSON model list")
        }
        guard bytes.count <= maximumBytes else {
            throw CaptureError(
                .tooLarge, file: file,
                "the capture is \(bytes.count) bytes, more than the \(maximumBytes) bytes a model list may have")
        }
        if let page = JSONModelList.htmlPrefix(bytes) {
            throw CaptureError(.notContent, file: file, at: "line 1", "expected a JSON model list, found an HTML page (\(page))")
        }
        do {
            self.document = try JSONDocument(bytes: bytes)
        } catch {
            throw CaptureError(
                .malformed, file: file, at: "line \(error.line), column \(error.column)",
                "not valid JSON: \(error.message)")
        }
        for duplicate in document.duplicateKeys {
            let (locator, message) = document.describe(duplicate)
            warn(at: locator, message + "; neither value is read")
        }
    }

    private static func htmlPrefix(_ bytes: [UInt8]) -> String? {
        var start = 0
        while start < bytes.count, [0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains(bytes[start]) { start += 1 }
        let head = String(decoding: bytes[start..<min(bytes.count, start + 15)], as: UTF8.self).lowercased()
        if head.hasPrefix("<!doctype html") { return "<!DOCTYPE html>" }
        if head.hasPrefix("<html") { return "<html>" }
        return nil
    }

    var root: JSONValue { document.root }

    /// The array at `path` (`data`, `models`; empty for the root itself), or an error naming
    /// what was found instead.
    func array(at path: String) throws(CaptureError) -> [JSONValue] {
        let value = path.isEmpty ? root : JSONModelList.lookup(root, path)
        let place = path.isEmpty ? "$" : "$." + path
        guard let value else {
            let found = root.kind == .object ? "an object with keys " + JSONModelList.keyList(root) : root.kind.description
            throw CaptureError(.unexpectedShape, file: file, at: place, "expected an array of models at \(place), found \(found)")
        }
        guard let elements = value.array else {
            throw CaptureError(
                .unexpectedShape, file: file, at: place, "expected an array of models at \(place), found \(value.kind)")
        }
        return elements
    }

    static func keyList(_ value: JSONValue) -> String {
        let keys = value.keys
        let shown = keys.prefix(6).map { "\"\($0)\"" }.joined(separator: ", ")
        return keys.count > 6 ? shown + ", …" : (keys.isEmpty ? "(none)" : shown)
    }

    static func lookup(_ value: JSONValue, _ path: String) -> JSONValue? {
        guard path.utf8.contains(UInt8(ascii: ".")) else { return value[path] }
        var current: JSONValue? = value
        for part in path.split(separator: ".") {
            current = current?[String(part)]
        }
        return current
    }

    /// The records of `elements` that are objects with a string id under `idKey`; others are
    /// skipped with a warning. Each record gets a locator by id
    /// (`$.data[?@.id=='gpt-4o']`, RFC 9535), or by index when the id repeats.
    mutating func records(
        _ elements: [JSONValue], arrayPath: String, idKey: String = "id",
        id transform: (String) -> String? = { $0 }
    ) -> [RecordReader] {
        let base = arrayPath.isEmpty ? "$" : "$." + arrayPath
        var readers: [RecordReader] = []
        readers.reserveCapacity(elements.count)
        var firstIndex: [String: Int] = [:]
        for (index, element) in elements.enumerated() {
            let place = base + "[\(index)]"
            guard element.kind == .object else {
                warn(at: place, "skipped: expected a model object, found \(element.kind)")
                skipped += 1
                continue
            }
            guard let raw = element[idKey]?.string, !raw.isEmpty else {
                warn(at: place, "skipped: the model has no string \"\(idKey)\"")
                skipped += 1
                continue
            }
            if let problem = Identifier.problem(raw) {
                warn(at: place + "." + idKey, "skipped: the id \(problem)")
                skipped += 1
                continue
            }
            guard let id = transform(raw) else {
                warn(at: place + "." + idKey, "skipped: \"\(raw)\" is not a model id of the expected form")
                skipped += 1
                continue
            }
            let locator: String
            if let first = firstIndex[id] {
                locator = place
                warn(at: place, "the id \"\(id)\" appears again (first at \(base)[\(first)]); the facts of both entries are kept")
            } else {
                firstIndex[id] = index
                locator = base + "[?@." + idKey + "=='" + JSONModelList.escapeQuoted(raw) + "']"
            }
            readers.append(RecordReader(id: id, locator: locator, value: element, file: file))
        }
        return readers
    }

    static func escapeQuoted(_ text: String) -> String {
        text.contains("'") || text.contains("\\")
            ? text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") : text
    }

    mutating func warn(at place: String, _ message: String) {
        diagnostics.append(Diagnostic(.warning, file: file, at: place, message))
    }

    /// Collects the readers' observations and warnings. Entries skipped as unreadable make the
    /// reading partial: the models they held are not reported as removed.
    mutating func finish(_ readers: [RecordReader], completeness: Completeness = .complete) -> ParsedCapture {
        var completeness = completeness
        if skipped > 0, case .complete = completeness {
            completeness = .partial("\(skipped) entr\(skipped == 1 ? "y" : "ies") could not be read")
        }
        var observations: [Observation] = []
        observations.reserveCapacity(readers.count)
        for reader in readers {
            observations.append(reader.observation)
            diagnostics.append(contentsOf: reader.diagnostics)
        }
        return ParsedCapture(observations: observations, diagnostics: diagnostics, completeness: completeness)
    }
}

/// Reads typed fields of one model record into facts, warning (with the place) when a field
/// has the wrong type instead of guessing.
struct RecordReader {
    let value: JSONValue
    let file: String
    var observation: Observation
    var diagnostics: [Diagnostic] = []

    init(id: String, locator: String, value: JSONValue, file: String) {
        self.value = value
        self.file = file
        self.observation = Observation(providerModelID: id, locator: locator)
    }

    var id: String { observation.providerModelID }

    /// The value at a dotted path, or `nil` when absent or `null`. A step of the path that is
    /// present but not an object (`"pricing": -1`) is warned about once, naming it: every field
    /// under it is missing for a reason, not silently.
    mutating func raw(_ path: String) -> JSONValue? {
        guard path.utf8.contains(UInt8(ascii: ".")) else {
            guard let found = value[path], !found.isNull else { return nil }
            return found
        }
        var current = value
        var walked = ""
        for part in path.split(separator: ".") {
            if !walked.isEmpty {
                guard current.kind == .object else {
                    if !current.isNull, !wrongShapes.contains(walked) {
                        wrongShapes.insert(walked)
                        warn(walked, "expected an object, found \(current.kind); the fields under it are not read")
                    }
                    return nil
                }
                walked += "."
            }
            walked += part
            guard let next = current[String(part)] else { return nil }
            current = next
        }
        return current.isNull ? nil : current
    }
    private var wrongShapes: Set<String> = []

    mutating func warn(_ path: String, _ message: String) {
        diagnostics.append(Diagnostic(.warning, file: file, at: observation.locator + "." + path, message))
    }

    mutating func note(_ path: String, _ message: String) {
        diagnostics.append(Diagnostic(.note, file: file, at: observation.locator + "." + path, message))
    }

    mutating func has(_ path: String) -> Bool { raw(path) != nil }

    /// The members of the object at `path`; empty when absent, with a warning when the value
    /// there is not an object.
    mutating func members(_ path: String) -> [(key: String, value: JSONValue)] {
        guard let found = raw(path) else { return [] }
        guard let members = found.members else {
            warn(path, "expected an object, found \(found.kind); ignored")
            return []
        }
        return members
    }

    /// The elements of the array at `path`; `nil` when absent, with a warning when the value
    /// there is not an array.
    mutating func elements(_ path: String) -> [JSONValue]? {
        guard let found = raw(path) else { return nil }
        guard let elements = found.array else {
            warn(path, "expected an array, found \(found.kind); ignored")
            return nil
        }
        return elements
    }

    mutating func string(_ path: String) -> String? {
        guard let found = raw(path) else { return nil }
        guard let text = found.string else {
            warn(path, "expected a string, found \(found.kind); ignored")
            return nil
        }
        return text
    }

    mutating func int(_ path: String) -> Int? {
        guard let found = raw(path) else { return nil }
        guard let number = found.int else {
            warn(path, "expected a whole number, found \(found.numberText ?? found.kind.description); ignored")
            return nil
        }
        return number
    }

    mutating func bool(_ path: String) -> Bool? {
        guard let found = raw(path) else { return nil }
        guard let flag = found.bool else {
            warn(path, "expected true or false, found \(found.kind); ignored")
            return nil
        }
        return flag
    }

    mutating func decimal(_ path: String) -> Decimal? {
        guard let found = raw(path) else { return nil }
        if let number = found.decimal { return number }
        if let text = found.string, let number = DecimalLiteral.parse(text.trimmingCharacters(in: .whitespaces)) { return number }
        warn(path, "expected a number, found \(found.kind); ignored")
        return nil
    }

    mutating func strings(_ path: String) -> [String] {
        guard let found = raw(path) else { return [] }
        guard let elements = found.array else {
            warn(path, "expected an array of strings, found \(found.kind); ignored")
            return []
        }
        var result: [String] = []
        for (index, element) in elements.enumerated() {
            if let text = element.string {
                result.append(text)
            } else {
                warn(path + "[\(index)]", "expected a string, found \(element.kind); ignored")
            }
        }
        return result
    }

    mutating func add(_ field: FactField, _ value: FactValue, at path: String) {
        observation.add(field, value, at: path)
    }

    mutating func addText(_ field: FactField, from path: String) {
        if let text = string(path)?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty {
            add(field, .text(text), at: path)
        }
    }

    /// Adds a positive whole number; zero and negative values mean "not stated" in these APIs.
    mutating func addCount(_ field: FactField, from path: String) {
        if let number = int(path) {
            if number > 0 { add(field, .integer(number), at: path) }
        }
    }

    /// Adds the UTC day of a Unix timestamp in seconds; 0 means "not stated".
    mutating func addUnixDate(_ field: FactField, from path: String) {
        if let seconds = int(path), seconds > 0 {
            add(field, .date(CalendarDate(unixSeconds: Int64(seconds))), at: path)
        }
    }

    /// Adds the day of an ISO 8601 date or date-time (`2025-11-30T12:00:00Z`).
    mutating func addISODate(_ field: FactField, from path: String) {
        guard let text = string(path) else { return }
        if let day = CalendarDate(iso: text.prefix(10)) {
            add(field, .date(day), at: path)
        } else {
            warn(path, "expected a date as YYYY-MM-DD…, found \"\(text)\"; ignored")
        }
    }

    /// Adds each modality in `path`, normalised (`TEXT` → `text`, `EMBEDDING` → `embeddings`).
    mutating func addModalities(_ field: FactField, from path: String) {
        for (index, name) in strings(path).enumerated() {
            add(field, .text(Modality.normalize(name)), at: path + "[\(index)]")
        }
    }

    mutating func addCapability(_ capability: Capability, _ supported: Bool, at path: String) {
        add(.capability(capability), .flag(supported), at: path)
    }
}

/// Normalised modality names shared by all sources.
enum Modality {
    static func normalize(_ name: String) -> String {
        switch name.lowercased() {
        case "embedding", "embeddings": "embeddings"
        case "speech": "audio"
        case let other: other
        }
    }
}
