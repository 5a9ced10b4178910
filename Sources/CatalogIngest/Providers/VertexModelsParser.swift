package import CatalogCore
import Foundation

/// `vertex/models.json`: Vertex AI `publishers/google/models` (`publisherModels`).
///
/// Names are `publishers/google/models/<id>`; `launchStage` `DEPRECATED` is read as a status.
/// The recorded answers hold one page of about a dozen models.
package struct VertexModelsParser: CaptureParser {
    package init() {}

    package func parse(_ bytes: [UInt8], file: String) throws(CaptureError) -> ParsedCapture {
        var list = try JSONModelList(bytes, file: file)
        var readers = list.records(try list.array(at: "publisherModels"), arrayPath: "publisherModels", idKey: "name") { name in
            guard let range = name.range(of: "/models/"), range.upperBound < name.endIndex else { return nil }
            return String(name[range.upperBound...])
        }
        for index in readers.indices where readers[index].string("launchStage") == "DEPRECATED" {
            readers[index].add(.status, .text("deprecated"), at: "launchStage")
        }
        let token = list.root["nextPageToken"]?.string ?? ""
        return list.finish(
            readers, completeness: token.isEmpty ? .complete : .partial("nextPageToken present: only the first page was captured")
        )
    }
}
