import Foundation

/// Files of this repository, found from the test source's own path.
enum Repository {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let snapshots = root.appendingPathComponent("snapshots")

    /// The bytes of one committed capture.
    static func capture(_ date: String, _ path: String) throws -> [UInt8] {
        let url = snapshots.appendingPathComponent(date).appendingPathComponent(path)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: url.path])
        }
        return [UInt8](data)
    }
}
