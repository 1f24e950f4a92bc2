import Foundation

/// The folder `landscape serve --models` opens to the page: paths are relative to it and must stay
/// inside it after every symbolic link is resolved, so no request reads another file of the
/// machine (no `..`, no absolute path, no link that points out).
public struct ServedFolder: Sendable {
    /// The folder's real path (links resolved).
    public let root: String

    /// The folder `path`; throws `invalidInput` when it is not a folder.
    public init(_ path: String) throws {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue,
              let real = realpath(path, nil) else {
            throw LandscapeError.invalidInput("--models \(path) is not a folder")
        }
        root = String(cString: real)
        free(real)
    }

    /// `relative` checked to name a file inside the folder: 403 for an absolute path, a `..`
    /// component or a link out of the folder, 400 for an empty path or a file that does not exist.
    public func resolve(_ relative: String) throws(HTTPError) -> String {
        guard !relative.isEmpty else { throw HTTPError(400, "empty path") }
        guard !relative.hasPrefix("/"), !relative.hasPrefix("~") else { throw HTTPError(403, "path '\(relative)' must be relative to the served folder") }
        guard !relative.split(separator: "/").contains("..") else { throw HTTPError(403, "path '\(relative)' leaves the served folder (..)") }
        guard let real = realpath(root + "/" + relative, nil) else { throw HTTPError(400, "no file '\(relative)' in the served folder") }
        defer { free(real) }
        let resolved = String(cString: real)
        guard resolved.hasPrefix(root == "/" ? "/" : root + "/") else { throw HTTPError(403, "path '\(relative)' links out of the served folder") }
        return resolved
    }

    /// The files a page may open, as `{"files": [{"path", "kind", "bytes"}]}`: models
    /// (`landscape-mlp` JSON), curves, iterates, data and training-log CSV files, vector files, found up to
    /// `depth` folders down, hidden names skipped, links out of the folder left out, at most
    /// `limit` files, in path order.
    public func listing(depth: Int = 4, limit: Int = 1000) -> JSON {
        var found: [(path: String, kind: String, bytes: Int)] = []
        func visit(_ relative: String, _ level: Int) {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: relative.isEmpty ? root : root + "/" + relative) else { return }
            for name in names.sorted() where !name.hasPrefix(".") && found.count < limit {
                let path = relative.isEmpty ? name : relative + "/" + name
                guard let real = try? resolve(path) else { continue }
                var isFolder: ObjCBool = false
                guard FileManager.default.fileExists(atPath: real, isDirectory: &isFolder) else { continue }
                if isFolder.boolValue {
                    if level < depth { visit(path, level + 1) }
                } else if let kind = Self.kind(of: real) {
                    let bytes = (try? FileManager.default.attributesOfItem(atPath: real)[.size] as? Int) ?? 0
                    found.append((path, kind, bytes))
                }
            }
        }
        visit("", 0)
        return .object(["files": .array(found.map { .object(["path": .string($0.path), "kind": .string($0.kind), "bytes": .number($0.bytes)]) })])
    }

    /// What a file is, from its name and first bytes: model, curve, iterates, log, data, vector; nil otherwise.
    public static func kind(of path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        let head = String(decoding: (try? handle.read(upToCount: 512)) ?? Data(), as: UTF8.self)
        if path.hasSuffix(".json") || path.hasSuffix(".curve") {
            if head.contains("\"landscape-mlp\"") { return "model" }
            if head.contains("\"landscape-curve\"") { return "curve" }
            if head.contains("\"landscape-iterates\"") { return "iterates" }
            return nil
        }
        if path.hasSuffix(".csv") {
            let header = head.prefix { $0 != "\n" && $0 != "\r" }
            if header.hasPrefix("epoch,") || header.hasPrefix("step,") { return "log" }
            return header.split(separator: ",").contains("label") ? "data" : nil
        }
        return path.hasSuffix(".txt") ? "vector" : nil
    }
}
