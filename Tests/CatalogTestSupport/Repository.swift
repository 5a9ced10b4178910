package import CatalogCore
package import Foundation

/// Files of this repository, found from this source file's own path, for every test target.
package enum Repository {
    package static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    package static let snapshots = root.appendingPathComponent("snapshots")

    /// The bytes of one committed capture.
    package static func capture(_ date: String, _ path: String) throws -> [UInt8] { [UInt8](try captureData(date, path)) }

    /// The bytes of one committed capture, as `Data`.
    package static func captureData(_ date: String, _ path: String) throws -> Data {
        let url = snapshots.appendingPathComponent(date).appendingPathComponent(path)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: url.path])
        }
        return data
    }

    /// Copies committed captures of `date` (and files such as `manifest.json`) into
    /// `folder/<path>`, creating the folders on the way.
    package static func copy(_ date: String, _ paths: [String], to folder: URL) throws {
        for path in paths {
            let target = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try captureData(date, path).write(to: target)
        }
    }

    package static func date(_ text: String) -> CalendarDate { CalendarDate(iso: text)! }

    /// A fresh empty folder under the temporary directory, removed by the caller.
    package static func temporaryFolder(_ name: String = #function) throws -> URL {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("bulkllm-tests-\(getpid())-\(name.filter(\.isLetter))-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }
}
