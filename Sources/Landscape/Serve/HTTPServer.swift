import Foundation
import Synchronization

/// A small HTTP/1.1 server over POSIX sockets for `landscape serve`: one request per connection,
/// each connection on its own thread, at most `maxConnections` at once (the next ones get a 503 at
/// once), each given `readTimeout` seconds to send its whole request (a slow or half-open client
/// gets a 408 and is closed) and as long again to take the answer. Requests the parser refuses get
/// their 4xx JSON error; the server goes on serving after every one.
public final class HTTPServer: Sendable {
    public let port: Int
    public let host: String
    private let listener: Int32
    /// Written to by `stop` to wake the accept loop.
    private let wake: (read: Int32, write: Int32)
    private let maxConnections: Int
    private let readTimeout: Double
    private let active = Atomic<Int>(0)

    /// Binds `host` (a numeric address or a name) at `port` (0 for any free port) and listens;
    /// throws `invalidInput` when the address cannot be bound.
    public init(host: String, port: Int, maxConnections: Int = 8, readTimeout: Double = 10) throws {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_PASSIVE
        var info: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &info) == 0, let first = info else {
            throw LandscapeError.invalidInput("cannot resolve --host '\(host)'")
        }
        defer { freeaddrinfo(info) }
        let fd = socket(first.pointee.ai_family, first.pointee.ai_socktype, first.pointee.ai_protocol)
        guard fd >= 0 else { throw LandscapeError.invalidInput("cannot open a socket: \(String(cString: strerror(errno)))") }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        guard bind(fd, first.pointee.ai_addr, first.pointee.ai_addrlen) == 0, listen(fd, 64) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw LandscapeError.invalidInput("cannot listen on \(host):\(port): \(reason)")
        }
        var address = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        let bound = withUnsafePointer(to: &address) { pointer -> UInt16 in
            pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin_port) }
        }
        var pipeEnds: [Int32] = [0, 0]
        guard pipe(&pipeEnds) == 0 else {
            close(fd)
            throw LandscapeError.invalidInput("cannot create a pipe")
        }
        listener = fd
        wake = (pipeEnds[0], pipeEnds[1])
        self.port = Int(bound)
        self.host = host
        self.maxConnections = maxConnections
        self.readTimeout = readTimeout
    }

    /// Serves until `stop` is called, answering each request with `handler`.
    public func run(_ handler: @escaping @Sendable (HTTPRequest) -> HTTPResponse) {
        while true {
            var fds = [pollfd(fd: listener, events: Int16(POLLIN), revents: 0), pollfd(fd: wake.read, events: Int16(POLLIN), revents: 0)]
            guard poll(&fds, 2, -1) >= 0 || errno == EINTR else { break }
            if fds[1].revents != 0 { break }
            guard fds[0].revents & Int16(POLLIN) != 0 else { continue }
            let client = accept(listener, nil, nil)
            guard client >= 0 else { continue }
            guard active.add(1, ordering: .relaxed).newValue <= maxConnections else {
                _ = HTTPResponse.error(503, "too many connections (at most \(maxConnections)); try again").bytes.withUnsafeBytes {
                    send(client, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT) | Self.noSignal)
                }
                close(client)
                active.subtract(1, ordering: .relaxed)
                continue
            }
            let thread = Thread { [self] in
                serve(client, handler)
                close(client)
                active.subtract(1, ordering: .relaxed)
            }
            thread.start()
        }
        close(listener)
    }

    /// Makes `run` return (from any thread or a signal handler's queue).
    public func stop() {
        var byte: UInt8 = 1
        _ = write(wake.write, &byte, 1)
    }

    /// Reads one request from `client` within the deadline and writes the answer.
    private func serve(_ client: Int32, _ handler: @Sendable (HTTPRequest) -> HTTPResponse) {
        let deadline = Date().addingTimeInterval(readTimeout)
        var parser = HTTPRequestParser()
        var chunk = [UInt8](repeating: 0, count: 8192)
        var response: HTTPResponse
        reading: while true {
            let left = deadline.timeIntervalSinceNow
            var fd = pollfd(fd: client, events: Int16(POLLIN), revents: 0)
            guard left > 0, poll(&fd, 1, Int32(left * 1000) + 1) > 0 else {
                response = .error(408, "request not complete within \(NumberText.short(readTimeout)) s")
                break
            }
            let count = chunk.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return }
            do {
                if let request = try parser.append(chunk[..<count]) {
                    response = handler(request)
                    break reading
                }
            } catch {
                response = .error(error)
                break
            }
        }
        let bytes = response.bytes
        var sent = 0
        let writeDeadline = Date().addingTimeInterval(readTimeout)
        while sent < bytes.count {
            var fd = pollfd(fd: client, events: Int16(POLLOUT), revents: 0)
            let left = writeDeadline.timeIntervalSinceNow
            guard left > 0, poll(&fd, 1, Int32(left * 1000) + 1) > 0 else { return }
            let count = bytes[sent...].withUnsafeBytes { send(client, $0.baseAddress, $0.count, Self.noSignal) }
            guard count > 0 else { return }
            sent += count
        }
        // Closing with unread bytes would reset the connection and could drop the answer: read
        // what the client still sends (for at most a second) before closing.
        shutdown(client, Int32(SHUT_WR))
        let drainDeadline = Date().addingTimeInterval(1)
        while drainDeadline.timeIntervalSinceNow > 0 {
            var fd = pollfd(fd: client, events: Int16(POLLIN), revents: 0)
            guard poll(&fd, 1, 100) > 0, chunk.withUnsafeMutableBytes({ recv(client, $0.baseAddress, $0.count, 0) }) > 0 else { break }
        }
    }

    /// Sends to a client that has gone away fail with EPIPE instead of killing the process.
    #if os(Linux)
    private static let noSignal = Int32(MSG_NOSIGNAL)
    #else
    private static let noSignal: Int32 = 0
    #endif
}
