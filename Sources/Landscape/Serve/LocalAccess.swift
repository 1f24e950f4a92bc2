/// Who may talk to a local server, the promises of Jupyter and TensorBoard: the request names the
/// local host in `Host` (a page on another site that rebinds its DNS name to 127.0.0.1 sends its
/// own name, so it is refused), carries the token (`?token=`, the cookie that sets, or
/// `Authorization: token T`), and a POST that says where it comes from (`Origin`) comes from this
/// server's own origin. Each refusal is a 403.
public struct LocalAccess: Sendable {
    public static let cookieName = "landscape_token"
    public let token: String
    /// The host names (with the port) a `Host` header may give.
    public let hosts: Set<String>

    /// Access to a server bound to `host` at `port` with `token`.
    public init(token: String, host: String, port: Int) {
        self.token = token
        let bound = host.contains(":") ? "[\(host)]" : host
        hosts = Set(["127.0.0.1", "localhost", "[::1]", bound.lowercased()].map { "\($0):\(port)" })
    }

    /// The refusal `request` deserves, or nil when it may be served.
    public func refusal(_ request: HTTPRequest) -> HTTPError? {
        guard let host = request.header("host")?.lowercased(), hosts.contains(host) else {
            return HTTPError(403, "the Host header must name this server (127.0.0.1, localhost or [::1] with its port)")
        }
        guard let given = presentedToken(request), Self.equal(given, token) else {
            return HTTPError(403, "missing or wrong token: open the URL the server printed (…/?token=…)")
        }
        if request.method == .post, let origin = request.header("origin"), origin != "http://\(host)" {
            return HTTPError(403, "cross-origin POST refused (Origin \(origin))")
        }
        return nil
    }

    /// Whether the request carries the token in its query, so that the answer sets the cookie.
    public func setsCookie(_ request: HTTPRequest) -> Bool { request.query["token"].map { Self.equal($0, token) } ?? false }

    /// The `Set-Cookie` value that lets the page's later requests in.
    public var cookie: String { "\(Self.cookieName)=\(token); HttpOnly; SameSite=Strict; Path=/" }

    /// The token the request presents: the query's, the cookie's, or the Authorization header's.
    func presentedToken(_ request: HTTPRequest) -> String? {
        if let token = request.query["token"] { return token }
        if let authorization = request.header("authorization"), authorization.hasPrefix("token ") {
            return String(authorization.dropFirst(6))
        }
        for header in request.headers where header.name == "cookie" {
            for pair in header.value.split(separator: ";") {
                let trimmed = pair.drop { $0 == " " }
                if trimmed.hasPrefix(Self.cookieName + "=") { return String(trimmed.dropFirst(Self.cookieName.count + 1)) }
            }
        }
        return nil
    }

    /// Compares in time that does not depend on where the texts differ.
    static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
