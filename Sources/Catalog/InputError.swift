/// An error the user can cause and fix: a bad or missing file, an unknown name, a bad
/// option. Its description names the file, line (and column) and the problem, in one line.
public struct InputError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// Malformed, non-numeric, duplicated or unmatched data (exit status 65).
        case badData
        /// A file that does not exist or cannot be read (exit status 66).
        case missingInput
        /// A wrong combination of options or an unknown name (exit status 64).
        case usage
    }

    public let kind: Kind
    public let file: String?
    public let line: Int?
    public let problem: String

    public init(kind: Kind, file: String?, line: Int?, problem: String) {
        self.kind = kind
        self.file = file
        self.line = line
        self.problem = problem
    }

    public static func badData(file: String?, line: Int?, problem: String) -> InputError {
        InputError(kind: .badData, file: file, line: line, problem: problem)
    }
    public static func missing(file: String, problem: String = "no such file") -> InputError {
        InputError(kind: .missingInput, file: file, line: nil, problem: problem)
    }
    public static func usage(_ problem: String) -> InputError {
        InputError(kind: .usage, file: nil, line: nil, problem: problem)
    }

    /// `FILE:LINE: problem`, in the style of compilers, so editors can jump to it.
    public var description: String {
        var location = ""
        if let file { location = file + (line.map { ":\($0)" } ?? "") + ": " }
        return location + problem
    }
}
