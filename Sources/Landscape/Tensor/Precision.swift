/// The floating-point format a computation runs in (SPEC §3: every numerical command takes
/// `--precision float64|float32`, default float64).
public enum Precision: String, CaseIterable, Sendable {
    case float32, float64
}
