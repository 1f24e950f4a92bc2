import Foundation
import Testing
import Landscape

/// Example figures of every plot type, for looking at: run
/// `PLOT_EXAMPLES=/tmp/plot-examples swift test --filter PlotExamples` and open the SVG files.
enum PlotExamples {
    static func rosenbrock(_ x: Double, _ y: Double) -> Double { (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x) }

    /// Train and test loss along a 1-D interpolation, on a log axis, with a reference line.
    static var interpolation: LinePlot {
        let alphas = (0...60).map { -1 + 3 * Double($0) / 60 }
        let train = alphas.map { 0.002 + 2.5 * pow($0 * ($0 - 1), 2) }
        let test = alphas.map { 0.09 + 2.2 * pow($0 * ($0 - 1), 2) + 0.05 * $0 * $0 }
        return LinePlot(
            title: "Loss along the line from A (α = 0) to B (α = 1)", xTitle: "α", yTitle: "loss",
            series: [LineSeries("train", x: alphas, y: train), LineSeries("test", x: alphas, y: test, dashed: true, marker: .circle)],
            referenceLines: [.horizontal(0.05, label: "target 0.05"), .vertical(0, label: "A"), .vertical(1, label: "B")],
            yScale: .logarithmic)
    }

    /// Rosenbrock's valley in log levels, two optimizer paths and the minimum.
    static var rosenbrockRace: ContourPlot {
        let field = ScalarField(x: -2...2, y: -1...3, xCount: 121, yCount: 121, function: rosenbrock)
        func descend(lr: Double, momentum: Double, steps: Int) -> [PlotPoint] {
            var p = PlotPoint(-1.5, 2.5), v = PlotPoint(0, 0), path = [p]
            for _ in 0..<steps {
                let gx = -2 * (1 - p.x) - 400 * p.x * (p.y - p.x * p.x), gy = 200 * (p.y - p.x * p.x)
                v = PlotPoint(momentum * v.x - lr * gx, momentum * v.y - lr * gy)
                p = PlotPoint(p.x + v.x, p.y + v.y)
                path.append(p)
            }
            return path
        }
        return ContourPlot(
            field: field, title: "Rosenbrock: gradient descent vs momentum", xTitle: "x", yTitle: "y",
            colorBarTitle: "f(x, y)", logarithmic: true,
            markers: [PointMarker("minimum (1, 1)", at: PlotPoint(1, 1), shape: .star, color: Color(hex: 0xf0e442))],
            trajectories: [Trajectory("GD, lr 0.001", points: descend(lr: 0.001, momentum: 0, steps: 3000)),
                           Trajectory("momentum 0.9, lr 0.0003", points: descend(lr: 0.0003, momentum: 0.9, steps: 1500))],
            equalAspect: true)
    }

    /// A tilted bowl with three labelled models.
    static var bowl: ContourPlot {
        let field = ScalarField(x: -1...1.5, y: -0.8...0.8, xCount: 61, yCount: 41) { x, y in
            0.3 + 1.5 * x * x + 4 * y * y + 0.8 * x * y
        }
        return ContourPlot(
            field: field, title: "Loss around model A", xTitle: "direction δ", yTitle: "direction η", colorBarTitle: "train loss",
            markers: [PointMarker("A", at: PlotPoint(0, 0)), PointMarker("B", at: PlotPoint(1, 0.3), shape: .square),
                      PointMarker("C", at: PlotPoint(-0.5, -0.6), shape: .triangle)])
    }

    /// Per-seed (gap, sharpness) points of two batch sizes, with means.
    static var seeds: ScatterPlot {
        func points(_ gap: Double, _ sharpness: Double, _ seed: Int) -> [PlotPoint] {
            (0..<8).map { k in
                let u = sin(Double(k * 7 + seed) * 1.7), w = cos(Double(k * 3 + seed) * 2.3)
                return PlotPoint(gap + 0.02 * u, sharpness * (1 + 0.25 * w))
            }
        }
        return ScatterPlot(
            title: "Generalization gap vs sharpness (8 seeds each)", xTitle: "test − train loss", yTitle: "sharpness λ_max",
            groups: [ScatterGroup("batch 8", points: points(0.05, 40, 1)), ScatterGroup("batch 512", points: points(0.11, 160, 2))])
    }
}

@Suite("Plot examples")
struct PlotExampleTests {
    @Test("renders example figures to $PLOT_EXAMPLES",
          .enabled(if: ProcessInfo.processInfo.environment["PLOT_EXAMPLES"] != nil))
    func render() throws {
        let folder = ProcessInfo.processInfo.environment["PLOT_EXAMPLES"]!
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try PlotExamples.interpolation.write(to: folder + "/line-log.svg")
        try PlotExamples.rosenbrockRace.write(to: folder + "/contour-rosenbrock.svg")
        try PlotExamples.bowl.write(to: folder + "/contour-bowl.svg")
        try PlotExamples.seeds.write(to: folder + "/scatter.svg")
    }
}
