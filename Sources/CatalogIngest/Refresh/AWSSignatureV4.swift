import CatalogCore
package import Foundation

/// AWS Signature Version 4 for a GET with an empty body, as Bedrock's control plane requires
/// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html).
/// Checked against AWS's `get-vanilla` test vector and against botocore.
package struct AWSSignatureV4: Sendable {
    package var accessKeyID: String
    package var secretAccessKey: String
    /// Temporary credentials carry a session token, sent as `X-Amz-Security-Token`.
    package var sessionToken: String?
    package var region: String
    package var service: String

    package init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil, region: String, service: String) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        self.region = region
        self.service = service
    }

    /// The headers that sign a GET of `url` at `date`: `X-Amz-Date`, the session token when
    /// there is one, and `Authorization`.
    package func headers(for url: URL, at date: Date) -> [(name: String, value: String)] {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        let amzDate = formatter.string(from: date)
        let day = String(amzDate.prefix(8))

        let components = URLComponents(url: url, resolvingAgainstBaseURL: false)
        var host = components?.host ?? ""
        if let port = components?.port, !(components?.scheme == "https" && port == 443),
            !(components?.scheme == "http" && port == 80)
        {
            host += ":\(port)"
        }
        let path = components?.percentEncodedPath ?? ""
        let canonicalPath =
            path.isEmpty
            ? "/"
            : path.split(separator: "/", omittingEmptySubsequences: false).map {
                AWSSignatureV4.encode(String($0).removingPercentEncoding ?? String($0))
            }
            .joined(separator: "/")
        let canonicalQuery = (components?.queryItems ?? [])
            .map { (AWSSignatureV4.encode($0.name), AWSSignatureV4.encode($0.value ?? "")) }
            .sorted { $0 < $1 }
            .map { $0.0 + "=" + $0.1 }
            .joined(separator: "&")
        var signed: [(String, String)] = [("host", host), ("x-amz-date", amzDate)]
        if let sessionToken { signed.append(("x-amz-security-token", sessionToken)) }
        let canonicalHeaders = signed.map { $0.0 + ":" + $0.1 + "\n" }.joined()
        let signedHeaders = signed.map(\.0).joined(separator: ";")
        let emptyPayload = SHA256.hex(of: [UInt8]())
        let canonicalRequest = ["GET", canonicalPath, canonicalQuery, canonicalHeaders, signedHeaders, emptyPayload].joined(
            separator: "\n")
        let scope = "\(day)/\(region)/\(service)/aws4_request"
        let stringToSign = ["AWS4-HMAC-SHA256", amzDate, scope, SHA256.hex(of: Array(canonicalRequest.utf8))].joined(
            separator: "\n")

        var key = SHA256.hmac(key: Array(("AWS4" + secretAccessKey).utf8), Array(day.utf8))
        for part in [region, service, "aws4_request"] { key = SHA256.hmac(key: key, Array(part.utf8)) }
        let signature = SHA256.hmac(key: key, Array(stringToSign.utf8)).map { String(format: "%02x", $0) }.joined()

        var headers: [(name: String, value: String)] = [("X-Amz-Date", amzDate)]
        if let sessionToken { headers.append(("X-Amz-Security-Token", sessionToken)) }
        headers.append(
            (
                "Authorization",
                "AWS4-HMAC-SHA256 Credential=\(accessKeyID)/\(scope), SignedHeaders=\(signedHeaders), Signature=\(signature)"
            ))
        return headers
    }

    /// RFC 3986 encoding: everything but `A-Z a-z 0-9 - _ . ~` as `%XX`.
    static func encode(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                result.append(Character(UnicodeScalar(byte)))
            default:
                result += String(format: "%%%02X", byte)
            }
        }
        return result
    }
}
