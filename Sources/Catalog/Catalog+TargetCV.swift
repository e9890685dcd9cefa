/// What a target's bandwidth cross-validation found, as stored (METHOD.md 1.3 and 1.7's static
/// arm): the selected bandwidth's CV error, the best finite h and its error, the static fit's
/// error, and whether the best finite h is a grid boundary.
public struct TargetCVRow: Sendable, Equatable {
    public var selectedError: Double
    public var bestFiniteBandwidth: Double
    public var bestFiniteError: Double
    /// nil when the run had no static arm.
    public var staticError: Double?
    /// Standard error of (static - best finite CV error), paired over held-out cells; the
    /// static fit is kept unless the gain exceeds it (nil without the arm).
    public var differenceSE: Double?
    public var gridBoundary: Bool
    public init(selectedError: Double, bestFiniteBandwidth: Double, bestFiniteError: Double, staticError: Double?, differenceSE: Double?,
                gridBoundary: Bool) {
        self.selectedError = selectedError; self.bestFiniteBandwidth = bestFiniteBandwidth; self.bestFiniteError = bestFiniteError
        self.staticError = staticError; self.differenceSE = differenceSE; self.gridBoundary = gridBoundary
    }
}

/// Per target: does letting the network vary along the modulator predict held-out cells better
/// than one static network (the bandwidth CV's choice, METHOD.md 1.7)?
public enum ModulationVerdict: String, Sendable, CaseIterable {
    case varies
    case staticAsGood = "static is as good"
}

/// One target of a profile run with its bandwidth and CV record, for `samplenet runs targets`
/// and the explorer's gene view.
public struct TargetBandwidth: Sendable, Equatable {
    public var targetID: Int
    public var symbol: String
    public var finished: Bool
    public var edges: Int
    /// The bandwidth of every cell's fit: +infinity for the static fit; nil when not finished
    /// or not recorded (an imported network).
    public var bandwidth: Double?
    /// nil when the bandwidth was fixed (no CV) or the target is not finished.
    public var cv: TargetCVRow?
    /// The target's class in the signature that defines the run's modulator ("Epi", "Mes"),
    /// nil when it is not a signature gene (METHOD.md 1.7's signature overlap).
    public var signatureRole: String? = nil

    public var isStatic: Bool { bandwidth?.isInfinite == true }

    /// nil without a static arm (fixed bandwidth, or a run made before the arm existed).
    public var verdict: ModulationVerdict? {
        guard cv?.staticError != nil else { return nil }
        return isStatic ? .staticAsGood : .varies
    }

    /// 1 - best finite CV error / static CV error (negative when static is better).
    public var gainOverStatic: Double? {
        guard let cv, let s = cv.staticError, s > 0 else { return nil }
        return 1 - cv.bestFiniteError / s
    }

    /// One line for the explorer's gene view, e.g. "varies: h = 0.2, CV error 7.29 against
    /// the static fit's 8.77 (gain 0.17, more than 1 SE = 0.62)"; nil when not finished.
    public var modulationLine: String? {
        guard finished, let bandwidth else { return nil }
        func g(_ x: Double) -> String { String(format: "%.3g", x) }
        guard let cv else { return bandwidth.isNaN ? nil : "bandwidth fixed at h = \(g(bandwidth)): no CV, no static arm" }
        guard let s = cv.staticError, let verdict else {
            return "h = \(g(bandwidth)) by CV (error \(g(cv.selectedError))); this run had no static arm"
        }
        let se = cv.differenceSE.map { g($0) } ?? "?"
        let gain = gainOverStatic.map { g($0) } ?? "?"
        let edge = cv.gridBoundary ? ", on the grid's edge" : ""
        let overlap = signatureRole.map { "; \(symbol) is a gene (\($0)) of the signature that defines the modulator, so variation is expected by construction" } ?? ""
        switch verdict {
        case .varies:
            return "\(verdict.rawValue): h = \(g(bandwidth))\(edge), CV error \(g(cv.bestFiniteError)) against the static fit's \(g(s)) (gain \(gain), more than 1 SE = \(se))" + overlap
        case .staticAsGood:
            return "\(verdict.rawValue): one network in every line; the best finite h \(g(cv.bestFiniteBandwidth))\(edge) gains \(gain) (CV error \(g(cv.bestFiniteError)) against \(g(s)); 1 SE = \(se))" + overlap
        }
    }
}

