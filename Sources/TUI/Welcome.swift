import Jobs

/// The first minute on an empty catalog (issue 22 item 1): `make run` opens the explorer with
/// `--first-look`, which starts, once, a quick gefitinib profile of a few targets committed one target at a time
/// (edges appear as they are fitted), then TRIP on those networks predicting the EMT score
/// (a response the networks were not built along, so no per-fold profiles), whose modules fill
/// the Explain view live. "Once": only while the catalog has no run at all, so a cancelled or
/// finished first run is never started again. Stop: `X`, one key at any stage (the user did
/// not start these jobs, so nothing is asked; finished targets are kept), or `x` twice in Jobs.
public enum WelcomeStage: Equatable, Sendable {
    case profiling(pid: Int32?)
    /// The profile finished; TRIP starts when the poller has its run.
    case waitingForRun
    /// TRIP on the first profile is training.
    case training(pid: Int32?)
    case done

    /// The genes the first profile fits: well-known EMT and EGFR-pathway genes. Eight, because
    /// one target per commit costs a target's own Grams (about 6 CPU-s each in a release build
    /// with the sample's 502 regulators), and the first edges should appear within seconds.
    static let targets = ["CDH1", "VIM", "ESRP1", "EPCAM", "ZEB1", "EGFR", "ERBB3", "KRT19"]
    static let modulator = "gefitinib"
    static let response = "emt"
}

/// `.welcome` (sent once by the interactive explorer at start): starts the first profile when
/// the catalog has no run and has the gefitinib modulator and its targets.
func startWelcome(_ state: inout AppState) -> [Effect] {
    guard state.runs.isEmpty, state.welcome == nil,
          let index = state.modulators.firstIndex(where: { $0.name == WelcomeStage.modulator }) else { return [] }
    let present = Set(state.geneSymbols.values)
    let targets = WelcomeStage.targets.filter(present.contains)
    guard targets.count >= 4 else { return [] }
    state.modulatorIndex = index
    state.reorder(keeping: nil)
    state.cursor = 0                                  // a line with a gefitinib value (the list puts missing ones last)
    state.clampCursor()
    state.welcome = .profiling(pid: nil)
    let arguments = ["profile", "--catalog", state.catalogName, "--modulator", WelcomeStage.modulator, "--targets", targets.joined(separator: ",")]
        + ProfileArguments.quick + ["--batch", "1"]
    return [.startJob(arguments: arguments)]
}

/// Follows the first profile: its pid when started; TRIP once it has finished and its run is known.
func followWelcome(_ state: inout AppState, _ message: Message) -> [Effect] {
    switch (state.welcome, message) {
    case let (.profiling(nil)?, .jobStarted(job)) where job.command == "profile":
        state.welcome = .profiling(pid: job.pid)
        state.message = "first look: a quick \(WelcomeStage.modulator) profile of a few genes, one target at a time; then TRIP on it (X stops it)"
        return []
    case let (.training(nil)?, .jobStarted(job)) where job.command == "trip":
        state.welcome = .training(pid: job.pid)
        return []
    case let (.training(pid)?, .jobExited(exited, _, _, _)) where pid == exited:
        state.welcome = .done
        return []
    case let (.profiling(pid)?, .jobExited(exited, status, _, _)) where pid == exited:
        guard status == 0 else { state.welcome = .done; return [] }
        state.welcome = .waitingForRun
        return startWelcomeTRIP(&state)
    case (.waitingForRun?, .runsLoaded):
        return startWelcomeTRIP(&state)
    default:
        return []
    }
}

private func startWelcomeTRIP(_ state: inout AppState) -> [Effect] {
    guard let run = state.runs.last(where: { $0.kind == .profile && $0.modulator == WelcomeStage.modulator && $0.status == .finished }),
          state.modulators.contains(where: { $0.name == WelcomeStage.response }) else { return [] }
    state.welcome = .training(pid: nil)
    state.message = "first look: TRIP on run \(run.id) predicting the \(WelcomeStage.response) score; Tab to Explain shows its modules as it trains (X stops it)"
    return [.startJob(arguments: ["trip", "--catalog", state.catalogName, "--run", String(run.id), "--response", WelcomeStage.response, "--repeats", "1"])]
}

/// `X`: stops the first look with one key, whatever stage it is in: its running job is
/// cancelled (finished targets are kept) and nothing more is started.
func stopWelcome(_ state: inout AppState) -> [Effect] {
    let pid: Int32?
    switch state.welcome {
    case let .profiling(p)?, let .training(p)?: pid = p
    case .waitingForRun?:
        state.welcome = .done
        state.message = "first look stopped: TRIP will not start"
        return []
    case .done?, nil:
        state.message = "no first look is running"
        return []
    }
    guard let pid, let run = state.runs.first(where: { $0.pid == Int(pid) && $0.isActive }) else {
        state.message = "first look: its job is still starting; X again in a moment stops it"
        return []
    }
    state.welcome = .done
    state.cancelledPIDs.insert(pid)
    state.message = "first look stopped: cancelling run \(run.id) (\(run.kind.rawValue)); finished targets are kept"
    return [.cancelJob(runID: run.id)]
}
