import CaseflowYAML
import Foundation

/// A webhook receiver: where deliveries go, the secret that signs them, and what it is sent.
public struct WebhookEndpoint: Sendable, Equatable {
    /// Names the receiver in the outbox; pending deliveries keep it across restarts.
    public var name: String
    public var url: URL
    /// The Standard Webhooks secret (`whsec_` + base64); nil sends unsigned deliveries.
    public var secret: WebhookSecret?
    /// Every event, not only escalations.
    public var allEvents: Bool

    public init(name: String, url: URL, secret: WebhookSecret?, allEvents: Bool) {
        self.name = name
        self.url = url
        self.secret = secret
        self.allEvents = allEvents
    }
}

/// The receivers file (`--receivers FILE`), reread on SIGHUP. Secrets live here, never on the
/// command line or in logs:
///
/// ```yaml
/// webhooks:
///   - name: crm
///     url: https://crm.example.com/hooks/caseflow
///     secret: whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw
///     events: escalations        # escalations (default) | all
/// ```
public enum ReceiversFile {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public static func load(path: String) throws -> [WebhookEndpoint] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Failure(description: "\(path): cannot read the receivers file")
        }
        return try parse(Array(data), file: path)
    }

    /// A warning when others than the owner may read the file (it holds secrets).
    public static func permissionWarning(path: String) -> String? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue, mode & 0o077 != 0 else { return nil }
        return "\(path) holds webhook secrets but others may read it (mode \(String(mode, radix: 8))); run chmod 600 \(path)"
    }

    public static func parse(_ bytes: [UInt8], file: String) throws -> [WebhookEndpoint] {
        let read = YAMLReader.read(bytes: bytes, file: file)
        if let d = read.diagnostics.first { throw Failure(description: d.description) }
        guard let root = read.documents.first?.root, !root.isNull else { return [] }
        func fail(_ node: YAMLNode, _ message: String) -> Failure { Failure(description: "\(node.location): error: \(message)") }
        guard let top = root.mapping else { throw fail(root, "the receivers file must be a mapping with a `webhooks:` list") }
        for pair in top where pair.key.text != "webhooks" {
            throw fail(pair.key, "unknown key '\(pair.key.text ?? "")'; the receivers file has `webhooks:`")
        }
        guard let list = root["webhooks"] else { return [] }
        if list.isNull { return [] }
        guard let items = list.sequence else { throw fail(list, "`webhooks:` must be a list of receivers") }
        var endpoints: [WebhookEndpoint] = []
        for item in items {
            guard let fields = item.mapping else { throw fail(item, "a receiver is a mapping with name, url, secret and events") }
            for pair in fields where !["name", "url", "secret", "events"].contains(pair.key.text ?? "") {
                throw fail(pair.key, "unknown key '\(pair.key.text ?? "")'; a receiver has name, url, secret and events")
            }
            guard let nameNode = item["name"], let name = nameNode.text, !name.isEmpty else { throw fail(item, "a receiver needs a name") }
            guard name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }) else {
                throw fail(nameNode, "receiver name '\(name)' may hold only letters, digits, '-', '_' and '.'")
            }
            guard !endpoints.contains(where: { $0.name == name }) else { throw fail(nameNode, "a second receiver named '\(name)'") }
            guard let urlNode = item["url"], let text = urlNode.text else { throw fail(item, "receiver '\(name)' needs a url") }
            guard let url = URL(string: text), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host != nil else {
                throw fail(urlNode, "receiver '\(name)': '\(text)' is not an http or https URL")
            }
            var secret: WebhookSecret?
            if let node = item["secret"] {
                do {
                    secret = try WebhookSecret(node.text ?? "")
                } catch let e as WebhookSecret.Invalid {
                    throw fail(node, "receiver '\(name)': \(e.description)")
                }
            }
            var all = false
            if let node = item["events"] {
                switch node.text {
                case "escalations": all = false
                case "all": all = true
                default: throw fail(node, "receiver '\(name)': events is escalations or all, not '\(node.text ?? "")'")
                }
            }
            endpoints.append(WebhookEndpoint(name: name, url: url, secret: secret, allEvents: all))
        }
        return endpoints
    }
}