extension Catalog {
    /// A run's targets by symbol with their bandwidths and CV records (one target's only
    /// when `targetID` is given; empty when it is not a target of the run).
    public func targetBandwidths(runID: Int, targetID: Int? = nil) throws -> [TargetBandwidth] {
        let s = try connection.prepare("""
            SELECT t.target_id, g.symbol, t.finished_at IS NOT NULL, t.edges, t.bandwidth, t.cv_error,
                   t.best_finite_bandwidth, t.best_finite_cv_error, t.static_cv_error, t.grid_boundary, t.cv_difference_se, mg.role
            FROM run_target t JOIN gene g ON g.id = t.target_id
            LEFT JOIN modulator_gene mg ON mg.gene_id = t.target_id AND mg.modulator_id = (SELECT modulator_id FROM run WHERE id = t.run_id)
            WHERE t.run_id = ?1 AND (?2 IS NULL OR t.target_id = ?2)
            ORDER BY g.symbol
            """)
        try s.bind([.integer(Int64(runID)), targetID.map { .integer(Int64($0)) } ?? .null])
        var out: [TargetBandwidth] = []
        while try s.step() {
            let finished = s.int(2) != 0
            var cv: TargetCVRow?
            if finished, !s.isNull(5), !s.isNull(6), !s.isNull(7) {
                cv = TargetCVRow(selectedError: s.double(5), bestFiniteBandwidth: s.double(6), bestFiniteError: s.double(7),
                                 staticError: s.isNull(8) ? nil : s.double(8), differenceSE: s.isNull(10) ? nil : s.double(10),
                                 gridBoundary: !s.isNull(9) && s.int(9) != 0)
            }
            out.append(TargetBandwidth(targetID: s.int(0), symbol: s.string(1) ?? "", finished: finished, edges: s.int(3),
                                       bandwidth: finished && !s.isNull(4) ? s.double(4) : nil, cv: cv, signatureRole: s.string(11)))
        }
        return out
    }
}

/// A run's bandwidth CV in one line: how many targets vary, how many a static fit predicts as
/// well, and how many best finite bandwidths sat on the grid's edge.
public struct TargetBandwidthSummary: Sendable, Equatable {
    public var targets = 0
    public var finished = 0
    public var varies = 0
    public var staticAsGood = 0
    /// Finished targets with a CV record whose best finite h is the grid's smallest or largest.
    public var onBoundary = 0
    /// Finished targets without a CV (fixed bandwidth) or without a static arm.
    public var withoutVerdict = 0
    /// Targets that are genes of the modulator's signature, and how many of them vary.
    public var signatureTargets = 0
    public var signatureVaries = 0

    public init(_ rows: [TargetBandwidth]) {
        targets = rows.count
        for row in rows where row.finished {
            finished += 1
            if row.cv?.gridBoundary == true { onBoundary += 1 }
            if row.signatureRole != nil {
                signatureTargets += 1
                if row.verdict == .varies { signatureVaries += 1 }
            }
            switch row.verdict {
            case .varies: varies += 1
            case .staticAsGood: staticAsGood += 1
            case nil: withoutVerdict += 1
            }
        }
    }

    public var sentence: String {
        var parts = ["\(targets) targets, \(finished) finished"]
        if varies + staticAsGood > 0 {
            parts.append("\(varies) \(ModulationVerdict.varies.rawValue), \(staticAsGood) \(ModulationVerdict.staticAsGood.rawValue)")
            parts.append("best finite h on the grid's edge for \(onBoundary)")
        }
        if withoutVerdict > 0 { parts.append("\(withoutVerdict) without a static arm (fixed bandwidth or an older run)") }
        if signatureTargets > 0 {
            parts.append("\(signatureTargets) are genes of the modulator's signature (\(signatureVaries) of them vary; expected by construction)")
        }
        return parts.joined(separator: "; ")
    }
}
