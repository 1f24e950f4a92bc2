import Foundation
import Landscape

struct ServeCommand: Command {
    static let name = "serve"
    static let summary = "the interactive explorer: a local web page and the commands' JSON over HTTP"
    static let discussion = """
    Serves, on --host (127.0.0.1 unless told otherwise) at --port, the explorer page at / and
    the API the page uses: POST /api/<command> with the command's options as a JSON object
    (keys without dashes, values strings or numbers, true for a flag) answers exactly what
    landscape <command> ... --json prints, for descend, surface, classify, critical (surfaces),
    eval, grad, hessian, sharpness, trace, density, interpolate and plane; GET /api/files lists
    the models, curves, training paths, data, logs and vectors under --models. Paths are
    relative to --models and must stay inside it; options that write files are refused; the
    work of a request is bounded.
    It prints its URL with the token, as Jupyter does: every request must carry the token (the
    first load of the URL sets a cookie), name the local host in Host, and a POST must come
    from the page's own origin. Ctrl-C or SIGTERM stops it. docs/FORMATS.md describes the API.
    """
    static let examples = [
        "landscape serve --port 0 --no-browser --check",
    ]
    static let host = Option.text("--host", "HOST", "address to listen on; another than the local host is warned about", default: "127.0.0.1")
    static let port = Option.integer("--port", "port (0: any free port, printed)", placeholder: "P", in: 0...65535, default: 8765)
    static let models = Option.text("--models", "DIR", "the folder whose files the page may open", default: ".")
    static let token = Option<String>("--token", "T", "the token every request must carry, letters, digits, - and _",
                                      defaultText: "32 random hex digits") { text in
        guard !text.isEmpty, text.count <= 256, text.unicodeScalars.allSatisfy({ $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_") }) else {
            throw LandscapeError.invalidInput("expected 1 to 256 letters, digits, - or _")
        }
        return text
    }
    static let noBrowser = Option.flag("--no-browser", "do not try to open the page in a browser (xdg-open)")
    static let check = Option.flag("--check", "bind, print the URL and exit (a check of the options and the address)")
    static let readTimeout = Option.number("--read-timeout", "seconds a client has to send its request", placeholder: "S", .above(0, atMost: 3600), default: 10)
    static let timeLimit = Option.number("--time-limit", "seconds an API call may run before it is stopped (504)", placeholder: "S", .above(0, atMost: 86400), default: 60)
    static let options: [any OptionDeclaration] = [host, port, models, token, noBrowser, check, readTimeout, timeLimit]

    static let contentSecurityPolicy = "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:"

    static func run(_ arguments: Arguments) throws {
        let folder = try ServedFolder(arguments[models])
        let host = arguments[host]
        let token = try arguments.value(token) ?? randomToken()
        let server = try HTTPServer(host: host, port: arguments[port], readTimeout: arguments[readTimeout])
        let local = ["127.0.0.1", "localhost", "::1"].contains(host)
        if !local { Output.note("warning: listening on \(host), not only this machine: anyone who can reach it and has the token can use it") }
        let urlHost = ["0.0.0.0", "::"].contains(host) ? "127.0.0.1" : host.contains(":") ? "[\(host)]" : host
        let url = "http://\(urlHost):\(server.port)/?token=\(token)"
        FileHandle.standardOutput.write(Data((url + "\n").utf8))
        if arguments.has(check) {
            server.stop()
            return
        }
        Output.note("serving \(folder.root) at \(url) (Ctrl-C stops)")
        if !arguments.has(noBrowser) { openBrowser(url) }
        signal(SIGPIPE, SIG_IGN)
        let stops = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { server.stop() }
            source.resume()
            return source
        }
        let access = LocalAccess(token: token, host: host, port: server.port)
        let api = ServeAPI(folder: folder, timeLimit: arguments[timeLimit])
        server.run { request in respond(to: request, access: access, api: api, folder: folder) }
        stops.forEach { $0.cancel() }
        Output.note("stopped")
    }

    /// The answer to one request: refused unless `access` allows it, then the page, the file list
    /// or an API call; the cookie is set when the token came in the query.
    static func respond(to request: HTTPRequest, access: LocalAccess, api: ServeAPI, folder: ServedFolder) -> HTTPResponse {
        if let refusal = access.refusal(request) { return .error(refusal) }
        var response: HTTPResponse
        switch (request.method, request.path) {
        case (.get, "/"):
            response = HTTPResponse(status: 200, headers: [("Content-Type", "text/html; charset=utf-8"), ("Content-Security-Policy", contentSecurityPolicy)],
                                    body: Array(ExplorerPage.html.utf8))
        case (.get, "/api/files"):
            response = .json(200, Array((folder.listing().compactText + "\n").utf8))
        case (.get, "/api/file"):
            response = csvFile(request.query["path"] ?? "", in: folder)
        case (.post, let path) where path.hasPrefix("/api/"):
            response = api.answer(String(path.dropFirst(5)), body: request.body)
        case (_, let path) where path == "/" || path.hasPrefix("/api/"):
            response = .error(405, "\(request.method.rawValue) not allowed on \(path)")
        default:
            response = .error(404, "no such page \(request.path)")
        }
        if access.setsCookie(request) { response.headers.append(("Set-Cookie", access.cookie)) }
        return response
    }

    /// A data or training-log CSV file under the folder, as text (the page draws logs from it);
    /// other files, and files over 16 MiB, are refused.
    static func csvFile(_ path: String, in folder: ServedFolder) -> HTTPResponse {
        do {
            let real = try folder.resolve(path)
            guard let kind = ServedFolder.kind(of: real), kind == "log" || kind == "data" else {
                return .error(403, "'\(path)' is not a data or training-log CSV file")
            }
            guard let bytes = FileManager.default.contents(atPath: real), bytes.count <= 16 << 20 else {
                return .error(413, "'\(path)' cannot be read, or is over 16 MiB")
            }
            return HTTPResponse(status: 200, headers: [("Content-Type", "text/csv; charset=utf-8")], body: Array(bytes))
        } catch {
            return .error(error)
        }
    }

    /// 32 hex digits from /dev/urandom.
    static func randomToken() throws -> String {
        guard let handle = FileHandle(forReadingAtPath: "/dev/urandom"), let bytes = try? handle.read(upToCount: 16), bytes.count == 16 else {
            throw LandscapeError.invalidInput("cannot read /dev/urandom for a token; give --token")
        }
        return bytes.map { String(format: "%02x", $0) }.joined()
    }

    /// Asks the desktop to open `url`, quietly; nothing happens where there is no xdg-open.
    static func openBrowser(_ url: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["xdg-open", url]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try? process.run()
    }
}
