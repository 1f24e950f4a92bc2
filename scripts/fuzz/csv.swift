import Landscape

/// libFuzzer target: the CSV data-file reader (`Dataset(csv:source:)`) on arbitrary bytes, then what
/// every command does next with a dataset it accepted: class labels, a stratified split and
/// standardization. A trap anywhere is a finding; so is an accepted dataset that breaks the
/// reader's promise of finite cells, one label per row.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let dataset = try? Dataset(csv: text, source: "fuzz.csv") else { return 0 }
    guard dataset.labels.count == dataset.features.rows, dataset.count > 0,
          dataset.labels.allSatisfy(\.isFinite), dataset.features.elements.allSatisfy(\.isFinite)
    else { fatalError("the reader accepted a dataset that breaks its promises") }
    if let labels = try? dataset.classLabels() {
        guard labels.allSatisfy({ $0 >= 0 && $0 <= Dataset.maximumClassIndex }) else { fatalError("a class label out of range") }
    }
    for loss in [Loss.crossEntropy, .meanSquaredError] {
        _ = try? TrainingData(dataset: dataset, split: .fraction(0.5), testSet: nil, loss: loss, seed: 1, standardize: true)
    }
    return 0
}
