import Testing
import Landscape

/// The request parser on well-formed requests, fed whole and byte by byte, and on every kind of
/// malformed, truncated or oversized input, each of which must be an `HTTPError` with its status.
@Suite("HTTP request parser")
struct HTTPRequestTests {
    /// Parses `text` in one piece; nil while incomplete.
    func parse(_ text: String) throws(HTTPError) -> HTTPRequest? {
        var parser = HTTPRequestParser()
        return try parser.append(Array(text.utf8))
    }

    /// The status `bytes` are refused with, or nil when they are accepted or incomplete.
    func refusal(_ bytes: [UInt8]) -> Int? {
        var parser = HTTPRequestParser()
        do {
            _ = try parser.append(bytes)
            return nil
        } catch {
            return error.status
        }
    }

    func refusal(_ text: String) -> Int? { refusal(Array(text.utf8)) }

    @Test("a GET with a query: decoded path and query, headers in any case")
    func get() throws {
        let r = try #require(try parse("GET /api/files%20x?token=a%2Fb&q=1+2&flag HTTP/1.1\r\nHost: 127.0.0.1:80\r\nX-Thing:  v a \r\n\r\n"))
        #expect(r.method == .get && r.path == "/api/files x")
        #expect(r.query == ["token": "a/b", "q": "1 2", "flag": ""])
        #expect(r.header("host") == "127.0.0.1:80" && r.header("HOST") == "127.0.0.1:80" && r.header("x-thing") == "v a")
        #expect(r.body.isEmpty)
    }

    @Test("a POST's body is read by Content-Length, in one piece or byte by byte")
    func post() throws {
        let text = "POST /api/classify HTTP/1.1\r\nContent-Length: 11\r\nContent-Type: application/json\r\n\r\n{\"at\":\"1\"}\nTRAILING"
        let whole = try #require(try parse(text))
        #expect(whole.method == .post && whole.body == Array("{\"at\":\"1\"}\n".utf8))
        var parser = HTTPRequestParser()
        var result: HTTPRequest?
        var completedAt = -1
        for (i, byte) in text.utf8.enumerated() where result == nil {
            result = try parser.append([byte])
            if result != nil { completedAt = i }
        }
        #expect(result == whole)
        #expect(completedAt == text.utf8.count - "TRAILING".utf8.count - 1)
    }

    @Test("truncated requests are incomplete, not errors", arguments: [
        "", "GET", "GET / HTTP/1.1", "GET / HTTP/1.1\r\n", "GET / HTTP/1.1\r\nHost: x\r\n\r",
        "POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nabc",
    ])
    func truncated(text: String) throws {
        #expect(try parse(text) == nil)
    }

    @Test("malformed requests are refused with their status", arguments: [
        ("garbage\r\n\r\n", 400),
        ("GET /\u{6E0}c HTTP/1.1\r\n\r\n", 400),
        ("GET /%CC%81api/ HTTP/1.1\r\n\r\n", 400),
        ("GET /\r\n\r\n", 400),
        ("GET  / HTTP/1.1\r\n\r\n", 400),
        ("GET / HTTP/2.0\r\n\r\n", 505),
        ("GET / FTP/1.1\r\n\r\n", 400),
        ("DELETE / HTTP/1.1\r\n\r\n", 405),
        ("get / HTTP/1.1\r\n\r\n", 405),
        ("GET http://evil/ HTTP/1.1\r\n\r\n", 400),
        ("GET * HTTP/1.1\r\n\r\n", 400),
        ("GET /%zz HTTP/1.1\r\n\r\n", 400),
        ("GET /%4 HTTP/1.1\r\n\r\n", 400),
        ("GET /%00 HTTP/1.1\r\n\r\n", 400),
        ("GET /%ff HTTP/1.1\r\n\r\n", 400),
        ("GET /?a=1&a=2 HTTP/1.1\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nNoColon\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\n: empty name\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nBad Name: x\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n", 400),
        ("GET / HTTP/1.1\nHost: x\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: a\rb\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\n\r\n", 411),
        ("POST / HTTP/1.1\r\nContent-Length: abc\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nContent-Length: \r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nContent-Length: 1 2\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nContent-Length: +5\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nabcde", 400),
        ("POST / HTTP/1.1\r\nContent-Length: 1048577\r\n\r\n", 413),
        ("POST / HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\n", 413),
        ("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", 501),
        ("POST / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\nabc", 501),
    ])
    func malformed(text: String, status: Int) {
        #expect(refusal(text) == status, "\(text.debugDescription)")
    }

