import CSQLite3

/// A value bound to or read from SQLite.
public enum SQLValue: Equatable, Sendable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])

    public var int: Int? { if case let .integer(v) = self { return Int(v) }; return nil }
    public var double: Double? {
        switch self {
        case let .real(v): return v
        case let .integer(v): return Double(v)
        default: return nil
        }
    }
    public var string: String? { if case let .text(v) = self { return v }; return nil }
}

/// A prepared statement; finalized in `deinit`.
public final class Statement {
    let handle: OpaquePointer
    let connection: Connection
    let sql: String

    init(connection: Connection, sql: String) throws {
        var statement: OpaquePointer?
        let rc = sqlite3_prepare_v3(connection.handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard rc == SQLITE_OK, let statement else {
            throw SQLiteError(code: rc, message: connection.lastErrorMessage, sql: sql)
        }
        self.handle = statement
        self.connection = connection
        self.sql = sql
    }

    deinit { sqlite3_finalize(handle) }

    /// Resets the statement and binds `values` to parameters 1...n.
    public func bind(_ values: [SQLValue]) throws {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let rc: Int32
            switch value {
            case .null: rc = sqlite3_bind_null(handle, index)
            case let .integer(v): rc = sqlite3_bind_int64(handle, index, v)
            case let .real(v): rc = sqlite3_bind_double(handle, index, v)
            case let .text(v): rc = sqlite3_bind_text(handle, index, v, -1, sn_sqlite_transient())
            case let .blob(v):
                rc = v.withUnsafeBytes {
                    sqlite3_bind_blob(handle, index, $0.baseAddress, Int32($0.count), sn_sqlite_transient())
                }
            }
            guard rc == SQLITE_OK else {
                throw SQLiteError(code: rc, message: connection.lastErrorMessage, sql: sql)
            }
        }
    }

    /// Binds a Double array as a little-endian float64 BLOB without an intermediate copy.
    public func bindDoubles(_ values: [Double], at index: Int32) throws { try bindBytes(values, at: index) }

    /// Binds the bytes of an array of plain numbers (little-endian on every platform Swift
    /// runs on here) as a BLOB.
    func bindBytes<T: BitwiseCopyable>(_ values: [T], at index: Int32) throws {
        let rc = values.withUnsafeBytes {
            sqlite3_bind_blob(handle, index, $0.baseAddress, Int32($0.count), sn_sqlite_transient())
        }
        guard rc == SQLITE_OK else {
            throw SQLiteError(code: rc, message: connection.lastErrorMessage, sql: sql)
        }
    }

    /// Advances one row; true while a row is available.
    @discardableResult
    public func step() throws -> Bool {
        let rc = sqlite3_step(handle)
        switch rc {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw SQLiteError(code: rc, message: connection.lastErrorMessage, sql: sql)
        }
    }

    /// Binds, runs to completion, and resets: for inserts in a loop.
    public func run(_ values: [SQLValue]) throws {
        try bind(values)
        while try step() {}
    }

    public var columnCount: Int { Int(sqlite3_column_count(handle)) }

    public func value(_ column: Int) -> SQLValue {
        let i = Int32(column)
        switch sqlite3_column_type(handle, i) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(handle, i))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(handle, i))
        case SQLITE_TEXT: return .text(String(cString: sqlite3_column_text(handle, i)))
        case SQLITE_BLOB: return .blob(blobBytes(column))
        default: return .null
        }
    }

    public func int(_ column: Int) -> Int { Int(sqlite3_column_int64(handle, Int32(column))) }
    public func double(_ column: Int) -> Double { sqlite3_column_double(handle, Int32(column)) }
    public func isNull(_ column: Int) -> Bool { sqlite3_column_type(handle, Int32(column)) == SQLITE_NULL }
    public func string(_ column: Int) -> String? {
        guard let text = sqlite3_column_text(handle, Int32(column)) else { return nil }
        return String(cString: text)
    }

    /// Reads a float64 BLOB column back into a Double array.
    public func doubles(_ column: Int) -> [Double] { values(column, as: Double.self) }

    /// Reads a BLOB column of fixed-width numbers back into an array (copied: SQLite's
    /// buffer need not be aligned).
    func values<T: BitwiseCopyable>(_ column: Int, as type: T.Type) -> [T] {
        let i = Int32(column)
        let bytes = Int(sqlite3_column_bytes(handle, i))
        let count = bytes / MemoryLayout<T>.stride
        guard count > 0, let raw = sqlite3_column_blob(handle, i) else { return [] }
        return [T](unsafeUninitializedCapacity: count) { buffer, initialised in
            UnsafeMutableRawBufferPointer(buffer).copyMemory(from: UnsafeRawBufferPointer(start: raw, count: count * MemoryLayout<T>.stride))
            initialised = count
        }
    }

    func blobBytes(_ column: Int) -> [UInt8] {
        let i = Int32(column)
        let count = Int(sqlite3_column_bytes(handle, i))
        guard count > 0, let raw = sqlite3_column_blob(handle, i) else { return [] }
        return Array(UnsafeRawBufferPointer(start: raw, count: count))
    }
}
