import ArgumentParser
import Catalog

/// `--catalog PATH`, shared by every command.
struct CatalogOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The catalog file.", discussion: "Default: $SAMPLENET_CATALOG, else ./samplenet.sqlite.", valueName: "path"))
    var catalog: String?

    var path: String { Catalog.resolvePath(catalog) }

    /// Opens the catalog, creating it when `create` is true.
    func open(create: Bool = false) throws -> Catalog {
        try Catalog(path: path, mustExist: !create)
    }
}
