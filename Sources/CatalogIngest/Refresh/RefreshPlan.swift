package import CatalogCore
import CatalogHTTP
package import Foundation

/// One capture `catalog refresh` fetches: where from, with which headers, and how its pages
/// continue.
package struct FetchTarget: Sendable {
    /// How a source's answer continues on further pages.
    package enum Pagination: Sendable, Equatable {
        case none
        /// Gemini: `nextPageToken` in the answer, `pageToken=` on the next request; items in `models`.
        case pageToken
        /// Anthropic: `has_more` and `last_id` in the answer, `after_id=` on the next request; items in `data`.
        case afterID
    }

    package var source: SourceDescriptor
    /// The capture's path in the snapshot (`openai/models.json`, `openai/models/gpt-5.html`).
    package var capturePath: String
    /// The address requested (after any `--base-url` override).
    package var url: URL
    /// The provider's address as the manifest records it, with no secret in it.
    package var recordedURL: String
    package var headers: [(name: String, value: String)]
    /// Credential values to keep out of every output.
    package var secrets: [String]
    package var pagination: Pagination
    /// Signs each request (Bedrock), when the source needs it.
    package var signing: AWSSignatureV4?
    /// `true` when the source needs a credential (its failures fail the run).
    package var needsCredential: Bool { source.credential != nil }
}

/// A source `catalog refresh` does not fetch, and why.
package struct SkippedSource: Sendable, Equatable {
    package var capturePath: String
    package var reason: String
}

/// Turns the source registry, the environment and `--base-url` overrides into what to fetch.
package struct RefreshPlanner: Sendable {
    /// The process environment (credentials are read from it, never from files).
    package var environment: [String: String]
    /// Host → base URL replacing `https://host` (`api.openai.com` → `http://127.0.0.1:8080/openai`).
    package var baseURLs: [String: String]
    package var userAgent: String

    package static let defaultUserAgent = "bulkllm-catalog-refresh/1.0 (model catalog; +https://github.com/bulkllm/bulkllm)"

    package init(
        environment: [String: String], baseURLs: [String: String] = [:], userAgent: String = RefreshPlanner.defaultUserAgent
    ) {
        self.environment = environment
        self.baseURLs = baseURLs
        self.userAgent = userAgent
    }

    /// What to fetch for each registered source of `providers` and `sources` (all when `nil`), and what is
    /// skipped with its reason. `modelPages` are the ids whose per-model pages are tracked
    /// (`openai/models/{id}.html`).
    package func plan(providers: Set<String>?, sources: Set<String>? = nil, modelPages: [String: [String]]) -> (
        targets: [FetchTarget], skipped: [SkippedSource]
    ) {
        var targets: [FetchTarget] = []
        var skipped: [SkippedSource] = []
        for source in SourceRegistry.all
        where (providers?.contains(source.id.provider) ?? true) && (sources?.contains(source.id.path) ?? true) {
            if source.kind == .derived {
                skipped.append(
                    SkippedSource(capturePath: source.id.path, reason: "derived by an earlier scraper: no live source to fetch"))
                continue
            }
            var secrets: [String] = []
            var headers: [(name: String, value: String)] = [("User-Agent", userAgent)]
            var query: [(String, String)] = []
            var signing: AWSSignatureV4?
            if let variable = source.credential {
                guard let secret = environment[variable], !secret.isEmpty else {
                    skipped.append(SkippedSource(capturePath: source.id.path, reason: "\(variable) is not set"))
                    continue
                }
                secrets.append(secret)
                switch source.id.provider {
                case "anthropic":
                    headers += [("x-api-key", secret), ("anthropic-version", "2023-06-01")]
                case "google":
                    query.append(("key", secret))
                case "bedrock":
                    guard let secretKey = environment["AWS_SECRET_ACCESS_KEY"], !secretKey.isEmpty else {
                        skipped.append(SkippedSource(capturePath: source.id.path, reason: "AWS_SECRET_ACCESS_KEY is not set"))
                        continue
                    }
                    let token = environment["AWS_SESSION_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
                    secrets += [secretKey] + (token.map { [$0] } ?? [])
                    // bedrock.<region>.amazonaws.com
                    let region =
                        URLComponents(string: source.url)?.host?.split(separator: ".").dropFirst().first.map(String.init)
                        ?? "us-east-1"
                    signing = AWSSignatureV4(
                        accessKeyID: secret, secretAccessKey: secretKey, sessionToken: token, region: region, service: "bedrock")
                default:
                    headers.append(("Authorization", "Bearer " + secret))
                }
            }
            let pagination: FetchTarget.Pagination =
                switch source.id.path {
                case "google/models.json": .pageToken
                case "anthropic/models.json": .afterID
                default: .none
                }
            let paths: [(capturePath: String, address: String)]
            if source.isPerModel {
                let ids = modelPages[source.id.path] ?? []
                guard !ids.isEmpty else {
                    skipped.append(SkippedSource(capturePath: source.id.path, reason: "no per-model page is tracked yet"))
                    continue
                }
                paths = ids.compactMap { id in
                    source.capturePath(forModel: id).map { ($0, source.url.replacingOccurrences(of: "{id}", with: id)) }
                }
            } else {
                paths = [(source.id.path, source.url)]
            }
            for (capturePath, address) in paths {
                guard let url = RefreshPlanner.url(address, query: query, baseURLs: baseURLs) else {
                    skipped.append(SkippedSource(capturePath: capturePath, reason: "not a valid address: \(address)"))
                    continue
                }
                targets.append(
                    FetchTarget(
                        source: source, capturePath: capturePath, url: url, recordedURL: address, headers: headers,
                        secrets: secrets, pagination: pagination, signing: signing))
            }
        }
        return (targets, skipped)
    }

    /// `address` with `query` appended and its host replaced by a `--base-url` override.
    static func url(_ address: String, query: [(String, String)], baseURLs: [String: String]) -> URL? {
        guard var components = URLComponents(string: address) else { return nil }
        if !query.isEmpty {
            components.queryItems = (components.queryItems ?? []) + query.map { URLQueryItem(name: $0.0, value: $0.1) }
        }
        if let host = components.host, let base = baseURLs[host], let replacement = URLComponents(string: base) {
            components.scheme = replacement.scheme
            components.host = replacement.host
            components.port = replacement.port
            let prefix = replacement.path.hasSuffix("/") ? String(replacement.path.dropLast()) : replacement.path
            components.path = prefix + components.path
        }
        return components.url
    }

    /// Reads `HOST=URL` overrides.
    package static func baseURLs(_ arguments: [String]) throws -> [String: String] {
        var result: [String: String] = [:]
        for argument in arguments {
            guard let equals = argument.firstIndex(of: "="), equals != argument.startIndex,
                let url = URLComponents(string: String(argument[argument.index(after: equals)...])), url.scheme != nil,
                url.host != nil
            else {
                throw RefreshError(
                    "--base-url \(argument): expected HOST=URL, such as api.openai.com=http://127.0.0.1:8080/openai")
            }
            result[String(argument[..<equals])] = String(argument[argument.index(after: equals)...])
        }
        return result
    }
}

/// A refresh problem that stops the run before any fetch (bad arguments, an unwritable folder).
package struct RefreshError: Error, CustomStringConvertible, Sendable {
    package var description: String
    package init(_ description: String) { self.description = description }
}

