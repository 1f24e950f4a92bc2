/// Text made safe for XML attribute values and character content.
enum XMLText {
    /// `text` with markup characters escaped and the control characters XML 1.0 forbids removed.
    static func escaped(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&apos;"
            case "\t", "\n", "\r": output.unicodeScalars.append(scalar)
            default:
                let value = scalar.value
                if value < 0x20 || value == 0xfffe || value == 0xffff { continue }
                output.unicodeScalars.append(scalar)
            }
        }
        return output
    }
}
