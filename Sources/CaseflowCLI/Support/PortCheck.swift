import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Whether a TCP port can be listened on, checked before the daemon claims to serve.
enum PortCheck {
    /// False when `host` (an IPv4 address, or localhost) and `port` are already taken.
    static func isFree(host: String, port: Int) -> Bool {
        let address = host == "localhost" ? "127.0.0.1" : host
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        guard inet_pton(AF_INET, address, &addr.sin_addr) == 1 else { return true }  // not an IPv4 literal: the server will say
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return true }
        defer { close(fd) }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        return bound == 0 || errno != EADDRINUSE
    }
}
