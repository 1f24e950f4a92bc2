/// Categorical colours for series and groups: the Okabe–Ito palette, which stays distinguishable
/// under the common colour-vision deficiencies. Yellow comes last because it is faint on white.
public enum Palette {
    public static let okabeIto: [Color] = [
        Color(hex: 0x0072b2), // blue
        Color(hex: 0xd55e00), // vermillion
        Color(hex: 0x009e73), // bluish green
        Color(hex: 0xcc79a7), // reddish purple
        Color(hex: 0xe69f00), // orange
        Color(hex: 0x56b4e9), // sky blue
        Color(hex: 0x000000), // black
        Color(hex: 0xf0e442), // yellow
    ]

    /// The colour of the `index`-th series, cycling through the palette.
    public static func color(_ index: Int) -> Color {
        okabeIto[((index % okabeIto.count) + okabeIto.count) % okabeIto.count]
    }
}
