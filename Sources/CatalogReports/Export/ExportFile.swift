import Foundation

/// Writes an export to a file whole or not at all.
package enum ExportFile {
    /// Writes `bytes` to a temporary file beside `path`, then renames it over `path`.
    /// - Throws: an error naming `path` when it cannot be written.
    package static func write(_ bytes: [UInt8], to path: String) throws {
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw ExportFileError(description: "\(path): cannot write the export (\(error.localizedDescription))")
        }
    }
}

/// A file an export could not be written to.
package struct ExportFileError: Error, CustomStringConvertible {
    package var description: String
}
