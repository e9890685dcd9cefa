/// The normalised cell-line name key used to match cell lines across files: upper case,
/// ASCII letters and digits only ("MDA-MB-231" -> "MDAMB231", "Hs 578T" -> "HS578T").
public enum CellKey {
    public static func normalise(_ name: String) -> String {
        String(String.UnicodeScalarView(name.uppercased().unicodeScalars.filter {
            ($0 >= "A" && $0 <= "Z") || ($0 >= "0" && $0 <= "9")
        }))
    }
}
