/// A labelled position on an axis, in data units.
public struct Tick: Equatable, Sendable {
    public var value: Double
    public var label: String

    public init(_ value: Double, _ label: String) {
        self.value = value
        self.label = label
    }
}
