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
    static let kind = Option<ToyDataset>.choice("--kind", "the shape of the classes")
    static let count = Option.integer("--count", "number of rows", in: 2...10_000_000, default: 300)
    static let classes = Option.integer("--classes", "classes for spirals and blobs", placeholder: "K", in: 2...1000, default: 3)
    static let noise = Option.number("--noise", "standard deviation of Gaussian noise on x and y", placeholder: "SD", .within(0...1000), default: 0.1)
    static let out = Option.output("--out", "write the CSV here (default: stdout)")
    static let options: [any OptionDeclaration] = [kind, count, classes, noise, Options.seed, out]

    static func run(_ arguments: Arguments) throws {
        let dataset = try arguments.required(kind).generate(
            count: arguments[count], classes: arguments[classes], noise: arguments[noise], seed: arguments[Options.seed])
        if let out = arguments.value(out) {
            try Files.writeAtomically(dataset.csvText, to: out)
        } else {
            print(dataset.csvText, terminator: "")
        }
    }
}
