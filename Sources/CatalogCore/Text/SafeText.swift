/// The one sanitiser for text bound for a terminal, a table or a markdown file.
///
/// Ids, names, file names and arguments come from outside: a capture, a command line,
/// standard input. Printed raw, an ESC can recolour the terminal or set its title, a CR can
/// overwrite a line, an LF can forge a table row, and a byte order mark or a bidirectional
/// override can make two different ids print alike. Every text output passes values through
/// ``escaped(_:)``, which shows such characters visibly as `\u001b`; JSON output escapes them
/// by JSON's own rules.
package enum SafeText {
    /// `text` with every control, line-separator and invisible formatting character written
    /// as `\uXXXX`. Text without them is returned unchanged, without copying.
    package static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: mustEscape) else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            if mustEscape(scalar) {
                result += "\\u" + hex4(scalar.value)
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// A whole block of output (several lines) with its line breaks and tabs kept and every
    /// other control character escaped, except the colour sequences this program writes
    /// itself (`ESC [ digits ; … m`) when `keepingColours` is set.
    package static func escapedBlock(_ text: String, keepingColours: Bool = false) -> String {
        guard text.unicodeScalars.contains(where: { mustEscape($0) && $0 != "\n" && $0 != "\t" }) else { return text }
        let scalars = Array(text.unicodeScalars)
        var result = ""
        result.reserveCapacity(text.utf8.count + 8)
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "\n" || scalar == "\t" || !mustEscape(scalar) {
                result.unicodeScalars.append(scalar)
            } else if keepingColours, scalar == "\u{1B}", let end = colourSequenceEnd(scalars, from: index) {
                result.unicodeScalars.append(contentsOf: scalars[index...end])
                index = end
            } else {
                result += "\\u" + hex4(scalar.value)
            }
            index += 1
        }
        return result
    }

    /// Whether `scalar` is written escaped: C0 and C1 controls, DEL, the line and paragraph
    /// separators, and the invisible format characters (zero-width spaces and joiners,
    /// bidirectional marks and overrides, word joiners, the byte order mark).
    package static func mustEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x200B...0x200F, 0x2028...0x202E, 0x2060...0x2069, 0xFEFF, 0xFFF9...0xFFFB: true
        default: false
        }
    }

    /// `ESC [ (digits | ;)* m` starting at `start`: the index of its `m`, or `nil`.
    private static func colourSequenceEnd(_ scalars: [Unicode.Scalar], from start: Int) -> Int? {
        guard start + 2 < scalars.count, scalars[start + 1] == "[" else { return nil }
        var index = start + 2
        while index < scalars.count, index - start < 24 {
            let scalar = scalars[index]
            if scalar == "m" { return index }
            guard ("0"..."9").contains(scalar) || scalar == ";" else { return nil }
            index += 1
        }
        return nil
    }

    private static func hex4(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
