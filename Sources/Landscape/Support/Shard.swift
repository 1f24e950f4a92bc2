/// One share of a piece of work made of independent pieces (a study's runs, a plane's cells):
/// shard `index` of `count` takes the pieces whose number `p` has `p mod count = index`, so the
/// shares are fixed by the work and the count alone, and dealt round-robin, so that slow pieces
/// (one configuration's runs, one region of a plane) spread over the shards.
public struct Shard: Equatable, Hashable, Sendable, CustomStringConvertible {
    /// From 0.
    public let index: Int
    public let count: Int

    public init(index: Int, count: Int) throws {
        guard count >= 1, (0..<count).contains(index) else {
            throw LandscapeError.invalidInput("shard \(index) of \(count): expected K/N with 0 ≤ K < N")
        }
        self.index = index
        self.count = count
    }

    /// `K/N`.
    public init(parsing text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]), n >= 1, n <= 1_000_000, (0..<n).contains(k) else {
            throw LandscapeError.invalidInput("expected K/N with 0 ≤ K < N ≤ 1000000 (shards count from 0)")
        }
        try self.init(index: k, count: n)
    }

    /// The shard of a Slurm array task: `SLURM_ARRAY_TASK_ID` less `SLURM_ARRAY_TASK_MIN`, of
    /// `SLURM_ARRAY_TASK_COUNT` (or `MAX − MIN + 1`) tasks; nil outside an array job. An array with
    /// a step or gaps (`--array=0-15:2`, `1,5,9`) is refused: its tasks would not cover the shards.
    public init?(slurm environment: [String: String]) throws {
        guard let id = environment["SLURM_ARRAY_TASK_ID"] else { return nil }
        func number(_ name: String) throws -> Int? {
            guard let text = environment[name] else { return nil }
            guard let value = Int(text) else { throw LandscapeError.invalidInput("\(name)=\(text) is not a whole number") }
            return value
        }
        guard let task = try number("SLURM_ARRAY_TASK_ID"), let low = try number("SLURM_ARRAY_TASK_MIN") else {
            throw LandscapeError.invalidInput("SLURM_ARRAY_TASK_ID=\(id) without SLURM_ARRAY_TASK_MIN: not a Slurm array task")
        }
        let high = try number("SLURM_ARRAY_TASK_MAX")
        guard let count = try number("SLURM_ARRAY_TASK_COUNT") ?? high.map({ $0 - low + 1 }) else {
            throw LandscapeError.invalidInput("a Slurm array task needs SLURM_ARRAY_TASK_COUNT or SLURM_ARRAY_TASK_MAX")
        }
        if let high, high - low + 1 != count {
            throw LandscapeError.invalidInput(
                "the Slurm array \(low)-\(high) has \(count) tasks: give it without steps or gaps (--array=\(low)-\(low + count - 1)), or --shard K/N")
        }
        try self.init(index: task - low, count: count)
    }

    /// Whether piece `piece` is this shard's.
    public func owns(_ piece: Int) -> Bool { piece % count == index }

    public var description: String { "\(index)/\(count)" }
}
