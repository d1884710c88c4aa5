import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Whether a TCP port can be listened on, checked before the daemon opens its database or claims
/// to serve.
enum PortCheck {
    /// Why `host` (an IPv4 address, or localhost) and `port` cannot be listened on, or nil when
    /// they can (or when `host` is a name the server resolves itself).
    static func problem(host: String, port: Int) -> String? {
        let address = host == "localhost" ? "127.0.0.1" : host
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        guard inet_pton(AF_INET, address, &addr.sin_addr) == 1 else { return nil }  // not an IPv4 literal: the server will say
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        if bound == 0 { return nil }
        switch errno {
        case EADDRINUSE:
            return "port \(port) is in use on \(host): another program listens there; stop it or give --listen HOST:PORT"
        case EADDRNOTAVAIL:
            return "\(host) is not an address of this machine: give --listen with one of its addresses (127.0.0.1, or 0.0.0.0 for all)"
        case EACCES:
            return "port \(port) needs privileges this user lacks: give --listen with a port above 1023"
        default:
            return "cannot listen on \(host):\(port): \(String(cString: strerror(errno)))"
        }
    }
}
