import Foundation
import Catalog

func updateTissueFilter(_ state: inout AppState, key: Key, field: TextField, previous: String) {
    let keep = state.selectedCell?.id
    let query = field.text
    switch PromptEdit(key, field: field) {
    case .cancel:
        state.tissueFilter = previous
        state.mode = .browse
    case .accept:
        state.mode = .browse
        state.tissueFilter = query
        state.reorder(keeping: keep)
        if state.order.isEmpty { state.message = "no cell line's tissue or cancer type contains \"\(query)\"" }
    case let .changed(edited):
        state.mode = .tissueFilter(edited, previous: previous)
        state.tissueFilter = edited.text
    case .ignored: return
    }
    state.reorder(keeping: keep)
}

/// The comparison as a sheet: move, `s` sorts (|B - A|, regulator, target, status), `/` or `f`
/// filters by gene (Enter on empty clears).
func updateCompare(_ state: inout AppState, key: Key) -> [Effect] {
    if state.compareList.move(key, page: state.listHeight - 1) {
        state.compareList.clamp(count: state.compareOrder.count, visible: state.listHeight)
        return []
    }
    _ = updateSheetKeys(&state, key: key, sort: \.compareSort, list: \.compareList, what: "edges",
                        filter: .compare, resorted: { $0.reorderCompare() })
    return []
}

/// A sheet's gene-filter prompt: filters as it is typed, Enter keeps the text (so Enter on an
/// empty line clears the filter), Esc restores `previous`. false when the key changed nothing.
func updateSheetFilter(_ state: inout AppState, key: Key, field: TextField, previous: String, filter: WritableKeyPath<AppState, String>,
                       mode: (TextField, String) -> InputMode) -> Bool {
    switch PromptEdit(key, field: field) {
    case .cancel: state[keyPath: filter] = previous; state.mode = .browse
    case .accept: state[keyPath: filter] = field.text; state.mode = .browse
    case let .changed(edited): state.mode = mode(edited, previous); state[keyPath: filter] = edited.text
    case .ignored: return false
    }
    return true
}

extension CaseIterable where Self: Equatable {
    /// The next case, after the last the first: what a sort key cycles through.
    var next: Self {
        let all = Array(Self.allCases)
        return all[(all.firstIndex(of: self)! + 1) % all.count]
    }
}
