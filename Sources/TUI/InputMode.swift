/// What the keyboard is talking to.
public enum InputMode: Equatable, Sendable {
    case browse
    /// Typing a search; `origin` is the cursor to restore on Esc.
    case search(TextField, origin: Int)
    /// Typing a gene filter for the edge list; `previous` is restored on Esc.
    case filter(TextField, previous: String)
    /// Typing a tissue / cancer-type filter for the cell-line list.
    case tissueFilter(TextField, previous: String)
    /// Typing the filter of a sheet (groups, compare, module, jobs, TRIP modules, gene view).
    case listFilter(ListFilter, TextField, previous: String)
    /// Typing a `:` command.
    case command(TextField)
    /// Filling in the "start a job" form.
    case form(JobForm)
    /// Filling in the TRIP form (`t`).
    case tripForm(TripForm)
    case help
}
