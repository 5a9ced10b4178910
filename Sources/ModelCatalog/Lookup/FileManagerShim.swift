import Foundation

/// The one file-system question the library asks before opening SQLite, which would
/// otherwise report a missing read-only file as a generic "unable to open".
enum FileManagerShim {
    static func fileExists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }
}

/// Reads a whole file straight into an array, without an intermediate `Data` copy.
enum FileBytes {
    static func read(_ path: String) -> [UInt8]? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        guard fseek(file, 0, SEEK_END) == 0 else { return nil }
        let size = ftell(file)
        guard size >= 0, fseek(file, 0, SEEK_SET) == 0 else { return nil }
        var read = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            read = size == 0 ? 0 : fread(buffer.baseAddress, 1, size, file)
            count = read
        }
        return read == size ? bytes : nil
    }
}
