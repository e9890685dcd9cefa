#ifndef SAMPLENET_DENSE_KERNELS_H
#define SAMPLENET_DENSE_KERNELS_H

/// The few dense products of NetworkProfiler's homotopy path (Compute/NetworkProfiler),
/// in C so that each is compiled for AVX-512, AVX2 and baseline x86-64 and picked at load
/// time (target_clones), like OpenBLAS's own kernels.
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

#endif
