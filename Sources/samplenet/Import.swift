import ArgumentParser
import Catalog

/// `samplenet import ...`: bring data into the catalog. Every import is one transaction.
struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import expression, modulators, drug response, regulators or annotation.",
        discussion: """
            A typical sequence (what `make run` does with sample-data/):
              samplenet import expression sample-data/expression.tsv.gz
              samplenet import annotation sample-data/cell_line_keys.tsv
              samplenet import annotation sample-data/cosmic_info.csv.gz
              samplenet import regulators sample-data/regulators.txt
              samplenet import response sample-data/egfr_tki_response.tsv --drug gefitinib
              samplenet modulator emt --signature sample-data/tan2014_KS_cellline_signature.tsv
            Files may be gzipped. A failing import changes nothing.
            """,
        subcommands: [ImportExpression.self, ImportModulator.self, ImportResponse.self,
                      ImportRegulators.self, ImportAnnotation.self])
}

struct CommonImportOptions: ParsableArguments {
    @Flag(help: "Print what would be imported, matched and dropped; change nothing.")
    var dryRun = false

    @Option(help: ArgumentHelp("Write the keys that matched nothing to this file.", valueName: "file"))
    var unmatched: String?
}

struct ImportExpression: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "expression",
        abstract: "Import a genes x cells expression matrix (replaces the current one).",
        discussion: """
            Format: tab-separated, header `GENE<TAB>cell key...`, one row per gene; empty, NA or
            NaN values are missing. Duplicate genes or cell lines are errors.
            Example: samplenet import expression sample-data/expression.tsv.gz
            """)
    @OptionGroup var catalog: CatalogOptions
    @OptionGroup var common: CommonImportOptions
    @Argument(help: "Expression file (.tsv or .tsv.gz).") var file: String

    func run() throws {
        try ExitStatus.guarded {
            let report = try ExpressionImporter.run(path: file, into: try catalog.open(create: !common.dryRun), dryRun: common.dryRun)
            try emit(report, unmatchedFile: common.unmatched)
        }
    }
}

struct ImportModulator: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "modulator",
        abstract: "Import a per-cell modulator from a two-column table `cell<TAB>value`.",
        discussion: """
            The first column names cell lines (matched by normalised name key) or, when headed
            COSMIC_ID, COSMIC IDs. Empty or NA values are missing. A duplicate cell line is an
            error; cell lines not in the catalog are reported.
            Example: samplenet import modulator hypoxia hypoxia_scores.tsv --unit score
            """)
    @OptionGroup var catalog: CatalogOptions
    @OptionGroup var common: CommonImportOptions
    @Argument(help: "Modulator name (letters, digits, _ - .).") var name: String
    @Argument(help: "Table file.") var file: String
    @Option(help: "Unit of the values.") var unit = ""
    @Flag(help: "Replace an existing modulator of that name (if no run uses it).") var replace = false

    func run() throws {
        try ExitStatus.guarded {
            var options = ModulatorImporter.Options(name: name)
            options.unit = unit
            options.replace = replace
            options.dryRun = common.dryRun
            let report = try ModulatorImporter.run(path: file, into: try catalog.open(), options: options)
            try emit(report, unmatchedFile: common.unmatched)
        }
    }
}

extension ResponseImporter.Measure: ExpressibleByArgument {}
extension ResponseImporter.DuplicateRule: ExpressibleByArgument {}

struct ImportResponse: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "response",
        abstract: "Import one drug's response (GDSC long format) as a modulator.",
        discussion: """
            Accepts SampleNet's egfr_tki_response.tsv layout and the official
            GDSC1/2_fitted_dose_response CSV (columns found by name). Cell lines are matched by
            COSMIC ID where both sides have one, else by name key. When one cell line gets
            conflicting values (e.g. TT and T-T share key TT), --duplicates decides:
            drop (default: drop them all and report), first, or mean.
            Example: samplenet import response sample-data/egfr_tki_response.tsv --drug gefitinib --dataset GDSC2
            """)
    @OptionGroup var catalog: CatalogOptions
    @OptionGroup var common: CommonImportOptions
    @Argument(help: "Response file (.tsv, .csv, optionally gzipped).") var file: String
    @Option(help: "Drug name (case-insensitive).") var drug: String
    @Option(help: "Dataset (DATASET column).") var dataset = "GDSC2"
    @Option(help: "ln_ic50 or auc.") var measure: ResponseImporter.Measure = .lnIC50
    @Option(help: "Modulator name (default: the drug name in lower case).") var name: String?
    @Option(help: "drop, first or mean.") var duplicates: ResponseImporter.DuplicateRule = .drop
    @Flag(help: "Replace an existing modulator of that name (if no run uses it).") var replace = false

    func run() throws {
        try ExitStatus.guarded {
            var options = ResponseImporter.Options(drug: drug)
            options.dataset = dataset
            options.measure = measure
            options.name = name
            options.duplicates = duplicates
            options.replace = replace
            options.dryRun = common.dryRun
            let report = try ResponseImporter.run(path: file, into: try catalog.open(), options: options)
            try emit(report, unmatchedFile: common.unmatched)
        }
    }
}

struct ImportRegulators: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "regulators",
        abstract: "Set the candidate regulators from a list of gene symbols (one per line).",
        discussion: "Replaces the previous regulator set. Example: samplenet import regulators sample-data/regulators.txt")
    @OptionGroup var catalog: CatalogOptions
    @OptionGroup var common: CommonImportOptions
    @Argument(help: "Symbol list.") var file: String

    func run() throws {
        try ExitStatus.guarded {
            let report = try RegulatorImporter.run(path: file, into: try catalog.open(), dryRun: common.dryRun)
            try emit(report, unmatchedFile: common.unmatched)
        }
    }
}

struct ImportAnnotation: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "annotation",
        abstract: "Annotate cell lines: COSMIC ID, name, tissue, cancer type.",
        discussion: """
            Columns are recognised by name: CELL_KEY, COSMIC_ID (cell_line_keys.tsv);
            SAMPLE_NAME, COSMIC_ID, GDSC2 (tissue), TCGA (cosmic_info.csv from gdsctools);
            or NAME, TISSUE, CANCER_TYPE.
            Example: samplenet import annotation sample-data/cosmic_info.csv.gz
            """)
    @OptionGroup var catalog: CatalogOptions
    @OptionGroup var common: CommonImportOptions
    @Argument(help: "Annotation table (.tsv or .csv, optionally gzipped).") var file: String

    func run() throws {
        try ExitStatus.guarded {
            let report = try AnnotationImporter.run(path: file, into: try catalog.open(), dryRun: common.dryRun)
            try emit(report, unmatchedFile: common.unmatched)
        }
    }
}
