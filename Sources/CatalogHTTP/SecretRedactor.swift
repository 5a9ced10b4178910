import Foundation

/// Keeps credentials out of everything refresh and dispatch write or print.
package struct SecretRedactor: Sendable {
    package var secrets: [String]

    package init(secrets: [String]) { self.secrets = secrets.filter { !$0.isEmpty } }

    /// `text` with every secret replaced by `[redacted]`, also where a URL carries it
    /// percent-encoded.
    package func redact(_ text: String) -> String {
        var result = text
        for secret in secrets {
            let spellings =
                [secret]
                + [CharacterSet.urlQueryAllowed, .alphanumerics].compactMap {
                    secret.addingPercentEncoding(withAllowedCharacters: $0)
                }
            for spelling in spellings { result = result.replacingOccurrences(of: spelling, with: "[redacted]") }
        }
        return result
    }
}
