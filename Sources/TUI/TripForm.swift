import Catalog

/// The form `t` opens to start TRIP on the networks the views show (issue 22: TRIP could only
/// be started from a second shell). Choice fields cycle with Space or Left/Right; number fields
/// edit like a shell line; Enter starts `samplenet trip` as a job, like `r` for a profile.
public struct TripForm: Equatable, Sendable {
    public enum Field: Int, CaseIterable, Sendable {
        case response, input, ranks, hidden, folds, repeats, seed

        var label: String {
            switch self {
            case .response: return "response (Space: next modulator)"
            case .input: return "input (Space: beta, re, perturbation)"
            case .ranks: return "ranks J1,J2"
            case .hidden: return "hidden units (0: linear)"
            case .folds: return "CV folds"
            case .repeats: return "repeats of the split"
            case .seed: return "seed"
            }
        }
    }
    public static let inputs = ["beta", "re", "perturbation"]

    public var runID: Int
    /// The modulator the networks were built along (a response equal to it costs per-fold profiles).
    public var networkModulator: String
    public var responses: [String]
    public var response: Int
    public var input = 0
    public var numbers: [Field: TextField] = [.ranks: TextField("4,4"), .hidden: TextField("8"), .folds: TextField("5"),
                                              .repeats: TextField("3"), .seed: TextField("1")]
    public var field: Field = .response
    /// Why the last Enter did not start (a field that does not parse).
    public var problem: String?

    /// Opens on a response other than the networks' own modulator when there is one (the
    /// cross-endpoint case needs no per-fold profiles).
    public init(runID: Int, networkModulator: String, modulators: [String]) {
        self.runID = runID
        self.networkModulator = networkModulator
        responses = modulators
        response = modulators.firstIndex { $0 != networkModulator } ?? 0
    }

    var circular: Bool { responses.indices.contains(response) && responses[response] == networkModulator }

    /// The `samplenet trip` arguments, or why the form cannot start.
    func arguments(catalog: String) -> Result<[String], FormProblem> {
        guard responses.indices.contains(response) else { return .failure(FormProblem(text: "no modulator to predict")) }
        var args = ["trip", "--catalog", catalog, "--run", String(runID), "--response", responses[response], "--input", Self.inputs[input]]
        let flags: [(Field, String)] = [(.ranks, "--ranks"), (.hidden, "--hidden"), (.folds, "--folds"), (.repeats, "--repeats"), (.seed, "--seed")]
        for (f, flag) in flags {
            let text = (numbers[f]?.text ?? "").trimmingCharacters(in: .whitespaces)
            let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
            let valid = f == .ranks ? parts.count == 2 && parts.allSatisfy { ($0 ?? 0) >= 1 }
                : parts.count == 1 && (parts[0] ?? -1) >= (f == .hidden || f == .seed ? 0 : (f == .folds ? 2 : 1))
            guard valid else { return .failure(FormProblem(text: "\(f.label): \"\(text)\" is not valid")) }
            args += [flag, text.replacingOccurrences(of: " ", with: "")]
        }
        return .success(args)
    }
}

struct FormProblem: Error, Equatable { var text: String }

/// `t`: the TRIP form for the run the views show.
func openTripForm(_ state: inout AppState) {
    guard let run = state.profileRun, run.status == .finished, let modulator = run.modulator else {
        state.message = "TRIP needs a finished NetworkProfiler run for \(state.modulator?.name ?? "this modulator"): r starts one"
        return
    }
    state.mode = .tripForm(state.lastTripForm.flatMap { $0.runID == run.id ? $0 : nil }
                           ?? TripForm(runID: run.id, networkModulator: modulator, modulators: state.modulators.map(\.name)))
}

func updateTripForm(_ state: inout AppState, key: Key, form: TripForm) -> [Effect] {
    var form = form
    form.problem = nil
    let fields = TripForm.Field.allCases
    switch key {
    case .escape:
        state.lastTripForm = form
        state.mode = .browse
        return []
    case .tab, .down: form.field = fields[(form.field.rawValue + 1) % fields.count]
    case .backTab, .up: form.field = fields[(form.field.rawValue + fields.count - 1) % fields.count]
    case .enter:
        switch form.arguments(catalog: state.catalogName) {
        case let .failure(problem): form.problem = problem.text
        case let .success(arguments):
            state.lastTripForm = form
            state.mode = .browse
            return [.startJob(arguments: arguments)]
        }
    case .char(" "), .left, .right:
        let step = key == .left ? -1 : 1
        switch form.field {
        case .response where !form.responses.isEmpty: form.response = (form.response + step + form.responses.count) % form.responses.count
        case .input: form.input = (form.input + step + TripForm.inputs.count) % TripForm.inputs.count
        default: if var f = form.numbers[form.field], f.apply(key) { form.numbers[form.field] = f }
        }
    default:
        if var f = form.numbers[form.field], f.apply(key) { form.numbers[form.field] = f }
    }
    state.mode = .tripForm(form)
    return []
}

func renderTripForm(_ form: TripForm, _ state: AppState, into buffer: inout ScreenBuffer) {
    let g = state.glyphs
    let width = min(state.width - 2, 76), height = TripForm.Field.allCases.count + 5
    guard width > 30, state.height >= height + 2 else { return }
    let x0 = (state.width - width) / 2, y0 = max(1, (state.height - height) / 2)
    buffer.box(title: " TRIP on run \(form.runID) (networks along \(form.networkModulator)) ", x: x0, y: y0, width: width, height: height,
               ascii: g != .unicode, clearRows: true)
    let inner = width - 4, labelWidth = 38
    for (i, f) in TripForm.Field.allCases.enumerated() {
        let y = y0 + 1 + i
        buffer.write(fit(f.label, labelWidth, glyphs: g), x: x0 + 2, y: y, style: .dim)
        let valueX = x0 + 2 + labelWidth, room = inner - labelWidth
        switch f {
        case .response: buffer.write(fit(form.responses.indices.contains(form.response) ? form.responses[form.response] : "-", room, glyphs: g),
                                     x: valueX, y: y, style: form.field == f ? .selected : .normal)
        case .input: buffer.write(fit(TripForm.inputs[form.input], room, glyphs: g), x: valueX, y: y, style: form.field == f ? .selected : .normal)
        default:
            let field = form.numbers[f] ?? TextField()
            if form.field == f { renderField("", field, x: valueX, y: y, width: valueX + room, style: .normal, into: &buffer) }
            else { buffer.write(fit(field.text, room, glyphs: g), x: valueX, y: y) }
        }
    }
    let note = form.problem ?? (form.circular
        ? "own modulator: every fold profiles its training lines again (costly)"
        : "with shuffled and noise controls and the verdict")
    buffer.write(fit(note, inner, glyphs: g), x: x0 + 2, y: y0 + height - 3, style: form.problem != nil || form.circular ? .warning : .dim)
    buffer.write(fit("Enter starts  Tab next field  Space changes  Esc keeps it for later", inner, glyphs: g), x: x0 + 2, y: y0 + height - 2, style: .dim)
}
