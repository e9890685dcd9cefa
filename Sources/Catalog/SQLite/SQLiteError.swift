import CSQLite3

/// An error from SQLite, with its result code, message and the SQL that caused it.
public struct SQLiteError: Error, CustomStringConvertible, Sendable {
    public let code: Int32
    public let message: String
    public let sql: String?

    public var description: String {
        var text = "SQLite error \(code): \(message)"
        if let sql { text += " (in: \(sql.prefix(200)))" }
        return text
    }

    /// Primary result codes (sqlite3.h) that commands explain to the user.
    public static let busy: Int32 = 5, locked: Int32 = 6, readOnly: Int32 = 8, ioError: Int32 = 10, corrupt: Int32 = 11,
                      full: Int32 = 13, notADatabase: Int32 = 26

    /// The primary result code (the extended code's low byte).
    public var primaryCode: Int32 { code & 0xff }

    /// The file is damaged or not a database at all.
    public var isDamaged: Bool { primaryCode == SQLiteError.corrupt || primaryCode == SQLiteError.notADatabase }

    /// True when another connection holds the lock longer than the busy timeout.
    public var isBusy: Bool { code & 0xff == SQLITE_BUSY || code & 0xff == SQLITE_LOCKED }
}
