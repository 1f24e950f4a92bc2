import Foundation

/// The pictures of the probes and the studies, drawn with the library's plots as SVG documents.
public enum Figures {
    /// Train (and test) loss along an interpolation, with the two models marked at α = 0 and 1, or
    /// along a `curve` between them, against t. The loss axis is logarithmic when the losses span
    /// more than a decade.
    public static func interpolation(_ points: [(alpha: Double, train: Double, test: Double?)], from: String, to: String,
                                     curve: Bool = false) -> String {
        paths([("", points)], from: from, to: to,
              title: curve ? "Loss along the curve (1 − t)²·A + 2t(1 − t)·C + t²·B" : "Loss along (1 − α)·A + α·B", xTitle: curve ? "t" : "α")
    }

    /// Train (and test) loss along a trained curve and along the straight line between its ends,
    /// against t, the two models marked at t = 0 and 1.
    public static func connection(curve: [(alpha: Double, train: Double, test: Double?)], line: [(alpha: Double, train: Double, test: Double?)],
                                  from: String, to: String) -> String {
        paths([("curve, ", curve), ("straight line, ", line)], from: from, to: to, title: "Loss along the curve and the straight line from A to B",
              xTitle: "t")
    }

    /// The losses of `paths` (train solid, test dashed, when every point has one), each series named
    /// by its path's prefix, with the ends marked A and B.
    private static func paths(_ paths: [(prefix: String, points: [(alpha: Double, train: Double, test: Double?)])], from: String, to: String,
                              title: String, xTitle: String) -> String {
        var series: [LineSeries] = []
        for (prefix, points) in paths {
            series.append(LineSeries(prefix + "train loss", x: points.map(\.alpha), y: points.map(\.train), marker: .circle))
            if points.allSatisfy({ $0.test != nil }) {
                series.append(LineSeries(prefix + "test loss", x: points.map(\.alpha), y: points.map { $0.test! }, dashed: true, marker: .square))
            }
        }
        let losses = paths.flatMap(\.points).flatMap { [$0.train] + ($0.test.map { [$0] } ?? []) }.filter(\.isFinite)
        let plot = LinePlot(
            title: title, xTitle: xTitle, yTitle: "mean loss", series: series,
            referenceLines: [ReferenceLine.vertical(0, label: "A: \(name(from))"), ReferenceLine.vertical(1, label: "B: \(name(to))")],
            yScale: spansDecades(losses) ? .logarithmic : .linear)
        return plot.svg
    }

    /// The loss over a plane as a heat map with iso-lines and a colour bar, the models marked and
    /// the `trajectories` drawn. Equal aspect, so distances and angles in parameter space read truly.
    public static func plane(
        a: [Double], b: [Double], losses: [Double], marks: [(name: String, a: Double, b: Double)], title: String,
        xTitle: String, yTitle: String, trajectories: [Trajectory] = []
    ) -> String {
        precondition(a.count >= 2 && b.count >= 2 && a.first! < a.last! && b.first! < b.last!, "a plane's grid ascends in a and in b")
        precondition(losses.count == a.count * b.count, "one loss per grid point")
        let values = (0..<a.count).map { i in Array(losses[i * b.count..<(i + 1) * b.count]) }
        let field = ScalarField(x: a.first!...a.last!, y: b.first!...b.last!, values: values)
        let plot = ContourPlot(
            field: field, title: title, xTitle: xTitle, yTitle: yTitle, colorBarTitle: "mean loss",
            logarithmic: spansDecades(losses.filter(\.isFinite)), levelCount: 12,
            markers: marks.map { PointMarker($0.name, at: PlotPoint($0.a, $0.b), shape: .circle, color: .white) },
            trajectories: trajectories, equalAspect: true)
        return plot.svg
    }

    /// A spectral density on a logarithmic axis (as PyHessian plots it), floored at a 10⁻⁸ of its
    /// peak so that the Gaussian tails do not stretch the axis over hundreds of decades.
    public static func density(_ curve: [(lambda: Double, density: Double)], title: String) -> String {
        let peak = curve.map(\.density).filter { $0.isFinite && $0 > 0 }.max() ?? 1
        let floor = peak * 1e-8
        let plot = LinePlot(
            title: title, xTitle: "eigenvalue λ", yTitle: "density",
            series: [LineSeries("density", x: curve.map(\.lambda), y: curve.map { max($0.density, floor) })],
            referenceLines: [ReferenceLine.vertical(0, label: "λ = 0")],
            yScale: .logarithmic, yRange: floor...(peak * 2))
        return plot.svg
    }

