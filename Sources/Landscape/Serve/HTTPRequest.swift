/// One HTTP/1.1 request as `landscape serve` accepts it: GET or POST, an absolute path, a query of
/// `name=value` pairs and a body of at most `HTTPRequestParser.Limits.body` bytes. The path and
/// the query are percent-decoded (the query's `+` is a space, as forms send it); header names are
/// compared without regard to case (RFC 9110 §5.1).
public struct HTTPRequest: Sendable, Equatable {
    public enum Method: String, Sendable {
        case get = "GET", post = "POST"
    }

    public let method: Method
    /// The decoded path, starting with `/`.
    public let path: String
    /// The decoded query parameters, each name once.
    public let query: [String: String]
    /// The header fields in the order received, names lowercased.
    public let headers: [(name: String, value: String)]
    public let body: [UInt8]

    /// The value of the header `name` (any case), the first when it was sent more than once.
    public func header(_ name: String) -> String? {
        let lower = name.lowercased()
        return headers.first { $0.name == lower }?.value
    }

    public static func == (a: HTTPRequest, b: HTTPRequest) -> Bool {
        a.method == b.method && a.path == b.path && a.query == b.query && a.body == b.body
            && a.headers.map(\.name) == b.headers.map(\.name) && a.headers.map(\.value) == b.headers.map(\.value)
    }
}

/// Why a request was refused, with the status it is answered with (always 4xx or 5xx).
public struct HTTPError: Error, Sendable, Equatable {
    public let status: Int
    public let message: String

    public init(_ status: Int, _ message: String) {
        self.status = status
        self.message = message
    }
}

/// Reads one request from bytes as they arrive (`append`), with every size bounded before it is
/// buffered: the request line and headers together at most `Limits.head` bytes and `Limits.headers`
/// fields, a body only by `Content-Length` and at most `Limits.body` bytes. Anything malformed is
/// an `HTTPError` naming the 4xx status it deserves (RFC 9112): 400 for bad syntax, a duplicate or
/// malformed Content-Length, NUL or other control bytes; 405 for a method other than GET and POST;
/// 411 for a POST without a length; 413 for a body too large; 431 for a head too large; 501 for a
/// Transfer-Encoding (chunked bodies are refused); 505 for a version other than HTTP/1.0 or 1.1.
public struct HTTPRequestParser: Sendable {
    public enum Limits {
        public static let head = 16 * 1024
        public static let headers = 100
        public static let body = 1 << 20
    }

    private var buffer: [UInt8] = []
    /// Where the search for the end of the head resumes.
    private var scanned = 0
    /// The head once read, waiting for its body.
    private var pending: (head: Head, bodyStart: Int, length: Int)?

    public init() {}

    /// Adds `bytes` and returns the request once it is complete, nil while more is needed.
    public mutating func append(_ bytes: some Sequence<UInt8>) throws(HTTPError) -> HTTPRequest? {
        buffer.append(contentsOf: bytes)
        if pending == nil {
            guard let end = headEnd() else {
                guard buffer.count <= Limits.head else { throw HTTPError(431, "request line and headers exceed \(Limits.head) bytes") }
                return nil
            }
            guard end <= Limits.head else { throw HTTPError(431, "request line and headers exceed \(Limits.head) bytes") }
            let head = try Head(Array(buffer[..<end]))
            pending = (head, end + 4, try head.bodyLength())
        }
        guard let (head, start, length) = pending, buffer.count - start >= length else { return nil }
        return HTTPRequest(method: head.method, path: head.path, query: head.query, headers: head.headers,
                           body: Array(buffer[start..<(start + length)]))
    }

    /// The index of the blank line's CRLF CRLF, when it has arrived.
    private mutating func headEnd() -> Int? {
        let bytes = buffer
        var i = max(0, scanned - 3)
        while i + 3 < bytes.count {
            if bytes[i] == 13, bytes[i + 1] == 10, bytes[i + 2] == 13, bytes[i + 3] == 10 { return i }
            i += 1
        }
        scanned = bytes.count
        return nil
    }

    /// The request line and header fields.
    private struct Head: Sendable {
        let method: HTTPRequest.Method
        let path: String
        let query: [String: String]
        let headers: [(name: String, value: String)]

