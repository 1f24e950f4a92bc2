/// One `name="value"` pair of an SVG element; elements keep them in order, so output is deterministic.
public struct SVGAttribute: Equatable, Sendable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}
