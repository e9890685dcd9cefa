#ifndef SAMPLENET_DENSE_KERNELS_H
#define SAMPLENET_DENSE_KERNELS_H

/// The few dense products of NetworkProfiler's homotopy path (Compute/NetworkProfiler) and of
/// its designs, in C so that each is compiled for three instruction sets (x86-64-v4 with
/// AVX-512, x86-64-v3 with AVX2, baseline x86-64) and one is picked when the library loads:
/// the widest the CPU runs, or the one SAMPLENET_KERNELS names (x86-64-v4, x86-64-v3,
/// x86-64 or baseline). No multiply-add is fused, so the variants give bit-identical results.
///
/// Why not cblas_dsymv/dsyr/dgemv: OpenBLAS runs level-2 calls on its own thread pool
/// above a size threshold whenever its thread count is above 1, and the path calls them
/// from every profiler worker; measured on the test suite (BLAS at 2 threads, 2-4 workers)
/// that spent more time in the scheduler than in arithmetic. The thread count is
/// process-wide, so Compute does not change it. And level-1 calls per row cost more in
/// call overhead than in arithmetic at the sizes of an active set (tens to a few hundred).
///
/// Symmetric matrices are kept as their lower triangle, row-major with row stride `ld`.

/// y = alpha S x + beta y for the m x m symmetric S (lower triangle). Each row is read once.
void sn_symmetric_product(long m, double alpha, const double *s, long ld, const double *x, double beta, double *y);

/// S += alpha w w' on the lower triangle of the m x m S.
void sn_symmetric_rank_one(long m, double alpha, const double *w, double *s, long ld);

/// out[0..<n] = beta out + sum_r coef[r] a[index[r] * ld + i]: a combination of m rows
/// (or columns) of length n of a matrix with leading dimension ld; index NULL means
/// index[r] = r.
void sn_combine(long n, long m, const double *a, long ld, const long *index, const double *coef, double beta, double *out);

/// W = S U for the m x m symmetric S (lower triangle) and k right-hand sides: U and W are
/// column-major m x k (leading dimensions ldu, ldw). Pairs of columns share each pass over
/// S, so each element of S serves four multiply-adds per load (block updates of S).
void sn_symmetric_multiply(long m, long k, const double *s, long ld, const double *u, long ldu, double *w, long ldw);

/// S += alpha V V' on the lower triangle of the m x m S, for V column-major m x k (leading
/// dimension ldv): a rank-k update, four columns of V per pass over S, four rows of S per
/// load of V.
void sn_symmetric_rank_k(long m, long k, double alpha, const double *v, long ldv, double *s, long ld);

/// c_k = A' u_k for p targets: A is n x q row-major (leading dimension lda), u_k is row k of
/// the p x n row-major U (ldu), c_k row k of the p x q row-major C (ldc). Each element is
/// summed over i in order, so a target's result does not depend on p or on the other targets.
void sn_transpose_product(long n, long q, const double *a, long lda, long p, const double *u, long ldu, double *c, long ldc);

/// x . y in a fixed order (independent of alignment).
double sn_dot(long n, const double *x, const double *y);

/// The variants, by index.
enum { SN_KERNELS_X86_64 = 0, SN_KERNELS_X86_64_V3 = 1, SN_KERNELS_X86_64_V4 = 2, SN_KERNEL_VARIANTS = 3 };

/// One variant's kernels (tests call each variant's directly).
typedef struct {
    void (*symmetric_product)(long, double, const double *, long, const double *, double, double *);
    void (*symmetric_rank_one)(long, double, const double *, double *, long);
    void (*combine)(long, long, const double *, long, const long *, const double *, double, double *);
    void (*symmetric_multiply)(long, long, const double *, long, const double *, long, double *, long);
    void (*symmetric_rank_k)(long, long, double, const double *, long, double *, long);
    void (*transpose_product)(long, long, const double *, long, long, const double *, long, double *, long);
    double (*dot)(long, const double *, const double *);
} sn_kernel_table;

/// 1 when this CPU can run the variant.
int sn_kernels_supported(int variant);
/// The variant's name (x86-64, x86-64-v3, x86-64-v4).
const char *sn_kernels_name(int variant);
/// The variant's kernels, or NULL when this CPU cannot run it.
const sn_kernel_table *sn_kernels_table(int variant);
/// The variant in use.
int sn_kernels_active(void);
/// 0 when SAMPLENET_KERNELS is unset or was honoured; -1 when it names no variant; -2 when
/// this CPU cannot run the variant it names (the widest supported one is used instead).
int sn_kernels_environment_status(void);

#endif
