import Foundation
import Testing
import Landscape

/// Output paths: what `Files.checkWritable` refuses before a command starts, and atomic writes.
@Suite("Files")
struct FilesTests {
    @Test("refuses paths that cannot be written, naming the folder as given")
    func refuses() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("data.csv").path
        try Files.writeAtomically("x\n", to: file)
        let cases: [(String, String)] = [
            ("", "'': an empty path, not a file name"),
            ("\(folder.path)/new/", "\(folder.path)/new/: ends with '/', so it names a folder, not a file"),
            (folder.path, "\(folder.path): is a folder, not a file"),
            ("\(folder.path)/none/out.txt", "\(folder.path)/none/out.txt: folder \(folder.path)/none does not exist"),
            ("\(file)/out.txt", "\(file)/out.txt: folder \(file) is not a folder"),
            ("/proc/landscape-test.txt", "/proc/landscape-test.txt: cannot write in folder /proc (No such file or directory)"),
            ("\(folder.path)/" + String(repeating: "x", count: 256), "the file name is longer than 255 bytes"),
        ]
        for (path, message) in cases {
            let error = #expect(throws: LandscapeError.self) { try Files.checkWritable(path) }
            #expect(error?.description.hasSuffix(message) == true, "\(path): \(String(describing: error))")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["data.csv"])
    }

    @Test("writes replace a file whole, follow a link, and write a device in place")
    func writes() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("target.txt").path, link = folder.appendingPathComponent("link.txt").path
        try Files.writeAtomically("old\n", to: target)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        try Files.writeAtomically("new\n", to: link)
        #expect(try Files.read(target) == "new\n")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == target)
        try Files.writeAtomically("nothing\n", to: "/dev/null")
        var info = stat()
        #expect(stat("/dev/null", &info) == 0 && info.st_mode & S_IFMT == S_IFCHR)
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: folder.path)) == ["target.txt", "link.txt"])
    }
}
