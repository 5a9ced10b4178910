package import CatalogCore
import Foundation

/// `together/models.json`: `GET https://api.together.xyz/v1/models` — a bare array.
///
/// `pricing.input`/`output`/`cached_input` are USD per 1M tokens, written as binary floats
/// (`0.18000000000000002`); they are rounded to 12 decimal places to drop that noise.
/// Models not sold serverless carry 0 for both input and output: that is "no token price",
/// not "free", so a pair of zeros is not read. `created` is 0 (not stated).
package struct TogetherModelsParser: CaptureParser {
    package init() {}

    static let types: [String: Capability] = [
        "chat": .chat, "language": .chat, "code": .chat, "embedding": .embeddings, "rerank": .rerank,
        "image": .imageGeneration, "moderation": .moderation, "transcribe": .transcription, "audio": .speech,
    ]

    package func parse(_ bytes: [UInt8], file: String) throws(CaptureError) -> ParsedCapture {
        var list = try JSONModelList(bytes, file: file)
        var readers = list.records(try list.array(at: ""), arrayPath: "")
        for index in readers.indices {
            var reader = readers[index]
            reader.addText(.displayName, from: "display_name")
            reader.addUnixDate(.created, from: "created")
            reader.addText(.ownedBy, from: "organization")
            reader.addCount(.contextWindow, from: "context_length")
            if let type = reader.string("type"), let capability = TogetherModelsParser.types[type] {
                reader.addCapability(capability, true, at: "type")
            }
            let input = reader.decimal("pricing.input").map(Money.removingBinaryNoise)
            let output = reader.decimal("pricing.output").map(Money.removingBinaryNoise)
            if (input ?? 0) != 0 || (output ?? 0) != 0 {
                if let input { reader.add(.price(PriceKey(.input)), .decimal(input), at: "pricing.input") }
                if let output { reader.add(.price(PriceKey(.output)), .decimal(output), at: "pricing.output") }
                if let cached = reader.decimal("pricing.cached_input").map(Money.removingBinaryNoise), cached > 0 {
                    reader.add(.price(PriceKey(.cachedInput)), .decimal(cached), at: "pricing.cached_input")
                }
            }
            readers[index] = reader
        }
        return list.finish(readers)
    }
}