        init(_ bytes: [UInt8]) throws(HTTPError) {
            var lines: [ArraySlice<UInt8>] = []
            var start = 0
            for i in bytes.indices where bytes[i] == 10 {
                guard i > start, bytes[i - 1] == 13 else { throw HTTPError(400, "a line ends without CRLF") }
                lines.append(bytes[start..<(i - 1)])
                start = i + 1
            }
            lines.append(bytes[start...])
            for line in lines where line.contains(where: { ($0 < 0x20 && $0 != 9) || $0 == 0x7F }) {
                throw HTTPError(400, "control byte in the request head")
            }
            let requestLine = lines[0].split(separator: 32, omittingEmptySubsequences: false)
            guard requestLine.count == 3, let version = String(validating: requestLine[2], as: UTF8.self) else {
                throw HTTPError(400, "the request line is not METHOD TARGET VERSION")
            }
            guard version.hasPrefix("HTTP/") else { throw HTTPError(400, "the request line is not METHOD TARGET VERSION") }
            guard version == "HTTP/1.1" || version == "HTTP/1.0" else { throw HTTPError(505, "HTTP version \(version) not supported") }
            guard let method = HTTPRequest.Method(rawValue: String(decoding: requestLine[0], as: UTF8.self)) else {
                throw HTTPError(405, "method not allowed (GET and POST only)")
            }
            self.method = method
            let target = requestLine[1]
            guard target.first == UInt8(ascii: "/") else { throw HTTPError(400, "the request target must be a path starting with /") }
            let question = target.firstIndex(of: UInt8(ascii: "?"))
            path = try Self.decode(target[..<(question ?? target.endIndex)], plusIsSpace: false)
            // Every path served is ASCII; beyond it, a combining mark after a `/` would join it into one
            // Character and make the String comparisons of routing and folders disagree with the bytes.
            guard path.utf8.allSatisfy({ $0 < 0x80 }) else { throw HTTPError(400, "the path must be ASCII once decoded") }
            var query: [String: String] = [:]
            if let question {
                for pair in target[(question + 1)...].split(separator: UInt8(ascii: "&")) {
                    let eq = pair.firstIndex(of: UInt8(ascii: "=")) ?? pair.endIndex
                    let name = try Self.decode(pair[..<eq], plusIsSpace: true)
                    let value = eq == pair.endIndex ? "" : try Self.decode(pair[(eq + 1)...], plusIsSpace: true)
                    guard query[name] == nil else { throw HTTPError(400, "query parameter '\(name)' given twice") }
                    query[name] = value
                }
            }
            self.query = query
            guard lines.count - 1 <= Limits.headers else { throw HTTPError(431, "more than \(Limits.headers) header fields") }
            var headers: [(name: String, value: String)] = []
            for line in lines.dropFirst() {
                guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex else {
                    throw HTTPError(400, "a header line is not NAME: VALUE")
                }
                let name = line[..<colon]
                guard name.allSatisfy(Self.isTokenByte) else { throw HTTPError(400, "bad header name (or obsolete line folding)") }
                guard let value = String(validating: line[(colon + 1)...], as: UTF8.self) else { throw HTTPError(400, "header value is not UTF-8") }
                headers.append((String(decoding: name, as: UTF8.self).lowercased(), value.trimmingSpaces))
            }
            self.headers = headers
        }

        /// The length of the body: 0 for a GET without Content-Length, the one Content-Length
        /// otherwise.
        func bodyLength() throws(HTTPError) -> Int {
            if headers.contains(where: { $0.name == "transfer-encoding" }) {
                throw HTTPError(501, "Transfer-Encoding (chunked bodies) not supported; send Content-Length")
            }
            let lengths = headers.filter { $0.name == "content-length" }
            guard lengths.count <= 1 else { throw HTTPError(400, "Content-Length given twice") }
            guard let text = lengths.first?.value else {
                guard method == .get else { throw HTTPError(411, "POST needs Content-Length") }
                return 0
            }
            guard !text.isEmpty, text.count <= 10, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let length = Int(text) else {
                throw HTTPError(text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) && !text.isEmpty ? 413 : 400, "bad Content-Length '\(text)'")
            }
            guard length <= Limits.body else { throw HTTPError(413, "body exceeds \(Limits.body) bytes") }
            return length
        }

        /// A token character of RFC 9110 §5.6.2.
        static func isTokenByte(_ b: UInt8) -> Bool {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
            default: "!#$%&'*+-.^_`|~".utf8.contains(b)
            }
        }

        /// `bytes` with `%XX` escapes (and `+` when `plusIsSpace`) decoded; refuses a broken escape,
        /// text that is not UTF-8, and a decoded NUL.
        static func decode(_ bytes: ArraySlice<UInt8>, plusIsSpace: Bool) throws(HTTPError) -> String {
            var out: [UInt8] = []
            var i = bytes.startIndex
            func hex(_ b: UInt8) -> UInt8? {
                switch b {
                case 48...57: b - 48
                case 65...70: b - 55
                case 97...102: b - 87
                default: nil
                }
            }
            while i < bytes.endIndex {
                let b = bytes[i]
                if b == UInt8(ascii: "%") {
                    guard i + 2 < bytes.endIndex, let high = hex(bytes[i + 1]), let low = hex(bytes[i + 2]) else {
                        throw HTTPError(400, "bad percent-escape in the request target")
                    }
                    out.append(high << 4 | low)
                    i += 3
                } else {
                    out.append(plusIsSpace && b == UInt8(ascii: "+") ? 32 : b)
                    i += 1
                }
            }
            guard !out.contains(0), let text = String(validating: out, as: UTF8.self) else {
                throw HTTPError(400, "the request target is not UTF-8 text without NUL")
            }
            return text
        }
    }
}

extension String {
    /// The text without leading and trailing spaces and tabs.
    fileprivate var trimmingSpaces: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { $0 != " " && $0 != "\t" }) else { return "" }
        let last = scalars.lastIndex(where: { $0 != " " && $0 != "\t" })!
        return String(scalars[first...last])
    }
}
