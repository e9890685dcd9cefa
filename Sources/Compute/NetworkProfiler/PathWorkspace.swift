/// The buffers of the lambda paths (S, G_AA + gamma I, the gathered block), kept between
/// the fits one worker does so that none is allocated and zeroed per fit (at 500
/// regulators they reach megabytes). Not shared between threads.
public final class PathWorkspace {
    private var spareFactor: SupportFactor? = nil
    private var sparePath: ElasticNetPath? = nil

    public init() {}

    func factor(size q: Int, gamma: Double) -> SupportFactor {
        guard var factor = spareFactor.take(), factor.size == q else { return SupportFactor(size: q, gamma: gamma) }
        factor.reset(gamma: gamma)
        return factor
    }

    func path(correlations c: [Double], penalty: [Double], excluded: [Bool], gamma: Double, factor: inout SupportFactor,
              eventLimit: Int?) -> ElasticNetPath {
        guard var path = sparePath.take(), path.size == c.count else {
            return ElasticNetPath(correlations: c, penalty: penalty, excluded: excluded, gamma: gamma, factor: &factor,
                                  eventLimit: eventLimit)
        }
        path.reuse(correlations: c, penalty: penalty, excluded: excluded, gamma: gamma, factor: &factor, eventLimit: eventLimit)
        return path
    }

    func recycle(_ factor: SupportFactor, _ path: ElasticNetPath?) {
        spareFactor = factor
        if let path { sparePath = path }
    }
}
