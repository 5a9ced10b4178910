package import Foundation

/// The built `catalog` executable, run as a user runs it.
package enum CatalogExecutable {
    /// What one run printed, and how it ended.
    package struct Run: Sendable {
        package var status: Int32
        package var output: String
        package var error: String
    }

    /// The executable built with the tests: the test bundle sits next to the products.
    package static var url: URL {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent("catalog")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        return Repository.root.appendingPathComponent(".build/debug/catalog")
    }

    /// Runs `catalog arguments…` in `directory` and waits for it; `environment` replaces the
    /// process environment when given.
    package static func run(_ arguments: [String], in directory: URL, environment: [String: String]? = nil) throws -> Run {
        let (process, output, error) = try launch(url, arguments, in: directory, environment: environment)
        return finish(process, output, error)
    }

    /// Runs any program (a browser, a Python tool) and waits for it, ending it after
    /// `timeout` seconds.
    package static func runProgram(
        _ executable: URL, _ arguments: [String], in directory: URL? = nil, environment: [String: String]? = nil,
        timeout: Double
    ) throws -> Run {
        let (process, output, error) = try launch(executable, arguments, in: directory, environment: environment)
        let killer = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: killer)
        defer { killer.cancel() }
        return finish(process, output, error)
    }

    /// Starts `executable arguments…` with its output and errors piped.
    private static func launch(_ executable: URL, _ arguments: [String], in directory: URL?, environment: [String: String]?)
        throws -> (Process, Pipe, Pipe)
    {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        if let environment { process.environment = environment }
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        return (process, output, error)
    }

    /// Reads everything a started process prints (both pipes at once, so that neither fills
    /// and blocks it) and waits for it to end.
    private static func finish(_ process: Process, _ output: Pipe, _ error: Pipe) -> Run {
        let errorData = DataBox()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errorData.data = error.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self),
            error: String(decoding: errorData.data, as: UTF8.self))
    }

    /// What the reading thread hands back; read only after it is done.
    private final class DataBox: @unchecked Sendable { var data = Data() }

    /// Runs `catalog arguments…` and sends it `signal` once `condition` holds (checked every
    /// 10 ms), then waits for it to end.
    package static func run(
        _ arguments: [String], in directory: URL, environment: [String: String]? = nil, signal: Int32,
        when condition: @escaping @Sendable () -> Bool
    ) async throws -> Run {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(
                    with: Result {
                        let (process, output, error) = try launch(url, arguments, in: directory, environment: environment)
                        let watcher = Thread {
                            while process.isRunning {
                                if condition() {
                                    kill(process.processIdentifier, signal)
                                    return
                                }
                                Thread.sleep(forTimeInterval: 0.01)
                            }
                        }
                        watcher.start()
                        return finish(process, output, error)
                    })
            }
        }
    }

    /// ``run(_:in:environment:)`` off the caller's thread, so that servers the test runs in
    /// this process keep answering the child meanwhile.
    package static func run(_ arguments: [String], in directory: URL, environment: [String: String]? = nil) async throws -> Run {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try run(arguments, in: directory, environment: environment) })
            }
        }
    }
}
