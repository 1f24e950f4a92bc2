import Foundation

/// Reading inputs with errors that name the file, and writing outputs atomically: a temporary file
/// in the same folder is written, flushed to disk and renamed over the target, so a reader sees the
/// old file or the new one, never a half-written one.
public enum Files {
    /// The whole file as UTF-8 text.
    public static func read(_ path: String) throws -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw LandscapeError.invalidInput("\(path): no such file")
        }
        guard !isDirectory.boolValue else { throw LandscapeError.invalidInput("\(path): is a folder, not a file") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LandscapeError.invalidInput("\(path): cannot be read")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw LandscapeError.invalidInput("\(path): not UTF-8 text")
        }
        return text
    }

    /// Writes `text` to `path` atomically.
    public static func writeAtomically(_ text: String, to path: String) throws {
        try writeAtomically(Array(text.utf8), to: path)
    }

    /// Writes `bytes` to `path` atomically (temporary file, fsync, rename).
    public static func writeAtomically(_ bytes: [UInt8], to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw LandscapeError.invalidInput("\(path): folder \(folder) does not exist")
        }
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw LandscapeError.invalidInput("\(path): is a folder, not a file")
        }
        let temporary = folder + "/." + url.lastPathComponent + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else { throw LandscapeError.invalidInput("\(path): cannot write (\(String(cString: strerror(errno))))") }
        var failure: String?
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Foundation.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = String(cString: strerror(errno))
                    return
                }
                offset += n
            }
        }
        if failure == nil, fsync(fd) != 0 { failure = String(cString: strerror(errno)) }
        if close(fd) != 0, failure == nil { failure = String(cString: strerror(errno)) }
        if failure == nil, rename(temporary, path) != 0 { failure = String(cString: strerror(errno)) }
        if let failure {
            unlink(temporary)
            throw LandscapeError.invalidInput("\(path): cannot write (\(failure))")
        }
    }

    /// Refuses, before any work, output paths that could not be written: a missing or unwritable
    /// folder, or a folder where a file should go.
    public static func checkWritable(_ paths: [String]) throws {
        for path in paths {
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw LandscapeError.invalidInput("\(path): folder \(folder) does not exist")
            }
            guard FileManager.default.isWritableFile(atPath: folder) else {
                throw LandscapeError.invalidInput("\(path): folder \(folder) is not writable")
            }
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                throw LandscapeError.invalidInput("\(path): is a folder, not a file")
            }
        }
    }
}
