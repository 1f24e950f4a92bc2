import Landscape

struct MakeDataCommand: Command {
    static let name = "make-data"
    static let summary = "generate a two-dimensional toy dataset (moons, circles, spirals, blobs) as CSV"
    static let discussion = """
    Writes a seeded toy classification set with columns x, y, label, rows shuffled. Moons and
    circles have two classes; spirals and blobs take --classes.
    """
    static let examples = [
        "landscape make-data --kind moons --count 400 --noise 0.1 --out moons.csv",
        "landscape make-data --kind spirals --classes 3 --count 600 --noise 0.05 --seed 2 --out spirals.csv",
    ]
    static let options: [Option] = [
        Option("--kind", "NAME", "moons|circles|spirals|blobs"),
        Option("--count", "N", "number of rows (default 300)"),
        Option("--classes", "K", "classes for spirals and blobs (default 3)"),
        Option("--noise", "SD", "standard deviation of Gaussian noise on x and y, at most 1000 (default 0.1)"),
        .seed,
        Option.output("--out", "write the CSV here (default: stdout)"),
    ]

    static func run(_ arguments: Arguments) throws {
        guard let kind = try arguments.choice("--kind", ToyDataset.self) else {
            throw LandscapeError.invalidInput("--kind is required (moons, circles, spirals or blobs)")
        }
        let dataset = kind.generate(
            count: try arguments.int("--count", range: 2...10_000_000) ?? 300,
            classes: try arguments.int("--classes", range: 2...1000) ?? 3,
            noise: try arguments.double("--noise", where: { $0 >= 0 && $0 <= 1000 }, expected: "in [0, 1000]") ?? 0.1,
            seed: try arguments.seed())
        if let out = arguments.string("--out") {
            try Files.writeAtomically(dataset.csvText, to: out)
        } else {
            print(dataset.csvText, terminator: "")
        }
    }
}
