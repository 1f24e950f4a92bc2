import Foundation
import Landscape

extension Arguments {
    /// Refuses output paths (of the options `names`) that cannot be written — a missing folder, a
    /// folder in the file's place — before any work is done, so that a command that fails leaves no
    /// output file written or changed (SPEC §4).
    func checkOutputs(_ names: [String]) throws {
        for name in names {
            guard let path = string(name) else { continue }
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw LandscapeError.invalidInput("\(name) \(path): folder \(folder) does not exist")
            }
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                throw LandscapeError.invalidInput("\(name) \(path): is a folder, not a file")
            }
        }
    }
}
