import ArgumentParser
import Catalog

/// `--catalog PATH`, shared by every command.
struct CatalogOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The catalog file.", discussion: "Default: $SAMPLENET_CATALOG, else ./samplenet.sqlite.", valueName: "path"))
    var catalog: String?

    var path: String { Catalog.resolvePath(catalog) }

    /// Opens the catalog to write to it, creating it when `create` is true.
    func open(create: Bool = false) throws -> Catalog {
        try Catalog(path: path, mustExist: !create)
    }

    /// Opens an existing catalog for a command that only reads (read-only where this user
    /// cannot write; never creates or alters a file that is not a catalog).
    func openForReading() throws -> Catalog {
        try Catalog.openForReading(path: path)
    }
}
