import Foundation
import CSQLite3

/// One SQLite connection. Not Sendable: create it on the thread that uses it
/// (opened with SQLITE_OPEN_NOMUTEX). Closes its handle in `deinit`.
public final class Connection {
    let handle: OpaquePointer
    public let path: String

    /// readOnly still takes SQLite's locks (and needs a writable folder for a WAL file's
    /// -shm); immutable reads the file as it is, without locks (a folder nobody can write).
    public enum Mode: Sendable { case readWrite, readOnly, immutable }

    public init(path: String, mode: Mode = .readWrite) throws {
        var db: OpaquePointer?
        var flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI
        flags |= (mode == .readWrite) ? (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) : SQLITE_OPEN_READONLY
        var name = path
        if mode == .immutable {
            let escaped = path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "?#%"))) ?? path
            name = "file:" + escaped + "?immutable=1"
        } else if path.hasPrefix("file:") {
            name = "./" + path      // a plain file name, never a URI
        }
        let rc = sqlite3_open_v2(name, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            if let db { sqlite3_close_v2(db) }
            throw SQLiteError(code: rc, message: "\(message): \(path)", sql: nil)
        }
        handle = db
        self.path = path
        sqlite3_extended_result_codes(db, 1)
        lockLimit = UnsafeMutablePointer<Double>.allocate(capacity: 1)
        lockLimit.initialize(to: mode == .readWrite ? .infinity : LockWait.readerLimit)
        sqlite3_busy_handler(db, lockWaitHandler, UnsafeMutableRawPointer(lockLimit))
    }

    /// Seconds this connection waits for another process's lock (LockWait).
    private let lockLimit: UnsafeMutablePointer<Double>

    /// Seconds this connection waits for another process's lock: infinity for a writing
    /// connection, `LockWait.readerLimit` for a read-only one; a UI sets a bound.
    public var lockWaitLimit: Double {
        get { lockLimit.pointee }
        set { lockLimit.pointee = newValue }
    }

    deinit {
        sqlite3_close_v2(handle)
        lockLimit.deallocate()
    }

    /// Runs one or more statements that return no rows.
    public func execute(_ sql: String) throws {
        var errorMessage: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &errorMessage)
        if rc != SQLITE_OK {
            let message = errorMessage.map { String(cString: $0) } ?? lastErrorMessage
            sqlite3_free(errorMessage)
            throw SQLiteError(code: rc, message: message, sql: sql)
        }
    }

    public func prepare(_ sql: String) throws -> Statement {
        try Statement(connection: self, sql: sql)
    }

    /// Runs a statement with bindings that returns no rows.
    public func run(_ sql: String, _ bindings: [SQLValue] = []) throws {
        let statement = try prepare(sql)
        try statement.bind(bindings)
        while try statement.step() {}
    }

    /// First column of the first row, or nil.
    public func scalar(_ sql: String, _ bindings: [SQLValue] = []) throws -> SQLValue? {
        let statement = try prepare(sql)
        try statement.bind(bindings)
        return try statement.step() ? statement.value(0) : nil
    }

    /// All rows, each as an array of values. For small results only.
    public func rows(_ sql: String, _ bindings: [SQLValue] = []) throws -> [[SQLValue]] {
        let statement = try prepare(sql)
        try statement.bind(bindings)
        var out: [[SQLValue]] = []
        while try statement.step() {
            out.append((0..<statement.columnCount).map { statement.value($0) })
        }
        return out
    }

    /// Runs `body` inside BEGIN IMMEDIATE ... COMMIT; any thrown error rolls back, so a
    /// failure leaves the catalog exactly as it was.
    /// Runs `body` in a transaction. Nested calls become savepoints inside the outer
    /// transaction, so writes compose (an import that creates a run and saves its targets is
    /// one transaction) and an error anywhere rolls the whole outer one back.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        let level = transactionDepth
        try execute(level == 0 ? "BEGIN IMMEDIATE" : "SAVEPOINT nested\(level)")
        transactionDepth += 1
        defer { transactionDepth -= 1 }
        do {
            let result = try body()
            try execute(level == 0 ? "COMMIT" : "RELEASE nested\(level)")
            return result
        } catch {
            try? execute(level == 0 ? "ROLLBACK" : "ROLLBACK TO nested\(level); RELEASE nested\(level)")
            throw error
        }
    }
    private var transactionDepth = 0

    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }
    public var changes: Int { Int(sqlite3_changes(handle)) }
    var lastErrorMessage: String { String(cString: sqlite3_errmsg(handle)) }
}
