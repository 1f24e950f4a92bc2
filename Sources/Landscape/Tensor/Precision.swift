/// The floating-point format a computation runs in (`docs/FORMATS.md#numerical-conventions`: every numerical command takes
/// `--precision float64|float32`, default float64).
public enum Precision: String, CaseIterable, Sendable {
    case float32, float64
}
