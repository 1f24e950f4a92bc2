import Foundation
import Testing
import Landscape

/// `landscape serve` as a child process on a free port, spoken to over raw sockets: the API's
/// bytes against the command line's, and every security case, each followed by a request that
/// must still be served.
@Suite("Serve command", .serialized)
struct ServeCommandTests {
    static let token = "0123456789abcdef0123456789abcdef"

    /// A running server in a folder holding the battery's small models and data.
    final class Server {
        let process = Process()
        let folder: URL
        let port: Int

        init(readTimeout: Double = 10, timeLimit: Double = 60) throws {
            folder = try CommandRunner.temporaryFolder()
            let files = try JSON(parsing: try Files.read(BadInputBattery.path))["files"]!
            for name in ["model.json", "other.json", "data.csv", "vector.txt"] {
                try files[name]!.stringValue!.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
            }
            process.executableURL = CommandRunner.binary
            process.arguments = ["serve", "--port", "0", "--no-browser", "--token", ServeCommandTests.token, "--models", folder.path,
                                 "--read-timeout", "\(readTimeout)", "--time-limit", "\(timeLimit)"]
            let out = Pipe()
            process.standardOutput = out
            process.standardError = FileHandle.nullDevice
            try process.run()
            var line = Data()
            while !line.contains(10) {
                let more = out.fileHandleForReading.availableData
                guard !more.isEmpty else { break }
                line += more
            }
            let url = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard url.hasPrefix("http://127.0.0.1:"), url.hasSuffix("/?token=\(ServeCommandTests.token)"),
                  let port = Int(url.dropFirst(17).prefix { $0 != "/" }) else {
                process.terminate()
                throw LandscapeError.invalidInput("serve printed '\(url)'")
            }
            self.port = port
        }

        /// Stops the server with SIGTERM and returns its exit status.
        func stop() -> Int32 {
            kill(process.processIdentifier, SIGTERM)
            process.waitUntilExit()
            try? FileManager.default.removeItem(at: folder)
            return process.terminationStatus
        }

        /// A connected socket to the server.
        func connect() throws -> Int32 {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = UInt16(port).bigEndian
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let status = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Foundation.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
            guard status == 0 else { throw LandscapeError.invalidInput("cannot connect") }
            return fd
        }

        /// Sends `bytes` and reads the answer until the server closes: status, head and body.
        func exchange(_ bytes: [UInt8]) throws -> (status: Int, head: String, body: String) {
            let fd = try connect()
            defer { close(fd) }
            _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            return Self.read(fd)
        }

        static func read(_ fd: Int32) -> (status: Int, head: String, body: String) {
            var answer: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 65536)
            while true {
                let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                guard n > 0 else { break }
                answer += chunk[..<n]
            }
            let text = String(decoding: answer, as: UTF8.self)
            let parts = text.components(separatedBy: "\r\n\r\n")
            let status = Int(parts[0].split(separator: " ").dropFirst().first ?? "") ?? 0
            return (status, parts[0], parts.dropFirst().joined(separator: "\r\n\r\n"))
        }

        /// A request with the local Host, the token (unless `auth` says otherwise) and `body`.
        func request(_ method: String = "GET", _ target: String, body: String? = nil, host: String? = nil,
                     auth: String? = "Authorization: token \(ServeCommandTests.token)", extra: [String] = []) throws -> (status: Int, head: String, body: String) {
            var lines = ["\(method) \(target) HTTP/1.1", "Host: \(host ?? "127.0.0.1:\(port)")"] + (auth.map { [$0] } ?? []) + extra
            if let body { lines.append("Content-Length: \(body.utf8.count)") }
            return try exchange(Array((lines.joined(separator: "\r\n") + "\r\n\r\n" + (body ?? "")).utf8))
        }

        func api(_ command: String, _ options: String) throws -> (status: Int, head: String, body: String) {
            try request("POST", "/api/\(command)", body: options)
        }

