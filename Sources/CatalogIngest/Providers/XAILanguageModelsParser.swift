package import CatalogCore
import Foundation

/// `xai/language-models.json`: `GET https://api.x.ai/v1/language-models`.
///
/// Prices are integers in units of 1e-10 USD per token: `prompt_text_token_price: 30000` is
/// $3.00 per 1M tokens; `search_price` is 1e-10 USD per search source (250000000 = $0.025).
/// xAI reports 0 for the prices of features a model lacks (cached prompts on grok-2, image
/// input on text-only models), so optional components of 0 are not read as free.
package struct XAILanguageModelsParser: CaptureParser {
    package init() {}

    package func parse(_ bytes: [UInt8], file: String) throws(CaptureError) -> ParsedCapture {
        var list = try JSONModelList(bytes, file: file)
        var readers = list.records(try list.array(at: "models"), arrayPath: "models")
        for index in readers.indices {
            readers[index].addUnixDate(.created, from: "created")
            readers[index].addText(.ownedBy, from: "owned_by")
            for (position, alias) in readers[index].strings("aliases").enumerated() {
                readers[index].add(.alias, .text(alias), at: "aliases[\(position)]")
            }
            readers[index].addModalities(.inputModality, from: "input_modalities")
            readers[index].addModalities(.outputModality, from: "output_modalities")
            readers[index].addXAIPrice(.input, from: "prompt_text_token_price", keepZero: true)
            readers[index].addXAIPrice(.cachedInput, from: "cached_prompt_text_token_price", keepZero: false)
            readers[index].addXAIPrice(.inputImageTokens, from: "prompt_image_token_price", keepZero: false)
            readers[index].addXAIPrice(.output, from: "completion_text_token_price", keepZero: true)
            readers[index].addXAIPrice(.perWebSearch, from: "search_price", keepZero: false)
        }
        return list.finish(readers)
    }
}

extension RecordReader {
    /// Converts 1e-10 USD per token (or per unit) into USD per 1M tokens (or per unit).
    mutating func addXAIPrice(_ component: PriceComponent, from path: String, keepZero: Bool) {
        guard let amount = decimal(path) else { return }
        guard amount >= 0 else {
            warn(path, "negative price \(amount); ignored")
            return
        }
        if amount == 0, !keepZero { return }
        let usd = Money.shift(amount, by: component.isPerMillionTokens ? -4 : -10)
        add(.price(PriceKey(component)), .decimal(usd), at: path)
    }
}
