import Foundation
import Testing
import Landscape

/// The access rules and the folder confinement on their own, without a socket.
@Suite("Serve access")
struct LocalAccessTests {
    func request(_ head: String) throws -> HTTPRequest {
        var parser = HTTPRequestParser()
        return try #require(try parser.append(Array((head + "\r\n\r\n").utf8)))
    }

    @Test("the token may come in the query, the cookie or the Authorization header; Host and Origin must be local")
    func rules() throws {
        let access = LocalAccess(token: "t0k", host: "127.0.0.1", port: 8765)
        #expect(access.refusal(try request("GET /?token=t0k HTTP/1.1\r\nHost: 127.0.0.1:8765")) == nil)
        #expect(access.setsCookie(try request("GET /?token=t0k HTTP/1.1\r\nHost: 127.0.0.1:8765")))
        #expect(access.refusal(try request("GET / HTTP/1.1\r\nHost: localhost:8765\r\nCookie: x=1; landscape_token=t0k")) == nil)
        #expect(access.refusal(try request("GET / HTTP/1.1\r\nHost: [::1]:8765\r\nAuthorization: token t0k")) == nil)
        let refused = [
            "GET / HTTP/1.1\r\nHost: 127.0.0.1:8765",
            "GET /?token=t0 HTTP/1.1\r\nHost: 127.0.0.1:8765",
            "GET /?token=t0kk HTTP/1.1\r\nHost: 127.0.0.1:8765",
            "GET / HTTP/1.1\r\nHost: 127.0.0.1:8765\r\nAuthorization: Bearer t0k",
            "GET /?token=t0k HTTP/1.1\r\nHost: attacker.example:8765",
            "GET /?token=t0k HTTP/1.1\r\nHost: 127.0.0.1",
            "GET /?token=t0k HTTP/1.1",
            "POST /?token=t0k HTTP/1.1\r\nHost: 127.0.0.1:8765\r\nOrigin: http://attacker.example\r\nContent-Length: 0",
            "POST /?token=t0k HTTP/1.1\r\nHost: 127.0.0.1:8765\r\nOrigin: null\r\nContent-Length: 0",
        ]
        for head in refused { #expect(access.refusal(try request(head))?.status == 403, "\(head)") }
        #expect(access.refusal(try request("POST /?token=t0k HTTP/1.1\r\nHost: 127.0.0.1:8765\r\nOrigin: http://127.0.0.1:8765\r\nContent-Length: 0")) == nil)
        let bound = LocalAccess(token: "t0k", host: "192.168.1.5", port: 80)
        #expect(bound.refusal(try request("GET /?token=t0k HTTP/1.1\r\nHost: 192.168.1.5:80")) == nil)
    }

    @Test("a served folder resolves relative paths inside it and refuses .., absolute paths and links out")
    func folder() throws {
        let root = try CommandRunner.temporaryFolder()
        let outside = try CommandRunner.temporaryFolder()
        defer { for url in [root, outside] { try? FileManager.default.removeItem(at: url) } }
        try "1\n".write(to: root.appendingPathComponent("a.txt"), atomically: true, encoding: .utf8)
        try "1\n".write(to: outside.appendingPathComponent("b.txt"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(at: root.appendingPathComponent("link.txt"), withDestinationURL: outside.appendingPathComponent("b.txt"))
        try FileManager.default.createSymbolicLink(at: root.appendingPathComponent("inner.txt"), withDestinationURL: root.appendingPathComponent("a.txt"))
        let folder = try ServedFolder(root.path)
        #expect(try folder.resolve("a.txt").hasSuffix("/a.txt"))
        #expect(try folder.resolve("./inner.txt").hasSuffix("/a.txt"))
        for (path, status) in [("../x", 403), ("/etc/passwd", 403), ("link.txt", 403), ("~/x", 403), ("nothing.txt", 400), ("", 400)] {
            #expect(throws: HTTPError.self, "\(path)") { try folder.resolve(path) }
            do { _ = try folder.resolve(path) } catch { #expect(error.status == status, "\(path)") }
        }
        #expect(throws: LandscapeError.self) { try ServedFolder(root.appendingPathComponent("a.txt").path) }
    }
}
