import CatalogCore
import Foundation
import ModelCatalog

/// Which host to send to first.
public enum RouteOrder: String, Hashable, Sendable, CaseIterable {
    /// The model's maker first, then the other hosts from cheapest.
    case firstParty = "first-party"
    /// The cheapest host for the request's estimated usage first (the maker breaks ties).
    case cheapest
}

/// Whether a request may be answered by another model than the one named, when the named one
/// is retired or every host of it failed. Off by default.
public enum FallbackPolicy: String, Hashable, Sendable, CaseIterable {
    case none
    /// The newest model of the same family.
    case sibling
    /// The newest model of the family the catalog names as the family's successor.
    case successor
}

/// One place a request can go: a model on a host with a key.
struct Candidate: Sendable {
    var model: CanonicalModel
    var record: ModelRecord
    var host: ProviderHost
    var key: String
    /// The API root after `--base-url` overrides.
    var root: String
    var maxTokens: Int
    /// The most this request can cost here, or `nil` when it cannot be priced.
    var worstCost: Decimal?
    /// The expected cost here (estimated input, all of `maxTokens`), for ordering.
    var expectedCost: Decimal?
    var isFallback: Bool

    var servedBy: String { record.id }
    var isFirstParty: Bool { host.provider == model.creator }
}

/// A name turned into the places to try, in order; or why nothing can be sent.
struct RoutePlan: Sendable {
    var model: CanonicalModel
    var candidates: [Candidate]
}

/// Resolves names through the catalog and orders their offerings.
struct Router: Sendable {
    var catalog: Catalog
    var environment: [String: String]
    /// Each provider's API root after the `--base-url` overrides, worked out once.
    var roots: [String: String]
    var order: RouteOrder
    var fallback: FallbackPolicy
    /// Names and offerings already read: a catalog version never changes.
    let cache = RouteCache()

    init(
        catalog: Catalog, environment: [String: String], baseURLs: [String: String], order: RouteOrder,
        fallback: FallbackPolicy
    ) {
        self.catalog = catalog
        self.environment = environment
        self.roots = Dictionary(uniqueKeysWithValues: ProviderHost.all.map { ($0.provider, $0.root(baseURLs)) })
        self.order = order
        self.fallback = fallback
    }

    /// The plan for `request` on `today`.
    func plan(_ request: ChatRequest, today: CalendarDate) throws(DispatchError) -> RoutePlan {
        let fail = { (message: String) in
            DispatchError(
                failure: .unroutable, status: nil, message: message, requestedModel: request.model, servedModel: nil,
                servedBy: nil,
                attempts: 0, latency: 0)
        }
        let resolution: Resolution
        if let known = cache.resolution(request.model) {
            resolution = known
        } else {
            do { resolution = try catalog.resolve(request.model) } catch { throw fail("the catalog cannot be read: \(error)") }
            cache.keep(request.model, resolution)
        }
        guard let model = resolution.model else {
            if resolution.isAmbiguous {
                throw fail("ambiguous: it could be \(resolution.candidates.joined(separator: ", ")); name one")
            }
            let hint = resolution.suggestions.isEmpty ? "" : "; did you mean \(resolution.suggestions.joined(separator: ", "))?"
            throw fail("unknown model\(hint)")
        }
        let pinned = resolution.offering
        var candidates = try candidates(for: model, request: request, today: today, pinned: pinned, isFallback: false, fail: fail)
        let retired = Router.isRetired(model.record, today: today)
        // Another model only when asked for, and only after every host of the named one.
        if fallback != .none, let replacement = try fallbackModel(for: model, request: request) {
            candidates += try self.candidates(
                for: replacement, request: request, today: today, pinned: nil, isFallback: true, fail: fail)
        }
        if candidates.isEmpty {
            if retired { throw fail(Router.retirement(of: model, in: catalog)) }
            throw fail(unservedMessage(model, pinned: pinned, today: today))
        }
        return RoutePlan(model: model, candidates: candidates)
    }

