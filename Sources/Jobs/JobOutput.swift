import Foundation

/// A note for the person running a job: stderr, one line (stdout carries only results).
public func printNote(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// Thrown by a job stopped by SIGINT/SIGTERM after it has saved what it finished (a profile
/// run is left `incomplete`, a TRIP run `cancelled`); the command exits 130.
public struct JobInterrupted: Error, Sendable {
    public init() {}
}
