import Foundation

/// Telling model ids from prose in page cells.
enum PageModelID {
    /// The model id a cell names, or `nil` when it names something else ("Assistants API",
    /// "OpenAI-Beta: realtime=v1", "Preview models"). A trailing note in parentheses is
    /// dropped (`gpt-4-0125-preview (including gpt-4-turbo-preview …)` → `gpt-4-0125-preview`),
    /// and so is a footnote asterisk.
    static func parse(_ text: String) -> String? {
        var candidate = Substring(text)
        if let open = candidate.firstIndex(of: "(") { candidate = candidate[..<open] }
        var id = candidate.trimmingCharacters(in: .whitespaces)
        while id.hasSuffix("*") { id.removeLast() }
        guard !id.isEmpty, !id.contains(" "), id.contains(where: \.isNumber) || id.contains("-") else { return nil }
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789.-_:/@")
        guard id.allSatisfy({ allowed.contains($0) }), id.first!.isLetter || id.first!.isNumber else { return nil }
        return id
    }
}