    private func candidates(
        for model: CanonicalModel, request: ChatRequest, today: CalendarDate, pinned: Offering?, isFallback: Bool,
        fail: (String) -> DispatchError
    ) throws(DispatchError) -> [Candidate] {
        guard !Router.isRetired(model.record, today: today) else { return [] }
        let offerings: [(offering: Offering, record: ModelRecord)]
        if let known = cache.offerings(model.id) {
            offerings = known
        } else {
            do { offerings = try catalog.offerings(of: model) } catch { throw fail("the catalog cannot be read: \(error)") }
            cache.keep(model.id, offerings)
        }
        var result: [Candidate] = []
        for (offering, record) in offerings {
            if let pinned, pinned != offering { continue }
            guard let host = ProviderHost.named(offering.provider), let key = environment[host.keyVariable], !key.isEmpty,
                !Router.isRetired(record, today: today)
            else { continue }
            let maxTokens = request.maxTokens ?? record.maxOutputTokens ?? model.record.maxOutputTokens ?? 4096
            result.append(
                Candidate(
                    model: model, record: record, host: host, key: key, root: roots[host.provider] ?? host.baseURL,
                    maxTokens: maxTokens,
                    worstCost: worstCost(record, request: request, maxTokens: maxTokens), expectedCost: nil,
                    isFallback: isFallback))
        }
        // The expected cost orders several candidates; one alone needs none.
        guard result.count > 1 else { return result }
        for index in result.indices {
            result[index].expectedCost = expectedCost(result[index].record, request: request, maxTokens: result[index].maxTokens)
        }
        return result.sorted { lhs, rhs in
            if order == .firstParty, lhs.isFirstParty != rhs.isFirstParty { return lhs.isFirstParty }
            switch (lhs.expectedCost, rhs.expectedCost) {
            case (let left?, let right?) where left != right: return left < right
            case (.some, nil): return true
            case (nil, .some): return false
            default: break
            }
            if lhs.isFirstParty != rhs.isFirstParty { return lhs.isFirstParty }
            return lhs.servedBy < rhs.servedBy
        }
    }

    /// The worst case: every prompt byte a token, and all of `maxTokens` at the dearer of the
    /// output and reasoning prices.
    private func worstCost(_ record: ModelRecord, request: ChatRequest, maxTokens: Int) -> Decimal? {
        let input = request.maximumInputTokens
        guard let asOutput = cost(record, Usage(inputTokens: input, outputTokens: maxTokens)) else { return nil }
        // Reasoning is billed at the output price unless the record states a price of its own.
        let reasoningPriced = record.facts.contains { fact in
            if case .price(let key) = fact.field { return key.component == .reasoning }
            return false
        }
        guard reasoningPriced else { return asOutput }
        let asReasoning = cost(record, Usage(inputTokens: input, reasoningTokens: maxTokens)) ?? asOutput
        return max(asOutput, asReasoning)
    }

    /// The expected cost: the estimated prompt, and all of `maxTokens` as output.
    func expectedCost(_ record: ModelRecord, request: ChatRequest, maxTokens: Int) -> Decimal? {
        cost(record, Usage(inputTokens: request.estimatedInputTokens, outputTokens: maxTokens))
    }

    private func cost(_ record: ModelRecord, _ usage: Usage) -> Decimal? {
        (try? catalog.cost(of: record, usage: usage))?.total
    }

