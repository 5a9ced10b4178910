import CatalogTestSupport
import DispatchTestServer
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// `catalog run` as a user runs it: the release binary, a 100,000-line input, the loopback
/// server answering in this process. Throughput, the run's peak memory, and how long a run
/// takes to find that everything is done (resume start-up on a 100,000-line output).
enum RunBenchmarks {
    static func run(lines: Int = 100_000) async throws {
        print("== bulk run")
        let binary = CatalogExecutable.url
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            print("no \(binary.path): build it first (swift build -c release --product catalog)")
            return
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bulkllm-run-bench-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("in.jsonl")
        let output = folder.appendingPathComponent("out.jsonl")
        var text = ""
        text.reserveCapacity(lines * 120)
        for index in 0..<lines {
            text +=
                #"{"id": "q\#(index)", "model": "gpt-4o", "messages": [{"role": "user", "content": "Question \#(index): say hello."}], "max_tokens": 100}"#
            text += "\n"
        }
        try text.write(to: input, atomically: true, encoding: .utf8)
        let limits = folder.appendingPathComponent("limits.yaml")
        try "defaults:\n  requests_per_minute: 100000000\n  tokens_per_minute: 100000000000\n  concurrent: 256\n".write(
            to: limits, atomically: true, encoding: .utf8)

        let server = try ChatServer()
        try await server.start()
        defer { Task { await server.stop() } }
        let arguments =
            [
                "run", input.path, "--out", output.path, "--model", "gpt-4o", "--concurrency", "64", "--limits", limits.path,
            ] + server.baseURLs.flatMap { ["--base-url", "\($0.key)=\($0.value)"] }
        func launch() async throws -> (seconds: Double, status: Int32, error: String) {
            let start = ContinuousClock.now
            let run = try await CatalogExecutable.run(
                arguments, in: folder, environment: ["OPENAI_API_KEY": "sk-bench", "PATH": "/usr/bin:/bin"])
            return (DispatchBenchmarks.seconds(ContinuousClock.now - start), run.status, run.error)
        }
        let first = try await launch()
        var usage = rusage()
        getrusage(RUSAGE_CHILDREN.rawValue, &usage)
        let peak = Double(usage.ru_maxrss) / 1024
        let answered = await server.counts(.openai).answered
        print(
            String(
                format:
                    "catalog run, %d lines at concurrency 64 against loopback: %.1f s, %.0f requests/s, exit %d, %d answered by the server; peak RSS of the run %.1f MB (target <= 100 MB)",
                lines, first.seconds, Double(lines) / first.seconds, first.status, answered, peak))
        if first.status != 0 { print(first.error.split(separator: "\n").suffix(3).joined(separator: "\n")) }
        var resumes: [Double] = []
        for _ in 0..<3 { resumes.append(try await launch().seconds) }
        resumes.sort()
        print(
            String(
                format: "resume start-up on a %d-line output (everything done, nothing sent): median %.2f s",
                lines, resumes[1]))
    }
}
