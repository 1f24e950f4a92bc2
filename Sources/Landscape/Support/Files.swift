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
        guard access(path, R_OK) == 0, let data = FileManager.default.contents(atPath: path) else {
            throw LandscapeError.invalidInput("\(path): cannot be read (\(String(cString: strerror(errno))))")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw LandscapeError.invalidInput("\(path): not UTF-8 text")
        }
        return text
    }

    /// The file at `path` parsed as JSON and handed to `decode`. An `invalidInput` error from
    /// reading, parsing or decoding gets the path in front unless it names the file already, so every
    /// file format reports its errors the same way.
    public static func readJSON<Value>(_ path: String, decode: (JSON) throws -> Value) throws -> Value {
        do {
            return try decode(try JSON(parsing: try read(path)))
        } catch LandscapeError.invalidInput(let message) where !message.hasPrefix(path) {
            throw LandscapeError.invalidInput("\(path): \(message)")
        }
    }

    /// The file at `path` parsed as JSON, with errors named as by `readJSON(_:decode:)`.
    public static func readJSON(_ path: String) throws -> JSON {
        try readJSON(path) { $0 }
    }

    /// Writes `text` to `path` atomically.
    public static func writeAtomically(_ text: String, to path: String) throws {
        try writeAtomically(Array(text.utf8), to: path)
    }

    /// Writes `bytes` to `path` atomically (temporary file, fsync, rename). A path that names a
    /// device or a pipe (`/dev/stdout`, `/dev/null`, a FIFO) is written directly instead: replacing
    /// it with a regular file would be wrong, and it has no old contents to keep.
    public static func writeAtomically(_ bytes: [UInt8], to path: String) throws {
        let target = try resolve(path)
        if target.isSpecial {
            let fd = open(target.path, O_WRONLY | O_TRUNC)
            guard fd >= 0 else { throw LandscapeError.invalidInput("\(path): cannot write (\(String(cString: strerror(errno))))") }
            var failure = write(bytes, to: fd)
            if close(fd) != 0, failure == nil { failure = String(cString: strerror(errno)) }
            if let failure { throw LandscapeError.invalidInput("\(path): cannot write (\(failure))") }
            return
        }
        // Creating the temporary file is the test `checkWritable` makes with its probe, so its failure
        // is reported the same way.
        let temporary = temporaryPath(in: target.folder)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else {
            throw LandscapeError.invalidInput("\(path): cannot write in folder \(target.shownFolder) (\(String(cString: strerror(errno))))")
        }
        var failure = write(bytes, to: fd)
        if failure == nil, fsync(fd) != 0 { failure = String(cString: strerror(errno)) }
        if close(fd) != 0, failure == nil { failure = String(cString: strerror(errno)) }
        if failure == nil, rename(temporary, target.path) != 0 { failure = String(cString: strerror(errno)) }
        if let failure {
            unlink(temporary)
            throw LandscapeError.invalidInput("\(path): cannot write (\(failure))")
        }
    }

    /// Where `writeAtomically(_:to:)` would write `path`, refusing what it could not write: an empty
    /// path, a path ending in `/`, a folder in the file's place, a missing folder, a file in the
    /// folder's place, a folder this user cannot create files in (tried, not guessed from mode bits,
    /// which do not bind root), a name too long. Commands call it for every output before they start
    /// working, so that they fail at once rather than after a long computation, with nothing written.
    @discardableResult
    public static func checkWritable(_ path: String) throws -> (path: String, folder: String, isSpecial: Bool) {
        let target = try resolve(path)
        if target.isSpecial { return (target.path, target.folder, true) }
        let probe = temporaryPath(in: target.folder)
        let fd = open(probe, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else {
            throw LandscapeError.invalidInput("\(path): cannot write in folder \(target.shownFolder) (\(String(cString: strerror(errno))))")
        }
        close(fd)
        unlink(probe)
        return (target.path, target.folder, false)
    }

    /// Everything `checkWritable` refuses short of creating a file: the target with symbolic links
    /// followed, its folder, that folder as the user wrote it (for messages), and whether the target
    /// is a device or a pipe, which is written in place. `writeAtomically` creates its temporary file
    /// instead of a probe, so a save does not create a file twice.
    private static func resolve(_ path: String) throws -> (path: String, folder: String, shownFolder: String, isSpecial: Bool) {
        func fail(_ message: String) -> LandscapeError { .invalidInput("\(path): \(message)") }
        guard !path.isEmpty else { throw LandscapeError.invalidInput("'': an empty path, not a file name") }
        guard !path.hasSuffix("/") else { throw fail("ends with '/', so it names a folder, not a file") }
        // A symbolic link is followed, so that the file it points to is the one replaced.
        var target = path
        if let resolved = realpath(path, nil) {
            target = String(cString: resolved)
            free(resolved)
        }
        var info = stat()
        if stat(target, &info) == 0 {
            switch info.st_mode & S_IFMT {
            case S_IFDIR: throw fail("is a folder, not a file")
            case S_IFREG: break
            default:
                guard access(target, W_OK) == 0 else { throw fail("cannot write (\(String(cString: strerror(errno))))") }
                let folder = folder(of: target)
                return (target, folder, target == path ? folder : self.folder(of: path), true)
            }
        }
        let name = target.split(separator: "/").last.map(String.init) ?? target
        guard name.utf8.count <= 255 else { throw fail("the file name is longer than 255 bytes") }
        let folder = folder(of: target), shownFolder = target == path ? folder : self.folder(of: path)
        guard stat(folder, &info) == 0 else { throw fail("folder \(shownFolder) does not exist") }
        guard info.st_mode & S_IFMT == S_IFDIR else { throw fail("folder \(shownFolder) is not a folder") }
        return (target, folder, shownFolder, false)
    }

    /// Whether `a` and `b` name one existing file (the same device and inode, after symbolic
    /// links), whatever their spelling: an output about to be written over an input.
    public static func sameFile(_ a: String, _ b: String) -> Bool {
        var x = stat(), y = stat()
        guard stat(a, &x) == 0, stat(b, &y) == 0 else { return false }
        return x.st_dev == y.st_dev && x.st_ino == y.st_ino
    }

    /// The folder part of `path` as written: `.` for a bare name, `/` for a file at the root.
    static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// A fresh hidden name in `folder`, short whatever the target's name.
    private static func temporaryPath(in folder: String) -> String {
        folder + "/.landscape-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).tmp"
    }

    /// Writes all of `bytes` to `fd`; the error text, or nil.
    private static func write(_ bytes: [UInt8], to fd: Int32) -> String? {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Foundation.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return String(cString: strerror(errno))
                }
                offset += n
            }
            return nil
        }
    }
}