    /// The model a fallback may use: newer, able to do what the request needs, large enough,
    /// and no dearer for this request than the one named.
    private func fallbackModel(for model: CanonicalModel, request: ChatRequest) throws(DispatchError) -> CanonicalModel? {
        let replacement: CanonicalModel?
        do {
            switch fallback {
            case .none: return nil
            case .sibling: replacement = try catalog.latest(in: model.family)
            case .successor:
                replacement = try catalog.successor(of: model.family).flatMap { family in try catalog.latest(in: family) }
            }
        } catch {
            return nil
        }
        guard let replacement, replacement.id != model.id else { return nil }
        let record = replacement.record
        let capabilities = Set(record.capabilities.filter(\.supported).map(\.capability))
        guard request.requiredCapabilities.isSubset(of: capabilities) else { return nil }
        let maxTokens = request.maxTokens ?? 4096
        if let window = record.contextWindow, window < request.estimatedInputTokens + maxTokens { return nil }
        let usage = Usage(inputTokens: request.estimatedInputTokens, outputTokens: maxTokens)
        guard let offered = try? catalog.cost(of: replacement, usage: usage).total,
            let ceiling = request.maxCost ?? (try? catalog.cost(of: model, usage: usage).total), offered <= ceiling
        else { return nil }
        return replacement
    }

    /// Why a retired model is not sent to: when it shut down, and its successor.
    static func retirement(of model: CanonicalModel, in catalog: Catalog) -> String {
        "\(model.id) is retired\(shutdownWords(model.record))"
            + (successorName(of: model, in: catalog).map { "; its successor is \($0)" } ?? "; the catalog names no successor")
    }

    /// The model that replaces `model`: the one its deprecation names, else the newest of its
    /// family's successor.
    private static func successorName(of model: CanonicalModel, in catalog: Catalog) -> String? {
        if let replacement = model.record.deprecation?.replacement {
            // As the deprecations page writes it (`claude-haiku-4-5-20251001`): the canonical id.
            return (try? catalog.resolve(replacement))?.model?.id ?? replacement
        }
        guard let family = catalog.successor(of: model.family) else { return nil }
        return (try? catalog.latest(in: family))?.id ?? family
    }

    private func unservedMessage(_ model: CanonicalModel, pinned: Offering?, today: CalendarDate) -> String {
        var keys: [String] = []
        var unsupported: [String] = []
        for offering in model.offerings where pinned == nil || pinned == offering {
            if let host = ProviderHost.named(offering.provider) {
                if environment[host.keyVariable]?.isEmpty ?? true { keys.append("\(host.keyVariable) (\(offering.recordID))") }
            } else {
                unsupported.append(offering.recordID)
            }
        }
        var message = "no configured host can serve \(model.id)"
        if !keys.isEmpty { message += "; set \(Array(Set(keys)).sorted().joined(separator: " or ")) to enable one" }
        if !unsupported.isEmpty { message += "; no adapter for \(unsupported.sorted().joined(separator: ", "))" }
        if keys.isEmpty, unsupported.isEmpty { message += ": every offering is retired or past its shutdown date" }
        return message
    }

    /// Retired, or past a stated shutdown date.
    static func isRetired(_ record: ModelRecord, today: CalendarDate) -> Bool {
        if record.status == .retired { return true }
        if let shutdown = record.deprecation?.shutdown?.date, shutdown <= today { return true }
        return false
    }

    private static func shutdownWords(_ record: ModelRecord) -> String {
        record.deprecation?.shutdown?.date.map { " (shut down \($0))" } ?? ""
    }
}

/// What a router has read from its catalog, by name and by model (bounded).
final class RouteCache: @unchecked Sendable {
    private let lock = NSLock()
    private var resolutions: [String: Resolution] = [:]
    private var offerings: [String: [(offering: Offering, record: ModelRecord)]] = [:]
    private static let limit = 10_000

    func resolution(_ name: String) -> Resolution? { lock.withLock { resolutions[name] } }

    func keep(_ name: String, _ resolution: Resolution) {
        lock.withLock {
            if resolutions.count >= RouteCache.limit { resolutions.removeAll() }
            resolutions[name] = resolution
        }
    }

    func offerings(_ model: String) -> [(offering: Offering, record: ModelRecord)]? { lock.withLock { offerings[model] } }

    func keep(_ model: String, _ list: [(offering: Offering, record: ModelRecord)]) {
        lock.withLock {
            if offerings.count >= RouteCache.limit { offerings.removeAll() }
            offerings[model] = list
        }
    }
}
