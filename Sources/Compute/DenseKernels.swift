import CDenseKernels

/// The instruction-set variants NetworkProfiler's C kernels (CDenseKernels) are compiled for,
/// and the one in use. No multiply-add is fused in them, so every variant gives bit-identical
/// results; a variant is forced with SAMPLENET_KERNELS (its name, or `baseline`), which is
/// how the tests run a profile under each variant this CPU supports.
public enum DenseKernels {
    public enum Variant: Int32, CaseIterable, Sendable {
        case baseline = 0        // SN_KERNELS_X86_64: SSE2
        case v3 = 1              // SN_KERNELS_X86_64_V3: AVX2 (+ FMA, BMI)
        case v4 = 2              // SN_KERNELS_X86_64_V4: AVX-512

        public var name: String { String(cString: sn_kernels_name(rawValue)) }
        public var isSupported: Bool { sn_kernels_supported(rawValue) != 0 }
        /// This variant's kernels, nil when the CPU cannot run them.
        public var table: sn_kernel_table? { sn_kernels_table(rawValue)?.pointee }
    }

    /// The environment variable that forces a variant.
    public static let environmentVariable = "SAMPLENET_KERNELS"

    public static var active: Variant { Variant(rawValue: sn_kernels_active()) ?? .baseline }

    /// Why SAMPLENET_KERNELS was not honoured, or nil when it was (or is unset).
    public static var environmentProblem: String? {
        let names = Variant.allCases.map(\.name).joined(separator: ", ")
        switch sn_kernels_environment_status() {
        case -1: return "\(environmentVariable) names no kernel variant (use one of \(names), or baseline)"
        case -2: return "this CPU cannot run the kernel variant \(environmentVariable) names (it supports "
            + Variant.allCases.filter(\.isSupported).map(\.name).joined(separator: ", ") + ")"
        default: return nil
        }
    }
}
