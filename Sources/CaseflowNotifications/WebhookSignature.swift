import Crypto
import Foundation

/// A Standard Webhooks secret: `whsec_` followed by base64 of 24 to 64 random bytes.
public struct WebhookSecret: Sendable, Equatable, CustomStringConvertible {
    let key: [UInt8]

    public struct Invalid: Error, CustomStringConvertible {
        public var description: String
    }

    public init(_ text: String) throws {
        let body = text.hasPrefix("whsec_") ? String(text.dropFirst(6)) : text
        guard let data = Data(base64Encoded: body) else {
            throw Invalid(description: "the secret must be whsec_ followed by base64 (make one with: echo whsec_$(head -c 32 /dev/urandom | base64))")
        }
        guard data.count >= 24, data.count <= 64 else {
            throw Invalid(description: "the secret holds \(data.count) bytes; Standard Webhooks secrets hold 24 to 64")
        }
        key = Array(data)
    }

    /// Never the secret itself: it must not reach logs.
    public var description: String { "whsec_***" }
}

/// Signs deliveries as the Standard Webhooks specification says: `webhook-signature` is
/// `v1,` and the base64 HMAC-SHA256, under the secret, of `{webhook-id}.{webhook-timestamp}.{body}`.
public enum WebhookSignature {
    public static func sign(id: String, timestamp: Int64, body: [UInt8], secret: WebhookSecret) -> String {
        var message = Array("\(id).\(timestamp).".utf8)
        message += body
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: secret.key))
        return "v1," + Data(mac).base64EncodedString()
    }

    /// The headers a delivery carries.
    public static func headers(id: String, timestamp: Int64, body: [UInt8], secret: WebhookSecret?) -> [(String, String)] {
        var h = [("webhook-id", id), ("webhook-timestamp", String(timestamp))]
        if let secret { h.append(("webhook-signature", sign(id: id, timestamp: timestamp, body: body, secret: secret))) }
        return h
    }

    /// Checks a received delivery, as a receiver would: one of the space-separated `v1,` signatures
    /// matches and the timestamp is within `tolerance` seconds of `now`.
    public static func verify(id: String, timestamp: String, signatures: String, body: [UInt8], secret: WebhookSecret,
                              now: Int64, tolerance: Int64 = 300) -> Bool {
        guard let t = Int64(timestamp), abs(now - t) <= tolerance else { return false }
        let expected = sign(id: id, timestamp: t, body: body, secret: secret)
        return signatures.split(separator: " ").contains { candidate in
            let a = Array(candidate.utf8), b = Array(expected.utf8)
            return a.count == b.count && zip(a, b).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
        }
    }
}
