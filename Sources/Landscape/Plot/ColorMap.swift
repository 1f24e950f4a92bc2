/// A continuous colour map from [0, 1] to colours, given by equally spaced anchor colours with
/// linear interpolation between neighbours.
public struct ColorMap: Sendable {
    public let anchors: [Color]

    public init(anchors: [Color]) {
        precondition(anchors.count >= 2, "a colour map needs at least two anchors")
        self.anchors = anchors
    }

    /// The colour at `t`, clamped to [0, 1]; NaN gives the first anchor.
    public func color(at t: Double) -> Color {
        let clamped = t.isNaN ? 0 : min(max(t, 0), 1)
        let position = clamped * Double(anchors.count - 1)
        let index = min(Int(position), anchors.count - 2)
        return anchors[index].mixed(with: anchors[index + 1], fraction: position - Double(index))
    }

    /// Matplotlib's viridis, perceptually uniform and readable in grey scale: 16 anchors taken
    /// every 17th entry of its 256-entry table, so each anchor is exact.
    public static let viridis = ColorMap(anchors: [
        0x440154, 0x481a6c, 0x472f7d, 0x414487, 0x39568c, 0x31688e, 0x2a788e, 0x23888e,
        0x1f988b, 0x22a884, 0x35b779, 0x54c568, 0x7ad151, 0xa5db36, 0xd2e21b, 0xfde725,
    ].map { Color(hex: $0) })
}