        /// Whether the server still answers a good request.
        func serves() throws -> Bool { try api("classify", #"{"surface": "saddle", "at": "0.1,0.2"}"#).status == 200 }
    }

    /// Each served command with options, as the API takes them and as the command line does.
    static let calls: [(command: String, json: String, arguments: [String])] = [
        ("descend", #"{"surface": "rosenbrock", "optimizer": "sgd,momentum", "lr": 0.001, "steps": 300}"#,
         ["--surface", "rosenbrock", "--optimizer", "sgd,momentum", "--lr", "0.001", "--steps", "300"]),
        ("descend", #"{"surface": "himmelblau", "start": "0.5,-0.5", "optimizer": "sgd,sgd", "noise": "0,3", "steps": 50, "path": true}"#,
         ["--surface", "himmelblau", "--start", "0.5,-0.5", "--optimizer", "sgd,sgd", "--noise", "0,3", "--steps", "50", "--path"]),
        ("surface", #"{"surface": "bowl", "condition": 50, "box": "-2:2,-1:1", "grid": 9}"#,
         ["--surface", "bowl", "--condition", "50", "--box", "-2:2,-1:1", "--grid", "9"]),
        ("classify", #"{"surface": "saddle", "at": "0.05,0.05"}"#, ["--surface", "saddle", "--at", "0.05,0.05"]),
        ("critical", #"{"surface": "himmelblau", "grid": 6}"#, ["--surface", "himmelblau", "--grid", "6"]),
        ("eval", #"{"model": "model.json", "data": "data.csv"}"#, ["--model", "model.json", "--data", "data.csv"]),
        ("grad", #"{"model": "model.json", "data": "data.csv", "precision": "float32"}"#, ["--model", "model.json", "--data", "data.csv", "--precision", "float32"]),
        ("hessian", #"{"model": "model.json", "data": "data.csv"}"#, ["--model", "model.json", "--data", "data.csv"]),
        ("sharpness", #"{"model": "model.json", "data": "data.csv", "k": 2, "start": "vector.txt"}"#,
         ["--model", "model.json", "--data", "data.csv", "--k", "2", "--start", "vector.txt"]),
        ("trace", #"{"model": "model.json", "data": "data.csv", "samples": 20, "seed": 3}"#,
         ["--model", "model.json", "--data", "data.csv", "--samples", "20", "--seed", "3"]),
        ("density", #"{"model": "model.json", "data": "data.csv", "steps": 5, "points": 20}"#,
         ["--model", "model.json", "--data", "data.csv", "--steps", "5", "--points", "20"]),
        ("interpolate", #"{"from": "model.json", "to": "other.json", "data": "data.csv", "alphas": "0:1:5"}"#,
         ["--from", "model.json", "--to", "other.json", "--data", "data.csv", "--alphas", "0:1:5"]),
        ("plane", #"{"model": "model.json", "data": "data.csv", "grid": 5}"#, ["--model", "model.json", "--data", "data.csv", "--grid", "5"]),
    ]

    @Test("POST /api/<command> answers exactly the bytes of <command> --json, for every command served")
    func sameBytes() throws {
        let server = try Server()
        defer { #expect(server.stop() == 0) }
        #expect(Set(Self.calls.map(\.command)) == Set(["descend", "surface", "classify", "critical", "eval", "grad", "hessian", "sharpness", "trace",
                                                       "density", "interpolate", "plane"]))
        for call in Self.calls {
            let answer = try server.api(call.command, call.json)
            let cli = try CommandRunner.run([call.command] + call.arguments + ["--json"], in: server.folder)
            #expect(cli.status == 0 && !cli.stdout.isEmpty, "\(call.command): \(cli.stderr)")
            #expect(answer.status == 200 && answer.head.contains("Content-Type: application/json"), "\(call.command): \(answer.body)")
            #expect(answer.body == cli.stdout, "\(call.command)")
        }
        let refused = try server.api("classify", #"{"surface": "saddle"}"#)
        let cli = try CommandRunner.run(["classify", "--surface", "saddle", "--json"], in: server.folder)
        #expect(refused.status == 400 && cli.status == 2)
        #expect(try JSON(parsing: refused.body)["error"]?.stringValue.map { "error: " + $0 + "\n" } == cli.stderr)
    }

    @Test("GET / is the explorer page, inline and loading nothing from the network; GET /api/file gives a data or log CSV's bytes and nothing else")
    func pageAndFiles() throws {
        let server = try Server()
        defer { #expect(server.stop() == 0) }
        let page = try server.request("GET", "/")
        #expect(page.status == 200 && page.head.contains("Content-Security-Policy: default-src 'self'"))
        #expect(page.body.contains("/api/") && !page.body.contains("http://") && !page.body.contains("https://") && !page.body.contains("src=\"//"))
        let data = try server.request("GET", "/api/file?path=data.csv")
        let text = try Files.read(server.folder.appendingPathComponent("data.csv").path)
        #expect(data.status == 200 && data.body == text)
        #expect(try server.request("GET", "/api/file?path=model.json").status == 403)
        #expect(try server.request("GET", "/api/file?path=../data.csv").status == 403)
        #expect(try server.request("GET", "/api/file?path=missing.csv").status == 400)
        #expect(try server.request("GET", "/api/file?path=data.csv", auth: nil).status == 403)
        #expect(try server.serves())
    }

    @Test("a missing or wrong token, a foreign Host or Origin are refused with 403, and the server goes on serving")
    func access() throws {
        let server = try Server()
        defer { #expect(server.stop() == 0) }
        let port = server.port
        let page = try server.request("GET", "/?token=\(Self.token)", auth: nil)
        #expect(page.status == 200 && page.body.contains("<html"))
        #expect(page.head.contains("Set-Cookie: landscape_token=\(Self.token); HttpOnly; SameSite=Strict; Path=/"))
        #expect(page.head.contains("Content-Security-Policy: default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'"))
        #expect(try server.request("GET", "/api/files", auth: "Cookie: a=b; landscape_token=\(Self.token)").status == 200)
        let refusals: [(status: Int, head: String, body: String)] = [
            try server.request("GET", "/", auth: nil),
            try server.request("GET", "/?token=wrong", auth: nil),
            try server.request("GET", "/api/files", auth: "Cookie: landscape_token=wrong"),
            try server.request("GET", "/api/files", auth: "Authorization: token \(Self.token)x"),
            try server.request("POST", "/api/classify", body: #"{"surface": "saddle", "at": "1,1"}"#, auth: nil),
            try server.request("GET", "/", host: "evil.example:\(port)"),
            try server.request("GET", "/", host: "127.0.0.1:\(port + 1)"),
            try server.request("GET", "/", host: "127.0.0.1"),
            try server.exchange(Array("GET /?token=\(Self.token) HTTP/1.1\r\n\r\n".utf8)),
            try server.request("POST", "/api/classify", body: #"{"surface": "saddle", "at": "1,1"}"#, extra: ["Origin: http://evil.example"]),
            try server.request("POST", "/api/classify", body: #"{"surface": "saddle", "at": "1,1"}"#, extra: ["Origin: http://localhost:\(port)"]),
        ]
        for (i, refusal) in refusals.enumerated() {
            #expect(refusal.status == 403, "case \(i): \(refusal.head)")
            #expect(try JSON(parsing: refusal.body)["error"]?.stringValue != nil, "case \(i)")
            #expect(try server.serves(), "case \(i)")
        }
        for host in ["localhost:\(port)", "[::1]:\(port)", "LOCALHOST:\(port)"] {
            #expect(try server.request("GET", "/", host: host).status == 200, "\(host)")
        }
        let sameOrigin = try server.request("POST", "/api/classify", body: #"{"surface": "saddle", "at": "1,1"}"#,
                                            extra: ["Origin: http://127.0.0.1:\(port)"])
        #expect(sameOrigin.status == 200)
    }

    @Test("paths leaving the folder, outputs, unknown commands and options and too much work are refused")
    func refusedCalls() throws {
        let server = try Server()
        defer { #expect(server.stop() == 0) }
        let outside = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: outside) }
        try FileManager.default.copyItem(at: server.folder.appendingPathComponent("model.json"), to: outside.appendingPathComponent("model.json"))
        try FileManager.default.createSymbolicLink(at: server.folder.appendingPathComponent("escape.json"), withDestinationURL: outside.appendingPathComponent("model.json"))
        try FileManager.default.createSymbolicLink(at: server.folder.appendingPathComponent("out"), withDestinationURL: outside)
        try FileManager.default.createDirectory(at: server.folder.appendingPathComponent("sub"), withIntermediateDirectories: true)
        let cases: [(command: String, json: String, status: Int)] = [
            ("eval", #"{"model": "../model.json", "data": "data.csv"}"#, 403),
            ("eval", #"{"model": "sub/../../model.json", "data": "data.csv"}"#, 403),
            ("eval", #"{"model": "\#(outside.path)/model.json", "data": "data.csv"}"#, 403),
            ("eval", #"{"model": "escape.json", "data": "data.csv"}"#, 403),
            ("eval", #"{"model": "out/model.json", "data": "data.csv"}"#, 403),
            ("interpolate", #"{"from": "model.json", "to": "escape.json", "data": "data.csv"}"#, 403),
            ("eval", #"{"model": "missing.json", "data": "data.csv"}"#, 400),
            ("grad", #"{"model": "model.json", "data": "data.csv", "out": "g.txt"}"#, 400),
            ("plane", #"{"model": "model.json", "data": "data.csv", "csv": "p.csv"}"#, 400),
            ("sharpness", #"{"model": "model.json", "data": "data.csv", "vectors": "v"}"#, 400),
            ("plane", #"{"model": "model.json", "data": "data.csv", "shard": "0/2"}"#, 400),
            ("critical", #"{"model": "model.json", "data": "data.csv"}"#, 400),
            ("eval", #"{"model": "model.json", "data": "data.csv", "json": true}"#, 400),
            ("eval", #"{"model": "model.json", "data": "data.csv", "frobnicate": 1}"#, 400),
            ("eval", #"{"model": ["model.json"], "data": "data.csv"}"#, 400),
            ("eval", #"["model.json"]"#, 400),
            ("eval", "not json", 400),
            ("descend", #"{"surface": "bowl", "steps": 100001}"#, 400),
            ("plane", #"{"model": "model.json", "data": "data.csv", "grid": 202}"#, 400),
            ("interpolate", #"{"from": "model.json", "to": "other.json", "data": "data.csv", "alphas": "0:1:5000"}"#, 400),
            ("train", #"{"data": "data.csv"}"#, 404),
            ("serve", #"{}"#, 404),
        ]
        for (i, c) in cases.enumerated() {
            let answer = try server.api(c.command, c.json)
            #expect(answer.status == c.status, "case \(i): \(answer.body)")
            #expect(try JSON(parsing: answer.body)["error"]?.stringValue != nil, "case \(i)")
            #expect(try server.serves(), "case \(i)")
        }
        #expect(!FileManager.default.fileExists(atPath: server.folder.appendingPathComponent("g.txt").path))
        let files = try JSON(parsing: try server.request("GET", "/api/files").body)["files"]?.arrayValue ?? []
        let paths = files.compactMap { $0["path"]?.stringValue }
        #expect(paths == ["data.csv", "model.json", "other.json", "vector.txt"], "\(paths)")
        #expect(try server.request("GET", "/nothing").status == 404)
        #expect(try server.request("GET", "/api/classify").status == 405)
    }

    @Test("networks over the parameter bound, iterates over theirs and files too large to read are refused wherever a call names them")
    func parameterBound() throws {
        let server = try Server()
        defer { #expect(server.stop() == 0) }
        func train(_ arguments: [String]) throws {
            let trained = try CommandRunner.run(["train", "--data", "data.csv"] + arguments, in: server.folder)
            #expect(trained.status == 0, "\(trained.stderr)")
        }
        // 2·500 + 500 + 500·400 + 400 + 400·2 + 2 = 202 702 parameters, over the bound of 200 000.
        try train(["--hidden", "500,400", "--steps", "1", "--out", "big.json", "--save-iterates", "big-path.json"])
        // 2·1000 + 1000 + 1000·2 + 2 = 5002 parameters at 400 steps (0 to 399): 2 000 800 numbers,
        // over the bound of 2 000 000.
        try train(["--hidden", "1000", "--steps", "399", "--iterates-every", "1", "--out", "wide.json", "--save-iterates", "long.json"])
        try train(["--hidden", "3", "--steps", "20", "--iterates-every", "1", "--out", "small.json", "--save-iterates", "short.json"])
        // A curve whose end points and bend are the big model.
        let big = try Model.load(server.folder.appendingPathComponent("big.json").path)
        try ModeCurve(curve: BezierCurve(architecture: big.architecture, start: big.network.parameters, end: big.network.parameters),
                      inputTransform: big.inputTransform, featureNames: big.featureNames, fromName: "big.json", toName: "big.json")
            .save(to: server.folder.appendingPathComponent("big-curve.json").path)
        // A model file one byte over the largest read, refused before it is read.
        let huge = server.folder.appendingPathComponent("huge.json")
        try #"{"format": "landscape-mlp", "#.write(to: huge, atomically: true, encoding: .utf8)
        let handle = try FileHandle(forWritingTo: huge)
        try handle.truncate(atOffset: 64_000_001)
        try handle.close()
        let tooLarge = "big.json has 202702 parameters; the server takes at most 200000"
        for (command, json, error) in [
            ("eval", #"{"model": "big.json", "data": "data.csv"}"#, tooLarge),
            ("interpolate", #"{"from": "model.json", "to": "big.json", "data": "data.csv"}"#, tooLarge),
            ("interpolate", #"{"from": "big.json", "to": "model.json", "data": "data.csv"}"#, tooLarge),
            ("plane", #"{"through": "model.json,other.json,big.json", "data": "data.csv"}"#, tooLarge),
            ("interpolate", #"{"curve": "big-curve.json", "data": "data.csv"}"#,
             "big-curve.json has 202702 parameters; the server takes at most 200000"),
            ("plane", #"{"model": "model.json", "data": "data.csv", "pca": "big-path.json"}"#,
             "big-path.json has 202702 parameters; the server takes at most 200000"),
            ("plane", #"{"model": "wide.json", "data": "data.csv", "pca": "long.json", "grid": 3}"#,
             "long.json holds 400 iterates of 5002 parameters; the server takes at most 2000000 numbers"),
            ("eval", #"{"model": "huge.json", "data": "data.csv"}"#, "huge.json is 64000001 bytes; the server reads model files of at most 64000000 bytes"),
        ] {
            let answer = try server.api(command, json)
            #expect(answer.status == 400, "\(command): \(answer.body)")
            #expect(try JSON(parsing: answer.body)["error"]?.stringValue == error)
            #expect(try server.serves())
        }
        let within = try server.api("plane", #"{"model": "small.json", "data": "data.csv", "pca": "short.json", "grid": 3}"#)
        #expect(within.status == 200, "\(within.body)")
        let files = try JSON(parsing: try server.request("GET", "/api/files").body)["files"]?.arrayValue ?? []
        let kinds = Dictionary(uniqueKeysWithValues: files.compactMap { file in
            file["path"]?.stringValue.flatMap { path in file["kind"]?.stringValue.map { (path, $0) } }
        })
        #expect(kinds["short.json"] == "iterates" && kinds["long.json"] == "iterates" && kinds["big-curve.json"] == "curve"
                && kinds["huge.json"] == "model" && kinds["small.json"] == "model", "\(kinds)")
    }

    @Test("a call that runs past --time-limit is stopped and answered 504; the server goes on serving")
    func timeLimit() throws {
        let server = try Server(timeLimit: 0.5)
        defer { #expect(server.stop() == 0) }
        // 16 × 100 000 steps on Rosenbrock: seconds in a release build, far more than half of one.
        let long = #"{"surface": "rosenbrock", "optimizer": "\#(Array(repeating: "sgd", count: 16).joined(separator: ","))", "lr": 0.0001, "steps": 100000}"#
        let answer = try server.api("descend", long)
        #expect(answer.status == 504, "\(answer.head)")
        #expect(try JSON(parsing: answer.body)["error"]?.stringValue == "the command ran past the server's limit of 0.5 s")
        #expect(try server.serves())
    }

    @Test("oversized, malformed and slow requests get their 4xx; SIGTERM stops it")
    func bounds() throws {
        let server = try Server(readTimeout: 1)
        let huge = "GET /?token=\(Self.token) HTTP/1.1\r\nHost: 127.0.0.1:\(server.port)\r\nX: " + String(repeating: "a", count: 20_000) + "\r\n\r\n"
        let big = try server.request("POST", "/api/classify", body: String(repeating: " ", count: (1 << 20) + 1))
        let cases: [(answer: (status: Int, head: String, body: String), status: Int)] = [
            (try server.exchange(Array(huge.utf8)), 431),
            (big, 413),
            (try server.exchange(Array("garbage\r\n\r\n".utf8)), 400),
            (try server.exchange(Array("POST /api/classify HTTP/1.1\r\nHost: 127.0.0.1:\(server.port)\r\nTransfer-Encoding: chunked\r\n\r\n".utf8)), 501),
            (try server.exchange(Array("GET / HTTP/1.1\r\nHost: 127.0.0.1:\(server.port)\r\n".utf8)), 408),
            (try server.exchange([]), 408),
        ]
        for (i, c) in cases.enumerated() {
            #expect(c.answer.status == c.status, "case \(i): \(c.answer.head)")
            #expect(try JSON(parsing: c.answer.body)["error"]?.stringValue != nil, "case \(i)")
            #expect(try server.serves(), "case \(i)")
        }
        #expect(server.stop() == 0)
    }

    @Test("a ninth connection while eight are open gets 503; once they close the server serves again")
    func connectionBound() throws {
        // The eight are held open far longer than a loaded machine may take to accept the ninth.
        let server = try Server(readTimeout: 60)
        let open = try (0..<8).map { _ in try server.connect() }
        let extra = try server.connect()
        #expect(Server.read(extra).status == 503)
        close(extra)
        open.forEach { close($0) }
        // Their threads count themselves out just after seeing the close: until then a request
        // may get 503, as the page's would, which asks again.
        var answer = try server.api("classify", #"{"surface": "saddle", "at": "0.1,0.2"}"#).status
        for _ in 0..<100 where answer == 503 {
            usleep(50_000)
            answer = try server.api("classify", #"{"surface": "saddle", "at": "0.1,0.2"}"#).status
        }
        #expect(answer == 200)
        #expect(server.stop() == 0)
    }
}