    @Test("NUL and other control bytes in the head are refused")
    func controlBytes() {
        #expect(refusal(Array("GET /\0 HTTP/1.1\r\n\r\n".utf8)) == 400)
        #expect(refusal(Array("GET / HTTP/1.1\r\nHost: a\0b\r\n\r\n".utf8)) == 400)
        #expect(refusal(Array("GET / HTTP/1.1\r\nHost: a\u{7F}\r\n\r\n".utf8)) == 400)
        #expect(refusal([0x47, 0x45, 0x54, 0x20, 0x2F, 0xFF, 0xFE, 0x20] + Array(" HTTP/1.1\r\n\r\n".utf8)) == 400)
    }

    @Test("a body may hold any bytes, NUL included")
    func binaryBody() throws {
        var parser = HTTPRequestParser()
        let request = try #require(try parser.append(Array("POST / HTTP/1.1\r\nContent-Length: 3\r\n\r\n".utf8) + [0, 0xFF, 10]))
        #expect(request.body == [0, 0xFF, 10])
    }

    @Test("a head longer than 16 KiB is refused as soon as it is, complete or not")
    func hugeHead() {
        let line = "GET /" + String(repeating: "a", count: HTTPRequestParser.Limits.head) + " HTTP/1.1"
        #expect(refusal(line) == 431)
        #expect(refusal(line + "\r\n\r\n") == 431)
        var parser = HTTPRequestParser()
        var status: Int?
        for _ in 0..<20 where status == nil {
            do { _ = try parser.append(Array(repeating: UInt8(ascii: "x"), count: 1000)) } catch { status = error.status }
        }
        #expect(status == 431)
        let header = "GET / HTTP/1.1\r\nX: " + String(repeating: "b", count: 17_000) + "\r\n\r\n"
        #expect(refusal(header) == 431)
        let justFits = "GET / HTTP/1.1\r\nX: " + String(repeating: "b", count: HTTPRequestParser.Limits.head - 19) + "\r\n\r\n"
        #expect(justFits.utf8.count == HTTPRequestParser.Limits.head + 4 && refusal(justFits) == nil)
    }

    @Test("100 header fields are accepted, 101 refused")
    func headerCount() throws {
        func request(_ n: Int) -> String { "GET / HTTP/1.1\r\n" + (0..<n).map { "X-\($0): v\r\n" }.joined() + "\r\n" }
        #expect(try parse(request(100))?.headers.count == 100)
        #expect(refusal(request(101)) == 431)
    }

    @Test("random bytes never crash the parser and every refusal is 4xx or 5xx")
    func randomBytes() {
        var generator = RandomSource(seed: 17, stream: .data)
        let alphabet = Array("GET POST / HTTP/1.1\r\n:%?&=+Content-Length: 12\0\u{7F}".utf8)
        for _ in 0..<2000 {
            let count = Int(generator.next() % 200)
            let bytes = (0..<count).map { _ -> UInt8 in
                let r = generator.next()
                return r % 4 == 0 ? UInt8(truncatingIfNeeded: r >> 8) : alphabet[Int(r >> 8) % alphabet.count]
            }
            if let status = refusal(bytes) { #expect((400..<600).contains(status)) }
        }
    }
}
