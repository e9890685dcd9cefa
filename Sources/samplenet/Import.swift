import ArgumentParser
import Catalog
import Jobs
import Foundation

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
                      ImportRegulators.self, ImportAnnotation.self, ImportNetwork.self])
}

struct CommonImportOptions: ParsableArguments {
    @Flag(help: "Print what would be imported, matched and dropped; change nothing.")
    var dryRun = false

    @Option(help: ArgumentHelp("Write the keys that matched nothing to this file.", valueName: "file"))
    var unmatched: String?
}

extension ExpressionOrientation: ExpressibleByArgument {}

struct ImportExpression: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "expression",
        abstract: "Import an expression matrix (replaces the current one); the layout is detected.",
        discussion: """
            Layouts (gzip or not; tab- or comma-separated):
              plain genes x cells   header `GENE` (or SYMBOL, GENE_SYMBOL) + cell names, one row per gene
              plain cells x genes   first column the cell line, then one column per gene (--orient)
              GDSC RMA              Cell_line_RMA_proc_basalExp.txt: GENE_SYMBOLS, GENE_title, DATA.<COSMIC_ID>...;
                                    rows without a symbol are dropped, of several rows of one symbol the one
                                    with the largest variance across cell lines is kept (both reported)
              GCT 1.2               #1.2, a dimensions line, Name, Description, samples...
              DepMap                OmicsExpression...TPMLogp1...csv: rows ModelID, columns `SYMBOL (EntrezID)`;
                                    --models Model.csv names the models and gives their COSMIC IDs
            Empty, NA or NaN values are missing. Cell lines are matched to the catalog's by COSMIC ID
            where both have one, else by the normalised name key; others are created.
            Duplicate genes (except GDSC RMA) or cell lines are errors naming file and line.
            Examples:
              samplenet import expression sample-data/expression.tsv.gz
              samplenet import expression Cell_line_RMA_proc_basalExp.txt --dry-run
              samplenet import expression OmicsExpressionProteinCodingGenesTPMLogp1.csv --models Model.csv
            """)
    @OptionGroup var catalog: CatalogOptions
    @OptionGroup var common: CommonImportOptions
    @Argument(help: "Expression file.") var file: String
    @Option(help: "auto, genes-by-cells or cells-by-genes.") var orient: ExpressionOrientation = .auto
    @Option(help: ArgumentHelp("DepMap Model.csv (ModelID -> cell line name, COSMIC ID).", valueName: "file")) var models: String?

    func run() throws {
        try ExitStatus.guarded {
            let table = try models.map { try ExpressionReader.models(path: $0) } ?? [:]
            // A bar on stderr for files that take a while (by bytes on disk, in MiB).
            let size = ((try? FileManager.default.attributesOfItem(atPath: file))?[.size] as? NSNumber)?.intValue ?? 0
            let mebibytes = max(1, size >> 20)
            let reporter = size > 8 << 20 ? ProgressReporter(total: mebibytes, label: "reading \((file as NSString).lastPathComponent)", unit: "MiB") : nil
            reporter?.start(interval: nil)       // a bar on a terminal; a log gets the result or the error alone
            let report: ImportReport
            do {
                report = try ExpressionImporter.run(path: file, into: try catalog.open(create: !common.dryRun), dryRun: common.dryRun,
                                                    orientation: orient, models: table,
                                                    progress: reporter.map { r in { r.set(Int($0 * Double(mebibytes))) } })
            } catch {
                reporter?.abandon()
                throw error
            }
            reporter?.stop()                     // the bar ends its line before the report is printed
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
            GDSC1/2_fitted_dose_response CSV or XLSX (the first sheet of the workbook; columns
            found by name; errors give the sheet row). Cell lines are matched by
            COSMIC ID where both sides have one, else by name key. When one cell line gets
            conflicting values (e.g. TT and T-T share key TT), --duplicates decides:
            drop (default: drop them all and report), first, or mean. A drug name with several
            DRUG_IDs in the dataset is reported (their rows are pooled).
            Also reads gdsctools' wide matrix `COSMIC_ID,Drug_<ID>_IC50,...` (ln IC50) with
            --drug-id (IC50_v17: 1 = erlotinib, 1010 = gefitinib).
            Examples:
              samplenet import response sample-data/egfr_tki_response.tsv --drug gefitinib --dataset GDSC2
              samplenet import response GDSC2_fitted_dose_response_24Jul22.csv --drug Erlotinib --dry-run
              samplenet import response GDSC1_fitted_dose_response_27Oct23.xlsx --drug Gefitinib --dataset GDSC1
              samplenet import response IC50_v17.csv.gz --drug gefitinib --drug-id 1010 --name gefitinib_gdsc1
            """)
    @OptionGroup var catalog: CatalogOptions
    @OptionGroup var common: CommonImportOptions
    @Argument(help: "Response file (.tsv, .csv, optionally gzipped, or .xlsx).") var file: String
    @Option(help: "Drug name (case-insensitive).") var drug: String
    @Option(help: "Dataset (DATASET column).") var dataset = "GDSC2"
    @Option(help: "ln_ic50 or auc.") var measure: ResponseImporter.Measure = .lnIC50
    @Option(help: "Modulator name (default: the drug name in lower case).") var name: String?
    @Option(help: "drop, first or mean.") var duplicates: ResponseImporter.DuplicateRule = .drop
    @Option(name: .customLong("drug-id"), help: "Column Drug_<ID>_IC50 of a wide COSMIC_ID x drug matrix.") var drugID: Int?
    @Flag(help: "Replace an existing modulator of that name (if no run uses it).") var replace = false

    func run() throws {
        try ExitStatus.guarded {
            var options = ResponseImporter.Options(drug: drug)
            options.dataset = dataset
            options.measure = measure
            options.name = name
            options.duplicates = duplicates
            options.drugID = drugID
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
