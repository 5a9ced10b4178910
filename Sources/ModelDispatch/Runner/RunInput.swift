import CatalogCore
public import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Reads a file line by line in fixed-size chunks: a file of any length in bounded memory.
struct LineReader {
    private let descriptor: Int32
    private var buffer: [UInt8] = []
    private var start = 0
    private var finished = false
    /// The number of the line last returned (1-based).
    private(set) var lineNumber = 0
    /// Bytes consumed up to the end of the last line returned (its newline included).
    private(set) var offset: Int64 = 0

    /// Opens `path`; `nil` when it cannot be opened (with `errno` set).
    init?(path: String) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        self.descriptor = descriptor
    }

    /// Opens `path` for reading.
    /// - Throws: ``RunFileError`` with the system's reason.
    static func reading(_ path: String) throws(RunFileError) -> LineReader {
        guard let reader = LineReader(path: path) else { throw RunFileError.system(path, "cannot be read") }
        return reader
    }

    func close() { _ = Glibc.close(descriptor) }

    /// A line of nothing but spaces, tabs or a carriage return (skipped by a run).
    static func isBlank(_ bytes: ArraySlice<UInt8>) -> Bool { bytes.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D } }

    /// The next line without its newline, and whether a newline ended it (`false` only for a
    /// last line cut short); `nil` at the end.
    mutating func next() -> (bytes: ArraySlice<UInt8>, terminated: Bool)? {
        while true {
            if let newline = buffer[start...].firstIndex(of: 0x0A) {
                let line = buffer[start..<newline]
                offset += Int64(newline + 1 - start)
                start = newline + 1
                lineNumber += 1
                return (line, true)
            }
            if finished {
                guard start < buffer.count else { return nil }
                let line = buffer[start...]
                offset += Int64(buffer.count - start)
                start = buffer.count
                lineNumber += 1
                return (line, false)
            }
            if start > 0 {
                buffer.removeFirst(start)
                start = 0
            }
            let chunk = 1 << 16
            let old = buffer.count
            buffer.append(contentsOf: repeatElement(0, count: chunk))
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + old, chunk) }
            buffer.removeLast(chunk - max(0, count))
            if count <= 0 { finished = true }
        }
    }
}

/// One request of a bulk run, as a line of the input file gives it.
public struct RunItem: Sendable {
    /// The caller's id for it (the Batch API's `custom_id`): each result line carries it.
    public var id: String
    /// 1-based line number in the input.
    public var line: Int
    /// The model named on the line, if any.
    public var model: String?
    /// The preset named on the line, if any.
    public var preset: String?
    public var messages: [ChatMessage]
    public var maxTokens: Int?
    public var temperature: Double?
    public var reasoningEffort: String?
    /// The `response_format` object as compact JSON text.
    public var responseFormat: String?
    /// `tags` (an object), copied to the result line as written.
    var tags: JSONOutput?
}

/// Why an input line cannot be run.
public struct RunInputError: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var message: String

    public init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String { "\(file):\(line): \(message)" }
}

extension RunItem {
    /// Reads one input line: `{"id", "model"?, "preset"?, "messages": [{"role", "content"}],
    /// "max_tokens"?, "temperature"?, "reasoning_effort"?, "response_format"?, "tags"?}`.
    /// - Throws: ``RunInputError`` saying what is wrong and where.
    static func parse(_ bytes: ArraySlice<UInt8>, line: Int, file: String) throws(RunInputError) -> RunItem {
        try parse(try document(bytes, line: line, file: file), line: line, file: file)
    }

    /// The line's JSON value.
    static func document(_ bytes: ArraySlice<UInt8>, line: Int, file: String) throws(RunInputError) -> JSONValue {
        do { return try JSONDocument(bytes: Array(bytes)).root } catch {
            throw RunInputError(file: file, line: line, message: "not JSON: \(error)")
        }
    }

    /// Reads one input line already parsed as JSON.
    static func parse(_ root: JSONValue, line: Int, file: String) throws(RunInputError) -> RunItem {
        func fail(_ message: String) -> RunInputError { RunInputError(file: file, line: line, message: message) }
        guard root.kind == .object else { throw fail("expected a JSON object, found \(root.kind)") }
        for key in root.keys
        where !["id", "model", "preset", "messages", "max_tokens", "temperature", "reasoning_effort", "response_format", "tags"]
            .contains(key)
        {
            throw fail(
                "unknown member \"\(key)\": expected id, model, preset, messages, max_tokens, temperature, reasoning_effort, response_format or tags"
            )
        }
        guard let idValue = root["id"] else { throw fail("no \"id\"") }
        guard let id = idValue.string, !id.isEmpty else { throw fail("\"id\" must be a non-empty string, found \(idValue.kind)") }
        func optionalString(_ name: String) throws(RunInputError) -> String? {
            guard let value = root[name], !value.isNull else { return nil }
            guard let text = value.string, !text.isEmpty else { throw fail("\"\(name)\" must be a non-empty string") }
            return text
        }
        guard let list = root["messages"]?.array else { throw fail("no \"messages\" list") }
        guard !list.isEmpty else { throw fail("\"messages\" is empty") }
        var messages: [ChatMessage] = []
        for (position, message) in list.enumerated() {
            guard let roleText = message["role"]?.string, let role = ChatMessage.Role(rawValue: roleText) else {
                throw fail("messages[\(position)]: \"role\" must be system, user or assistant")
            }
            guard let content = message["content"]?.string else {
                throw fail("messages[\(position)]: \"content\" must be a string")
            }
            messages.append(ChatMessage(role: role, content: content))
        }
        var item = RunItem(
            id: id, line: line, model: try optionalString("model"), preset: try optionalString("preset"), messages: messages)
        if let value = root["max_tokens"], !value.isNull {
            guard let number = value.int, number > 0 else { throw fail("\"max_tokens\" must be a positive whole number") }
            item.maxTokens = number
        }
        if let value = root["temperature"], !value.isNull {
            guard let number = value.numberText.flatMap(Double.init), number >= 0, number <= 2 else {
                throw fail("\"temperature\" must be a number from 0 to 2")
            }
            item.temperature = number
        }
        if let effort = try optionalString("reasoning_effort") {
            guard ["minimal", "low", "medium", "high"].contains(effort) else {
                throw fail("\"reasoning_effort\" must be minimal, low, medium or high")
            }
            item.reasoningEffort = effort
        }
        if let value = root["response_format"], !value.isNull {
            guard value.kind == .object, value["type"]?.string != nil else {
                throw fail("\"response_format\" must be an object with a \"type\"")
            }
            item.responseFormat = JSONOutput(value).rendered()
        }
        if let value = root["tags"], !value.isNull {
            guard value.kind == .object else { throw fail("\"tags\" must be an object") }
            item.tags = JSONOutput(value)
        }
        return item
    }
}
