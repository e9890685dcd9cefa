/// Terminal scatter plots: Unicode braille (2 x 4 dots per character) or, without UTF-8,
/// one '*' per character cell.
enum Plot {
    /// Rows of text (each exactly `width` characters) plotting values[i] against i, scaled
    /// to [lower, upper] (top row = upper), with a dotted zero line when zero is in range.
    static func scatter(_ values: [Double], width: Int, height: Int, lower: Double, upper: Double, unicode: Bool) -> [String] {
        guard width > 0, height > 0 else { return [] }
        let columns = unicode ? 2 * width : width, rows = unicode ? 4 * height : height
        var dots = [[Bool]](repeating: [Bool](repeating: false, count: columns), count: rows)
        let span = upper > lower ? upper - lower : 1
        func row(_ v: Double) -> Int { min(rows - 1, max(0, Int(((upper - v) / span * Double(rows - 1)).rounded()))) }
        if lower < 0 && upper > 0 {
            let zero = row(0)
            for x in stride(from: 0, to: columns, by: 4) { dots[zero][x] = true }
        }
        let n = values.count
        for (i, v) in values.enumerated() where v.isFinite {
            let x = n <= 1 ? 0 : min(columns - 1, i * (columns - 1) / (n - 1))
            dots[row(v)][x] = true
        }
        if !unicode {
            return dots.map { String($0.map { $0 ? "*" : " " }) }
        }
        // Braille dot bits by (column 0/1, row 0...3) inside one character.
        let bits: [[UInt32]] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]]
        return (0..<height).map { cy in
            String((0..<width).map { cx -> Character in
                var code: UInt32 = 0
                for dx in 0..<2 { for dy in 0..<4 where dots[cy * 4 + dy][cx * 2 + dx] { code |= bits[dx][dy] } }
                return code == 0 ? " " : Character(Unicode.Scalar(0x2800 + code)!)
            })
        }
    }

    /// The character column of point i of n in a plot `width` characters wide.
    static func column(of i: Int, count n: Int, width: Int, unicode: Bool) -> Int {
        let columns = unicode ? 2 * width : width
        let x = n <= 1 ? 0 : min(columns - 1, i * (columns - 1) / (n - 1))
        return unicode ? x / 2 : x
    }

    /// A one-line histogram of `values` in `bins` bars (block heights; ASCII: " .:-=+*#").
    static func histogram(_ values: [Double], bins: Int, unicode: Bool) -> (bars: String, lower: Double, upper: Double) {
        guard bins > 0, let lower = values.min(), let upper = values.max() else { return ("", 0, 0) }
        var counts = [Int](repeating: 0, count: bins)
        for v in values { counts[bin(of: v, lower: lower, upper: upper, bins: bins)] += 1 }
        let levels: [Character] = unicode ? [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"] : [" ", ".", ":", "-", "=", "+", "*", "#", "#"]
        let top = max(1, counts.max() ?? 1)
        let bars = String(counts.map { c -> Character in
            c == 0 ? levels[0] : levels[max(1, Int((Double(c) / Double(top) * 8).rounded(.up)))]
        })
        return (bars, lower, upper)
    }

    static func bin(of v: Double, lower: Double, upper: Double, bins: Int) -> Int {
        guard upper > lower else { return 0 }
        return min(bins - 1, max(0, Int((v - lower) / (upper - lower) * Double(bins))))
    }
}
