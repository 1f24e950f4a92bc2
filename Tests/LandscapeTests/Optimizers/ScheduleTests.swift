import Testing
import Landscape

@Suite("Learning-rate schedules")
struct ScheduleTests {
    func rate(_ spec: String, _ step: Int, base: Double = 0.1, total: Int = 100) throws -> Double {
        try LearningRateSchedule(parsing: spec).rate(base: base, step: step, totalSteps: total)
    }

    func expectRates(_ spec: String, _ expected: [Int: Double], sourceLocation: SourceLocation = #_sourceLocation) throws {
        for (step, value) in expected.sorted(by: { $0.key < $1.key }) {
            let actual = try rate(spec, step)
            #expect(abs(actual - value) < 1e-15, "\(spec) at step \(step): \(actual), expected \(value)", sourceLocation: sourceLocation)
        }
    }

    @Test("constant")
    func constant() throws { try expectRates("constant", [0: 0.1, 50: 0.1, 99: 0.1]) }

    @Test("linear warm-up η·(t + 1)/W, then constant")
    func warmup() throws { try expectRates("warmup:10", [0: 0.01, 4: 0.05, 9: 0.1, 10: 0.1, 80: 0.1]) }

    @Test("step decay η·γ^⌊t/E⌋")
    func step() throws { try expectRates("step:30:0.5", [0: 0.1, 29: 0.1, 30: 0.05, 59: 0.05, 60: 0.025, 99: 0.0125]) }

    @Test("cosine m + (η − m)(1 + cos(πt/T))/2")
    func cosine() throws {
        // t = 25 of 100: (1 + cos(π/4))/2 = (1 + √2/2)/2.
        try expectRates("cosine", [0: 0.1, 25: 0.1 * (1 + 0.5.squareRoot()) / 2, 50: 0.05, 100: 0])
        try expectRates("cosine:0.01", [0: 0.1, 50: 0.01 + 0.09 / 2])
    }

    @Test("cyclical triangle between η and the maximum, half cycle H")
    func cyclical() throws {
        try expectRates("cyclical:10:0.5", [0: 0.1, 5: 0.3, 10: 0.5, 15: 0.3, 20: 0.1, 25: 0.3, 30: 0.5])
    }

    @Test("warm-up followed by cosine over the remaining steps")
    func warmupThenCosine() throws {
        // W = 10 of T = 100: the cosine runs over the 90 steps after the warm-up; t = 55 is halfway.
        try expectRates("warmup:10+cosine", [0: 0.01, 9: 0.1, 10: 0.1, 55: 0.05])
    }

    @Test("descriptions read back as the same schedule")
    func roundTrip() throws {
        for spec in ["constant", "warmup:10", "step:30:0.5", "cosine", "cosine:0.01", "cyclical:10:0.5", "warmup:5+cosine:0.001"] {
            let schedule = try LearningRateSchedule(parsing: spec)
            #expect(schedule.description == spec)
            #expect(try LearningRateSchedule(parsing: schedule.description) == schedule)
        }
    }

    static let invalid = ["", "linear", "warmup", "warmup:0", "warmup:x", "step:10", "step:10:0", "step:0:0.5", "step:10:1.5",
                          "cosine:-1", "cosine:1:2", "cyclical:10", "cyclical:0:1", "constant:1", "cosine+warmup:5",
                          "warmup:5+warmup:5", "warmup:5+cosine+step:1:0.5", "warmup:5+"]

    @Test("malformed schedules are refused", arguments: invalid)
    func refuses(spec: String) {
        #expect(throws: LandscapeError.self) { try LearningRateSchedule(parsing: spec) }
    }

    @Test("a cosine minimum above the rate, or a cyclical maximum below it, is refused")
    func validate() throws {
        #expect(throws: LandscapeError.self) { try LearningRateSchedule(parsing: "cosine:0.5").validate(base: 0.1) }
        #expect(throws: LandscapeError.self) { try LearningRateSchedule(parsing: "cyclical:10:0.05").validate(base: 0.1) }
        try LearningRateSchedule(parsing: "cyclical:10:0.5").validate(base: 0.1)
    }
}
