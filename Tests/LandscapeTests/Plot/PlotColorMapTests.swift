import Testing
import Landscape

@Suite("Plot colours")
struct PlotColorMapTests {
    @Test("viridis runs from #440154 to #fde725 through #21908d, getting lighter all the way")
    func viridis() {
        let map = ColorMap.viridis
        #expect(map.color(at: 0).hex == "#440154")
        #expect(map.color(at: 1).hex == "#fde725")
        #expect(map.color(at: -3).hex == "#440154" && map.color(at: 7).hex == "#fde725" && map.color(at: .nan).hex == "#440154")
        let middle = map.color(at: 0.5), reference = Color(hex: 0x21908d)
        #expect(abs(Int(middle.red) - Int(reference.red)) <= 2 && abs(Int(middle.green) - Int(reference.green)) <= 2
                && abs(Int(middle.blue) - Int(reference.blue)) <= 2, "\(middle.hex)")
        let luminance = (0...50).map { map.color(at: Double($0) / 50).luminance }
        #expect(zip(luminance, luminance.dropFirst()).allSatisfy { $0 < $1 })
    }

    @Test("palette colours are distinct and hex is two digits per channel")
    func palette() {
        #expect(Set(Palette.okabeIto.map(\.hex)).count == Palette.okabeIto.count)
        #expect(Palette.color(0) == Palette.color(Palette.okabeIto.count))
        #expect(Color(red: 1, green: 171, blue: 255).hex == "#01abff")
        #expect(Color.black.mixed(with: .white, fraction: 0.5).hex == "#808080")
    }
}
