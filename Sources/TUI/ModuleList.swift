import Catalog

/// The TRIP view's list of modules as a sheet (issue 22 item 5): `s` sorts by rank or size,
/// `/` keeps the modules holding a gene.
public enum ModuleListSort: String, CaseIterable, Sendable {
    case rank, size
}

extension AppState {
    /// The modules the TRIP view lists, filtered and sorted; `tripList` indexes this list.
    var shownModules: [NamedSubnetwork] {
        let wanted = tripFilter.lowercased()
        let modules = (trip?.subnetworks ?? []).filter { wanted.isEmpty || $0.genes.contains { $0.lowercased().contains(wanted) } }
        switch moduleListSort {
        case .rank: return modules
        case .size: return modules.sorted { ($1.edges.count, $0.rank) < ($0.edges.count, $1.rank) }
        }
    }

    var selectedModule: NamedSubnetwork? {
        let shown = shownModules
        return shown.indices.contains(tripList.cursor) ? shown[tripList.cursor] : nil
    }

    /// After a live update, the cursor follows the module it was on (the new one sharing most
    /// genes with it), so it does not jump under the user.
    mutating func followSelectedModule(previous: NamedSubnetwork?) {
        let shown = shownModules
        if let previous {
            let genes = Set(previous.genes)
            let overlaps = shown.map { Set($0.genes).intersection(genes).count }
            if let best = overlaps.indices.max(by: { overlaps[$0] < overlaps[$1] || (overlaps[$0] == overlaps[$1] && $0 > $1) }), overlaps[best] > 0 {
                tripList.cursor = best
            }
        }
        tripList.clamp(count: shown.count, visible: listHeight)
    }
}

