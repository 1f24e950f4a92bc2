import Landscape

/// libFuzzer target: the surface-formula parser (`ExpressionParser.parse`) on arbitrary text. A
/// formula it accepts must print (`description`, shown in every surface command's output) as text
/// that parses back to the same formula, and must give its value, gradient and Hessian at a point
/// (what `classify` computes) without trapping. A trap anywhere is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzExpression(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let expression = try? ExpressionParser.parse(text) else { return 0 }
    guard let again = try? ExpressionParser.parse(expression.description), again == expression else {
        fatalError("'\(expression.description)' does not parse back to the formula it prints")
    }
    let surface = Surface(name: "fuzz", expression: expression)
    _ = PointAnalysis(surface: surface, at: SurfacePoint(x: 0.75, y: -1.5), precision: Double.self)
    _ = PointAnalysis(surface: surface, at: SurfacePoint(x: 0, y: 0), precision: Float.self)
    return 0
}
