import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A minimal blocking HTTP/1.1 client on one keep-alive connection: a thread per client keeps
/// the load generator cheap next to the daemon (no event loop, no parsing beyond the status line
/// and the body length).
final class BenchHTTPClient {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let host: String
    let port: Int
    private var fd: Int32 = -1
    private var buffer = [UInt8](repeating: 0, count: 64 * 1024)
    private var pending: [UInt8] = []
    /// The header lines of the last response (after the status line).
    private(set) var lastHeaders: [String] = []

    init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    deinit { close() }

    func close() {
        if fd >= 0 { _ = Glibc.close(fd); fd = -1 }
        pending.removeAll()
    }

    private func connect() throws {
        close()
        let s = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard s >= 0 else { throw Failure(description: "socket: \(errno)") }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, host, &addr.sin_addr)
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(s, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else {
            _ = Glibc.close(s)
            throw Failure(description: "connect to \(host):\(port) failed (errno \(errno))")
        }
        var one: Int32 = 1
        setsockopt(s, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        fd = s
    }

    /// Sends one request and reads the whole response: (status, body).
    func request(_ method: String, _ path: String, token: String?, body: String? = nil, headers: [String] = [],
                 contentType: String = "application/json") throws -> (status: Int, body: String) {
        if fd < 0 { try connect() }
        var head = "\(method) \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\n"
        if let token { head += "Authorization: Bearer \(token)\r\n" }
        for h in headers { head += h + "\r\n" }
        if let body {
            head += "Content-Type: \(contentType)\r\nContent-Length: \(body.utf8.count)\r\n\r\n" + body
        } else {
            head += "\r\n"
        }
        var bytes = Array(head.utf8)
        var sent = 0
        while sent < bytes.count {
            let n = bytes.withUnsafeMutableBytes { send(fd, $0.baseAddress! + sent, $0.count - sent, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { close(); throw Failure(description: "send failed (errno \(errno))") }
            sent += n
        }
        bytes.removeAll()
        return try readResponse()
    }

    private func fill() throws {
        let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        guard n > 0 else { close(); throw Failure(description: "connection closed by the daemon") }
        pending.append(contentsOf: buffer[0..<n])
    }

    private func readResponse() throws -> (status: Int, body: String) {
        var headerEnd: Int?
        while headerEnd == nil {
            headerEnd = Self.find([13, 10, 13, 10], in: pending)
            if headerEnd == nil { try fill() }
        }
        let end = headerEnd!
        let head = String(decoding: pending[0..<end], as: UTF8.self)
        pending.removeFirst(end + 4)
        let lines = head.split(separator: "\r\n")
        guard let statusLine = lines.first, statusLine.count >= 12, let status = Int(statusLine.dropFirst(9).prefix(3)) else {
            close()
            throw Failure(description: "bad status line")
        }
        lastHeaders = lines.dropFirst().map(String.init)
        var length: Int?
        var chunked = false
        for line in lines.dropFirst() {
            let lower = line.lowercased()
            if lower.hasPrefix("content-length:") { length = Int(lower.dropFirst(15).trimmingCharacters(in: .whitespaces)) }
            if lower.hasPrefix("transfer-encoding:"), lower.contains("chunked") { chunked = true }
        }
        var body: [UInt8] = []
        if chunked {
            while true {
                var lineEnd = Self.find([13, 10], in: pending)
                while lineEnd == nil { try fill(); lineEnd = Self.find([13, 10], in: pending) }
                let sizeText = String(decoding: pending[0..<lineEnd!], as: UTF8.self).split(separator: ";").first ?? ""
                guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16) else { close(); throw Failure(description: "bad chunk") }
                pending.removeFirst(lineEnd! + 2)
                while pending.count < size + 2 { try fill() }
                body.append(contentsOf: pending[0..<size])
                pending.removeFirst(size + 2)
                if size == 0 { break }
            }
        } else {
            let n = length ?? 0
            while pending.count < n { try fill() }
            body.append(contentsOf: pending[0..<n])
            pending.removeFirst(n)
        }
        return (status, String(decoding: body, as: UTF8.self))
    }

    private static func find(_ needle: [UInt8], in hay: [UInt8]) -> Int? {
        guard hay.count >= needle.count else { return nil }
        var i = 0
        while i <= hay.count - needle.count {
            if hay[i] == needle[0] {
                var ok = true
                for j in 1..<needle.count where hay[i + j] != needle[j] { ok = false; break }
                if ok { return i }
            }
            i += 1
        }
        return nil
    }

    /// The value of `"key":"…"` in a JSON text (ids of the daemon's answers have no escapes).
    static func jsonString(_ key: String, in text: String) -> String? {
        guard let r = text.range(of: "\"\(key)\":\"") else { return nil }
        let rest = text[r.upperBound...]
        guard let q = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<q])
    }
}
