/// Gives each provider model its catalog id. This is the seam where the canonicalizer
/// (aliases, families, one model across hosts) plugs into the build.
package protocol ModelIdentifying: Sendable {
    /// The catalog id of `providerModelID` as sold by `provider`.
    func catalogID(provider: String, providerModelID: String) -> String
}

/// The identity used until canonicalization exists: `<provider>/<provider model id>`
/// (`openai/gpt-4o`, `openrouter/anthropic/claude-3.5-sonnet`).
package struct ProviderScopedIdentity: ModelIdentifying {
    package init() {}
    package func catalogID(provider: String, providerModelID: String) -> String {
        provider + "/" + providerModelID
    }
}
