import Landscape

/// libFuzzer target: the HTTP request parser of `landscape serve` (`HTTPRequestParser`) on
/// arbitrary bytes, fed whole and again split at a point the input chooses (its first byte). Both
/// feeds must agree, a refusal must carry a 4xx or 5xx status, and an accepted request must keep
/// the parser's bounds (body, header count). A trap anywhere is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTTP(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    func feed(_ pieces: [ArraySlice<UInt8>]) -> Result<HTTPRequest?, HTTPError> {
        var parser = HTTPRequestParser()
        do {
            for piece in pieces {
                if let request = try parser.append(piece) { return .success(request) }
            }
            return .success(nil)
        } catch {
            return .failure(error)
        }
    }
    let whole = feed([bytes[...]])
    let cut = bytes.isEmpty ? 0 : Int(bytes[0]) % (bytes.count + 1)
    let split = feed([bytes[..<cut], bytes[cut...]])
    guard whole == split else { fatalError("the parser's answer depends on how the bytes arrive") }
    switch whole {
    case .failure(let error):
        guard (400..<600).contains(error.status) else { fatalError("refused with status \(error.status)") }
    case .success(let request?):
        guard request.body.count <= HTTPRequestParser.Limits.body, request.headers.count <= HTTPRequestParser.Limits.headers,
              request.path.utf8.first == UInt8(ascii: "/")
        else { fatalError("an accepted request breaks the parser's bounds") }
    case .success(nil):
        break
    }
    return 0
}
