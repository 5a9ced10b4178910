package import CatalogCore
package import Foundation

/// The folder of snapshots: `<root>/<YYYY-MM-DD>/<provider>/<source-file>` plus one
/// `manifest.json` per date. Captures are raw bytes, never altered once written.
package struct SnapshotStore: Sendable {
    /// The snapshots folder.
    package let root: URL
    /// How paths are shown in messages (`snapshots`), so that they name the repository's files.
    package let displayRoot: String

    package init(root: URL, displayRoot: String? = nil) {
        self.root = root
        self.displayRoot = displayRoot ?? root.path
    }

    /// Every snapshot date, oldest first. Entries that are not `YYYY-MM-DD` folders are ignored.
    package func dates() throws -> [CalendarDate] {
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
    package func folder(of date: CalendarDate) -> URL { root.appendingPathComponent(date.description, isDirectory: true) }

    /// The path shown in messages for a capture (`snapshots/2025-05-21/openai/models.json`).
    package func displayPath(_ date: CalendarDate, _ path: String) -> String {
        displayRoot + "/" + date.description + "/" + path
    }

    /// The capture files of a date (`openai/models.json`, …), sorted; the manifest excluded.
    package func capturePaths(on date: CalendarDate) throws -> [String] {
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
    package func manifest(on date: CalendarDate) throws(CaptureError) -> Manifest? {
        let url = folder(of: date).appendingPathComponent("manifest.json")
        let display = displayPath(date, "manifest.json")
        // `lstat`, not `fileExists`: a dangling symbolic link is still something where the
        // manifest belongs, and an error, not "no manifest".
        var status = stat()
        guard lstat(url.path, &status) == 0 else { return nil }
        let bytes = try readBytes(url, display: display)
        let manifest = try Manifest(parsing: bytes, file: display)
        guard manifest.date == date else {
            throw CaptureError(.unexpectedShape, file: display, at: "$.date", "expected date \(date), found \(manifest.date)")
        }
        return manifest
    }

    /// The bytes of one capture.
    package func read(_ date: CalendarDate, _ path: String) throws(CaptureError) -> [UInt8] {
        try readBytes(folder(of: date).appendingPathComponent(path), display: displayPath(date, path))
    }

    /// Reads a file of the snapshots. The snapshots are a closed world: the file and every
    /// folder between it and the snapshots folder must be real (no symbolic link), and the file
    /// a regular file; anything else is an error naming it, and is never opened (a FIFO would
    /// block, a link would read a file from elsewhere into the catalog).
    func readBytes(_ url: URL, display: String) throws(CaptureError) -> [UInt8] {
        try checkInside(url, display: display)
        let descriptor = open(url.path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw CaptureError(.unreadable, file: display, "cannot read the file (\(String(cString: strerror(errno))))")
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
            throw CaptureError(.notRegularFile, file: display, "expected a regular file; it changed while being opened")
        }
        var bytes = [UInt8](repeating: 0, count: Int(status.st_size))
        var filled = 0
        while filled < bytes.count {
            let count = bytes.withUnsafeMutableBytes { buffer in
                Foundation.read(descriptor, buffer.baseAddress! + filled, buffer.count - filled)
            }
            guard count > 0 else {
                if count < 0, errno == EINTR { continue }
                throw CaptureError(.unreadable, file: display, "cannot read the file (read stopped at byte \(filled))")
            }
            filled += count
        }
        return bytes
    }

    /// What walking from the snapshots folder down to a file meets.
    enum Walk {
        /// A regular file, reached through real folders.
        case regularFile
        /// Nothing at `path` (a folder on the way or the file), with `errno`.
        case missing(path: String, errno: Int32)
        /// The path does not lead inside the snapshots folder.
        case outside
        /// Something other than a real folder on the way, or a regular file at the end:
        /// `relative` is the part of the path up to it, `link` its target when it is a link.
        case foreign(relative: String, kind: mode_t, isFile: Bool, link: String?)
    }

    /// Walks `url` from the snapshots folder with `lstat`, never following a link.
    func walk(_ url: URL) -> Walk {
        let rootPath = root.standardizedFileURL.path
        let path = url.standardizedFileURL.path
        guard path.hasPrefix(rootPath + "/") else { return .outside }
        let parts = path.dropFirst(rootPath.count + 1).split(separator: "/")
        var current = rootPath
        for (index, part) in parts.enumerated() {
            current += "/" + part
            var status = stat()
            guard lstat(current, &status) == 0 else { return .missing(path: current, errno: errno) }
            let isFile = index == parts.count - 1
            let kind = status.st_mode & S_IFMT
            if kind == S_IFLNK || kind != (isFile ? S_IFREG : S_IFDIR) {
                let link = kind == S_IFLNK ? (try? FileManager.default.destinationOfSymbolicLink(atPath: current)) ?? "?" : nil
                return .foreign(relative: parts[...index].joined(separator: "/"), kind: kind, isFile: isFile, link: link)
            }
        }
        return .regularFile
    }

    /// Throws unless `url` is a regular file reached from the snapshots folder through real
    /// folders only.
    func checkInside(_ url: URL, display: String) throws(CaptureError) {
        switch walk(url) {
        case .regularFile: return
        case .outside: throw CaptureError(.notRegularFile, file: display, "the path leads outside the snapshots folder")
        case .missing(_, let code):
            throw CaptureError(.unreadable, file: display, "cannot read the file (\(String(cString: strerror(code))))")
        case .foreign(let relative, _, let isFile, let link?):
            let what = isFile ? "the file" : "the folder \(relative)"
            throw CaptureError(
                .notRegularFile, file: display,
                "\(what) is a symbolic link (to \(SafeText.escaped(link))); snapshot files must be regular files inside the snapshots folder"
            )
        case .foreign(_, let kind, true, nil):
            throw CaptureError(.notRegularFile, file: display, "expected a regular file, found \(SnapshotStore.describe(kind))")
        case .foreign(let relative, let kind, false, nil):
            throw CaptureError(
                .notRegularFile, file: display, "expected \(relative) to be a folder, found \(SnapshotStore.describe(kind))")
        }
    }

    static func describe(_ kind: mode_t) -> String {
        switch kind {
        case S_IFDIR: "a directory"
        case S_IFIFO: "a FIFO (named pipe)"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        case S_IFSOCK: "a socket"
        case S_IFLNK: "a symbolic link"
        default: "a special file"
        }
    }

    /// Writes a capture atomically (temporary file, then rename) and refuses to change the
    /// bytes of a capture that already exists.
    /// - Returns: `true` when the file was written, `false` when identical bytes were already there.
    @discardableResult
    package func writeCapture(_ bytes: [UInt8], date: CalendarDate, path: String) throws -> Bool {
        let url = folder(of: date).appendingPathComponent(path)
        try checkWritable(url, display: displayPath(date, path))
        if let existing = try? readBytes(url, display: displayPath(date, path)) {
            if existing == bytes { return false }
            throw SnapshotError(
                file: displayPath(date, path),
                message: "a different capture is already committed here; captures never change once written")
        }
        try AtomicFile.write(Data(bytes), to: url)
        return true
    }

    /// Writes a date's manifest atomically.
    package func writeManifest(_ manifest: Manifest) throws {
        try checkWritable(
            folder(of: manifest.date).appendingPathComponent("manifest.json"),
            display: displayPath(manifest.date, "manifest.json"))
        try AtomicFile.write(
            Data(manifest.rendered().utf8), to: folder(of: manifest.date).appendingPathComponent("manifest.json"))
    }
}

extension SnapshotStore {
    /// Throws when writing `url` would write through a symbolic link or over something that is
    /// not a regular file: `catalog refresh` writes only inside the snapshots folder.
    func checkWritable(_ url: URL, display: String) throws {
        switch walk(url) {
        case .regularFile, .missing: return  // Not there yet: created as a real folder or file.
        case .outside: throw SnapshotError(file: display, message: "the path leads outside the snapshots folder")
        case .foreign(let relative, let kind, _, _):
            throw SnapshotError(
                file: display,
                message:
                    "\(relative) is \(SnapshotStore.describe(kind)); refresh writes only regular files inside the snapshots folder"
            )
        }
    }
}

/// A snapshot folder problem that is not about one capture's content.
package struct SnapshotError: Error, Hashable, Sendable, CustomStringConvertible {
    package var file: String
    package var message: String
    package init(file: String, message: String) {
        self.file = file
        self.message = message
    }
    package var description: String { file + ": " + message }
}

/// Whole-file writes that never leave a half-written file: write a temporary file in the
/// same folder, flush it, rename it over the target.
package enum AtomicFile {
    package static func write(_ data: Data, to url: URL) throws {
        let folder = url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(UInt32.random(in: 0...UInt32.max)).tmp")
        do {
            do {
                try data.write(to: temporary)
            } catch {
                throw SnapshotError(file: url.path, message: "cannot write the file (\(error.localizedDescription))")
            }
            guard rename(temporary.path, url.path) == 0 else {
                throw SnapshotError(file: url.path, message: "cannot rename the temporary file into place (errno \(errno))")
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }
}
