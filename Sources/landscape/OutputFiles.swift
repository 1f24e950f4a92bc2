import Foundation
import Landscape

/// Writes a command's output files (each atomically), after checking that every one of them can be
/// placed, so that a bad second path does not leave the first file written (SPEC §4: nothing
/// half-written on an error).
func writeOutputs(_ outputs: [(path: String, text: String)]) throws {
    for (path, _) in outputs {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw LandscapeError.invalidInput("\(path): folder \(folder) does not exist")
        }
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw LandscapeError.invalidInput("\(path): is a folder, not a file")
        }
    }
    for (path, text) in outputs { try Files.writeAtomically(text, to: path) }
}
