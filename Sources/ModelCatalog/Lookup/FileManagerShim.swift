import Foundation

/// The one file-system question the library asks before opening SQLite, which would
/// otherwise report a missing read-only file as a generic "unable to open".
enum FileManagerShim {
    static func fileExists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }
}
