public import CatalogCore
public import Foundation

/// The folder of snapshots: `<root>/<YYYY-MM-DD>/<provider>/<source-file>` plus one
/// `manifest.json` per date. Captures are raw bytes, never altered once written.
public struct SnapshotStore: Sendable {
    /// The snapshots folder.
    public let root: URL
    /// How paths are shown in messages (`snapshots`), so that they name the repository's files.
    public let displayRoot: String

    public init(root: URL, displayRoot: String? = nil) {
        self.root = root
        self.displayRoot = displayRoot ?? root.path
    }

    /// Every snapshot date, oldest first. Entries that are not `YYYY-MM-DD` folders are ignored.
    public func dates() throws -> [CalendarDate] {
        let names = try FileManager.default.contentsOfDirectory(atPath: root.path)
        return names.compactMap { name -> CalendarDate? in
            guard let date = CalendarDate(iso: name) else { return nil }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: root.appendingPathComponent(name).path, isDirectory: &isDirectory),
                isDirectory.boolValue
            else { return nil }
            return date
        }.sorted()
    }

    /// The folder of one date.
    public func folder(of date: CalendarDate) -> URL { root.appendingPathComponent(date.description, isDirectory: true) }

    /// The path shown in messages for a capture (`snapshots/2025-05-21/openai/models.json`).
    public func displayPath(_ date: CalendarDate, _ path: String) -> String {
        displayRoot + "/" + date.description + "/" + path
    }

    /// The capture files of a date (`openai/models.json`, …), sorted; the manifest excluded.
    public func capturePaths(on date: CalendarDate) throws -> [String] {
        let base = folder(of: date)
        var result: [String] = []
        guard let enumerator = FileManager.default.enumerator(atPath: base.path) else { return [] }
        while let relative = enumerator.nextObject() as? String {
            guard relative != "manifest.json", relative.contains("/") else { continue }
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: base.appendingPathComponent(relative).path, isDirectory: &isDirectory),
                !isDirectory.boolValue, !relative.split(separator: "/").contains(where: { $0.hasPrefix(".") })
            {
                result.append(relative)
            }
        }
        return result.sorted()
    }

    /// The manifest of a date, or `nil` when the date has none.
    public func manifest(on date: CalendarDate) throws(CaptureError) -> Manifest? {
        let url = folder(of: date).appendingPathComponent("manifest.json")
        let display = displayPath(date, "manifest.json")
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        let bytes = try readBytes(url, display: display)
        let manifest = try Manifest(parsing: bytes, file: display)
        guard manifest.date == date else {
            throw CaptureError(.unexpectedShape, file: display, at: "$.date", "expected date \(date), found \(manifest.date)")
        }
        return manifest
    }

    /// The bytes of one capture.
    public func read(_ date: CalendarDate, _ path: String) throws(CaptureError) -> [UInt8] {
        try readBytes(folder(of: date).appendingPathComponent(path), display: displayPath(date, path))
    }

    func readBytes(_ url: URL, display: String) throws(CaptureError) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw CaptureError(.unreadable, file: display, "cannot read the file")
        }
        return [UInt8](data)
    }

    /// Writes a capture atomically (temporary file, then rename) and refuses to change the
    /// bytes of a capture that already exists.
    /// - Returns: `true` when the file was written, `false` when identical bytes were already there.
    @discardableResult
    public func writeCapture(_ bytes: [UInt8], date: CalendarDate, path: String) throws -> Bool {
        let url = folder(of: date).appendingPathComponent(path)
        if let existing = FileManager.default.contents(atPath: url.path) {
            if [UInt8](existing) == bytes { return false }
            throw SnapshotError(
                file: displayPath(date, path),
                message: "a different capture is already committed here; captures never change once written")
        }
        try AtomicFile.write(Data(bytes), to: url)
        return true
    }

    /// Writes a date's manifest atomically.
    public func writeManifest(_ manifest: Manifest) throws {
        try AtomicFile.write(
            Data(manifest.rendered().utf8), to: folder(of: manifest.date).appendingPathComponent("manifest.json"))
    }
}

/// A snapshot folder problem that is not about one capture's content.
public struct SnapshotError: Error, Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var message: String
    public init(file: String, message: String) {
        self.file = file
        self.message = message
    }
    public var description: String { file + ": " + message }
}

/// Whole-file writes that never leave a half-written file: write a temporary file in the
/// same folder, flush it, rename it over the target.
public enum AtomicFile {
    public static func write(_ data: Data, to url: URL) throws {
        let folder = url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(UInt32.random(in: 0...UInt32.max)).tmp")
        do {
            try data.write(to: temporary)
            guard rename(temporary.path, url.path) == 0 else {
                throw SnapshotError(file: url.path, message: "cannot rename the temporary file into place (errno \(errno))")
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }
}
