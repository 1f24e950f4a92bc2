/// A rectangle in pixels, y pointing down: the data area of a plot.
struct PixelRect: Equatable, Sendable {
    var x: Double
    var y: Double
    var width: Double
    var height: Double

    var maxX: Double { x + width }
    var maxY: Double { y + height }

    func contains(_ point: PlotPoint) -> Bool {
        point.x >= x - 1e-6 && point.x <= maxX + 1e-6 && point.y >= y - 1e-6 && point.y <= maxY + 1e-6
    }
}
