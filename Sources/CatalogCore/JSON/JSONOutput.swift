package import Foundation

/// A JSON value to write, with object members in the order given, so that output is
/// stable byte for byte.
package indirect enum JSONOutput: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    /// A number written exactly as this text (for example a decimal price `"2.50"` as a number).
    case number(String)
    case string(String)
    case array([JSONOutput])
    case object([(String, JSONOutput)])

    package static func == (lhs: JSONOutput, rhs: JSONOutput) -> Bool {
        lhs.rendered() == rhs.rendered()
    }

    /// `value` as a string, or `null` when it is `nil`.
    package static func string(_ value: String?) -> JSONOutput { value.map(JSONOutput.string) ?? .null }
    /// `value` as a number, or `null` when it is `nil`.
    package static func int(_ value: Int?) -> JSONOutput { value.map(JSONOutput.int) ?? .null }
    /// An exact decimal as a JSON number, written positionally (`0.0000025`), never rounded.
    package static func decimal(_ amount: Decimal) -> JSONOutput { .number("\(amount)") }

    /// A parsed value written back: members in their order, numbers as they were written.
    package init(_ value: JSONValue) {
        switch value.kind {
        case .null: self = .null
        case .false: self = .bool(false)
        case .true: self = .bool(true)
        case .number: self = .number(value.numberText ?? "0")
        case .string: self = .string(value.string ?? "")
        case .array: self = .array((value.array ?? []).map(JSONOutput.init))
        case .object: self = .object((value.members ?? []).map { ($0.key, JSONOutput($0.value)) })
        }
    }

    /// The JSON text: compact on one line, or indented by two spaces per level.
    package func rendered(pretty: Bool = false) -> String {
        String(decoding: utf8(pretty: pretty), as: UTF8.self)
    }

    /// The JSON text as UTF-8 bytes (what a request body or a file holds).
    package func utf8(pretty: Bool = false) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(256)
        write(into: &output, pretty: pretty, indent: 0)
        return output
    }

    private func write(into output: inout [UInt8], pretty: Bool, indent: Int) {
        switch self {
        case .null: output += "null".utf8
        case .bool(let value): output += (value ? "true" : "false").utf8
        case .int(let value): output += String(value).utf8
        case .number(let text): output += text.utf8
        case .string(let text): JSONOutput.writeString(text, into: &output)
        case .array(let elements):
            if elements.isEmpty {
                output += "[]".utf8
                return
            }
            output.append(UInt8(ascii: "["))
            for (position, element) in elements.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                if pretty { JSONOutput.newline(&output, indent + 1) }
                element.write(into: &output, pretty: pretty, indent: indent + 1)
            }
            if pretty { JSONOutput.newline(&output, indent) }
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            if members.isEmpty {
                output += "{}".utf8
                return
            }
            output.append(UInt8(ascii: "{"))
            for (position, member) in members.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                if pretty { JSONOutput.newline(&output, indent + 1) }
                JSONOutput.writeString(member.0, into: &output)
                output.append(UInt8(ascii: ":"))
                if pretty { output.append(UInt8(ascii: " ")) }
                member.1.write(into: &output, pretty: pretty, indent: indent + 1)
            }
            if pretty { JSONOutput.newline(&output, indent) }
            output.append(UInt8(ascii: "}"))
        }
    }

    private static func newline(_ output: inout [UInt8], _ indent: Int) {
        output.append(UInt8(ascii: "\n"))
        output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * indent))
    }

    /// `text` quoted, with `"`, `\\` and control characters escaped; everything else (UTF-8 beyond
    /// ASCII included) copied as it is, in runs.
    static func writeString(_ text: String, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            var runStart = 0
            for index in 0..<bytes.count {
                let byte = bytes[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                runStart = index + 1
                output.append(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): output.append(byte)
                case UInt8(ascii: "\n"): output.append(UInt8(ascii: "n"))
                case UInt8(ascii: "\r"): output.append(UInt8(ascii: "r"))
                case UInt8(ascii: "\t"): output.append(UInt8(ascii: "t"))
                case 0x08: output.append(UInt8(ascii: "b"))
                case 0x0C: output.append(UInt8(ascii: "f"))
                default:
                    let digits = Array("0123456789abcdef".utf8)
                    output += "u00".utf8
                    output.append(digits[Int(byte >> 4)])
                    output.append(digits[Int(byte & 0xF)])
                }
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count]))
        }
        output.append(UInt8(ascii: "\""))
    }
}
