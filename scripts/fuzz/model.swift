import Landscape

/// libFuzzer target: the model-file reader (`JSON(parsing:)`, then `Model(json:)`) on arbitrary
/// bytes. A model it accepts must write out and read back to the same bits (the format's promise),
/// and evaluate one row of zeros without trapping. A trap anywhere is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzModel(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let json = try? JSON(parsing: text) else { return 0 }
    _ = json.compactText
    guard let model = try? Model(json: json) else { return 0 }
    guard let again = try? Model(json: JSON(parsing: model.json.prettyText)),
          again.network.flatParameters == model.network.flatParameters,
          again.architecture == model.architecture, again.inputTransform == model.inputTransform
    else { fatalError("an accepted model does not read back to the same bits") }
    let width = model.architecture.inputWidth
    guard width <= 4096 else { return 0 }
    let row = Dataset(source: "zeros", featureNames: (0..<width).map { "x\($0)" },
                      features: Matrix(rows: 1, cols: width, elements: [Double](repeating: 0, count: width)), labels: [0])
    if let batch: Batch<Double> = try? model.batch(for: row) {
        _ = model.network.evaluate(batch)
    }
    return 0
}