    /// A study's `measure` against the loss gap, one point per run, one group per configuration
    /// (per value of the first varied setting when there are more than ten configurations); the
    /// measure's axis is logarithmic when its positive values span more than a decade.
    public static func measureAndGap(_ result: StudyResult, measure: Measure = .sharpness) -> String {
        func points(_ configurations: [StudyResult.Configuration]) -> [PlotPoint] {
            configurations.flatMap(\.finished).compactMap { run in
                guard let x = run.metric(measure.rawValue), let g = run.metric("gap_loss") else { return nil }
                return PlotPoint(x, g)
            }
        }
        let groups: [ScatterGroup]
        if result.configurations.count <= 10 || result.varied.isEmpty {
            groups = result.configurations.map { ScatterGroup($0.label, points: points([$0])) }
        } else {
            let setting = result.varied[0]
            var values: [JSON] = []
            for c in result.configurations where !values.contains(c.settings[0].value) { values.append(c.settings[0].value) }
            groups = values.map { value in
                let members = result.configurations.filter { $0.settings[0].value == value }
                let text = RunConfiguration.setting(named: setting)?.value(in: members[0].configuration) ?? "none"
                return ScatterGroup("\(setting) \(text), \(members.count) configurations", points: points(members))
            }
        }
        let xs = groups.flatMap { $0.points.map(\.x) }
        let name = measure == .sharpness ? "Sharpness" : measure.title.prefix(1).uppercased() + measure.title.dropFirst()
        let plot = ScatterPlot(
            title: "\(name) and generalization gap, matched \(result.matching.rawValue)",
            xTitle: measure.title, yTitle: "gap: test loss − train loss",
            groups: groups, xScale: xs.allSatisfy({ $0 > 0 }) && spansDecades(xs) ? .logarithmic : .linear)
        return plot.svg
    }

    /// Dauphin et al. (2014)'s Fig. 1: the index of each critical point (the fraction of its
    /// Hessian's eigenvalues that are negative) against its loss, by kind; points where the search
    /// did not converge are left out.
    public static func criticalPoints(_ points: [NetworkCriticalPoint], title: String) -> String {
        let groups = [NetworkCriticalPoint.Kind.minimum, .saddle, .maximum].compactMap { kind -> ScatterGroup? in
            let members = points.filter { $0.kind == kind }
            return members.isEmpty ? nil : ScatterGroup("\(kind.rawValue) (\(members.count))", points: members.map { PlotPoint($0.index, $0.loss) })
        }
        let losses = points.filter(\.converged).map(\.loss)
        return ScatterPlot(title: title, xTitle: "index: fraction of negative Hessian eigenvalues", yTitle: "loss", groups: groups,
                           showMeans: false, yScale: losses.allSatisfy({ $0 > 0 }) && spansDecades(losses) ? .logarithmic : .linear).svg
    }

    /// A study's sharpness during training of each run, with each configuration's stability limit 2/lr.
    public static func sharpnessTrace(_ result: StudyResult) -> String {
        var series: [LineSeries] = []
        var limits: [(value: Double, labels: [String], color: Color)] = []
        for (i, c) in result.configurations.enumerated() {
            let color = Palette.color(i)
            for (k, run) in c.runs.enumerated() where !run.sharpnessTrace.isEmpty {
                series.append(LineSeries(k == 0 ? c.label : "", points: run.sharpnessTrace.map { PlotPoint(Double($0.step), $0.sharpness) },
                                         color: color))
            }
            // Configurations that share a learning rate share one line.
            if let limit = c.runs.first?.sharpnessTrace.last?.stabilityLimit {
                if let j = limits.firstIndex(where: { $0.value == limit }) {
                    limits[j].labels.append(c.label)
                    limits[j].color = Color(hex: 0x555555)
                } else {
                    limits.append((limit, [c.label], color))
                }
            }
        }
        let lines = limits.map { limit in
            ReferenceLine.horizontal(limit.value, label: "2/lr = \(NumberText.short(limit.value, digits: 4)) (\(joined(limit.labels)))",
                                     color: limit.color)
        }
        let plot = LinePlot(title: "Sharpness during training (edge of stability: 2/lr)", xTitle: "step", yTitle: "sharpness",
                            series: series, referenceLines: lines, xScale: .logarithmic, yScale: .logarithmic)
        return plot.svg
    }

    /// Labels in one line; `batch 8`, `batch 64` read `batch 8, 64`.
    private static func joined(_ labels: [String]) -> String {
        let parts = labels.map { $0.split(separator: " ", maxSplits: 1).map(String.init) }
        if parts.allSatisfy({ $0.count == 2 && $0[0] == parts[0][0] && !$0[1].contains(",") }) {
            return parts[0][0] + " " + parts.map { $0[1] }.joined(separator: ", ")
        }
        return labels.joined(separator: "; ")
    }

    /// One run's sharpness at each tracked step (`rows` of a training log) against the stability
    /// limit 2/lr of that step's learning rate: gradient descent on a quadratic with curvature above
    /// 2/lr diverges, and full-batch training drives the sharpness up to it and holds it there (the
    /// edge of stability of Cohen et al., 2021).
    public static func sharpness(during rows: [TrainingLog.Row]) -> String {
        let tracked = rows.filter { $0.sharpness != nil && $0.stabilityLimit != nil }
        let steps = tracked.map { Double($0.step) }
        let plot = LinePlot(
            title: "Sharpness during training (edge of stability: 2/lr)", xTitle: "step", yTitle: "top Hessian eigenvalue",
            series: [
                LineSeries("sharpness", x: steps, y: tracked.map { $0.sharpness! }, marker: .circle),
                LineSeries("2/lr", x: steps, y: tracked.map { $0.stabilityLimit! }, dashed: true),
            ])
        return plot.svg
    }

    /// Whether positive values span more than a factor of ten (then a log scale shows them better).
    private static func spansDecades(_ values: [Double]) -> Bool {
        guard let low = values.min(), let high = values.max(), low > 0 else { return false }
        return high / low > 10
    }

    /// A file's name without its folder, for labels.
    static func name(_ path: String) -> String { URL(fileURLWithPath: path).lastPathComponent }
}
