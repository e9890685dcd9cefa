#include "dense_kernels.h"
#include <stdlib.h>
#include <string.h>

// No contraction of a * b + c into one fused multiply-add: every variant below then performs
// the same IEEE operations in the same order (the vector types are element-wise and nothing
// is reassociated), so the three variants give bit-identical results and differ only in
// speed. Measured cost on the default estimator: see docs/BENCHMARKS.md.
#pragma clang fp contract(off)

// Four doubles; aligned(8) so loads and stores may be unaligned.
typedef double v4d __attribute__((vector_size(32), aligned(8)));
// Eight doubles: one AVX-512 register, two AVX2 ones in the other clones.
typedef double v8d __attribute__((vector_size(64), aligned(8)));

#define BODY static inline __attribute__((always_inline))

#define HSUM(v) (((v)[0] + (v)[1]) + ((v)[2] + (v)[3]))
#define SPREAD8(x) ((v8d){(x), (x), (x), (x), (x), (x), (x), (x)})

// y[0..<n] = beta y (beta 0 clears, so y may start as anything).
static inline __attribute__((always_inline)) void scale(long n, double beta, double *y) {
    if (beta == 0) {
        for (long i = 0; i < n; i++) y[i] = 0;
    } else if (beta != 1) {
        for (long i = 0; i < n; i++) y[i] *= beta;
    }
}

BODY
void sn_symmetric_product_body(long m, double alpha, const double *s, long ld, const double *x, double beta, double *y) {
    scale(m, beta, y);
    // Four rows i..i+3 at a time: their parts left of column i give four dot products (for
    // y_i..y_i+3) and one combined update of y_0..y_i-1 (the upper triangle's share), so y
    // is read and written once per four rows; the 4 x 4 diagonal block is done by hand.
    long i = 0;
    for (; i + 4 <= m; i += 4) {
        const double *r0 = s + i * ld, *r1 = r0 + ld, *r2 = r1 + ld, *r3 = r2 + ld;
        const double x0 = alpha * x[i], x1 = alpha * x[i + 1], x2 = alpha * x[i + 2], x3 = alpha * x[i + 3];
        const v4d b0 = {x0, x0, x0, x0}, b1 = {x1, x1, x1, x1}, b2 = {x2, x2, x2, x2}, b3 = {x3, x3, x3, x3};
        v4d d0 = {0, 0, 0, 0}, d1 = d0, d2 = d0, d3 = d0;
        for (long t = 0; t < i; t += 4) {                    // i is a multiple of 4
            const v4d a0 = *(const v4d *)(r0 + t), a1 = *(const v4d *)(r1 + t);
            const v4d a2 = *(const v4d *)(r2 + t), a3 = *(const v4d *)(r3 + t);
            const v4d xt = *(const v4d *)(x + t);
            d0 += a0 * xt; d1 += a1 * xt; d2 += a2 * xt; d3 += a3 * xt;
            *(v4d *)(y + t) += (a0 * b0 + a1 * b1) + (a2 * b2 + a3 * b3);
        }
        double e0 = HSUM(d0), e1 = HSUM(d1), e2 = HSUM(d2), e3 = HSUM(d3);
        // Diagonal block: lower entries r_u[i + v] for v <= u.
        const double *xi = x + i;
        e0 += r0[i] * xi[0] + r1[i] * xi[1] + r2[i] * xi[2] + r3[i] * xi[3];
        e1 += r1[i] * xi[0] + r1[i + 1] * xi[1] + r2[i + 1] * xi[2] + r3[i + 1] * xi[3];
        e2 += r2[i] * xi[0] + r2[i + 1] * xi[1] + r2[i + 2] * xi[2] + r3[i + 2] * xi[3];
        e3 += r3[i] * xi[0] + r3[i + 1] * xi[1] + r3[i + 2] * xi[2] + r3[i + 3] * xi[3];
        y[i] += alpha * e0; y[i + 1] += alpha * e1; y[i + 2] += alpha * e2; y[i + 3] += alpha * e3;
    }
    for (; i < m; i++) {                                      // the last m mod 4 rows, one by one
        const double *row = s + i * ld;
        const double xi = alpha * x[i];
        double e = 0;
        for (long t = 0; t < i; t++) {
            e += row[t] * x[t];
            y[t] += row[t] * xi;
        }
        y[i] += alpha * (e + row[i] * x[i]);
    }
}

BODY
void sn_symmetric_rank_one_body(long m, double alpha, const double *w, double *s, long ld) {
    for (long i = 0; i < m; i++) {
        if (w[i] == 0) continue;
        double *row = s + i * ld;
        const double a = alpha * w[i];
        const v4d spread = {a, a, a, a};
        const v8d spread8 = {a, a, a, a, a, a, a, a};
        long t = 0;
        for (; t + 8 <= i + 1; t += 8) *(v8d *)(row + t) += *(const v8d *)(w + t) * spread8;
        for (; t + 4 <= i + 1; t += 4) *(v4d *)(row + t) += *(const v4d *)(w + t) * spread;
        for (; t <= i; t++) row[t] += a * w[t];
    }
}

BODY
void sn_combine_body(long n, long m, const double *a, long ld, const long *index, const double *coef, double beta, double *out) {
    scale(n, beta, out);
    // Four rows per pass over out; a missing row repeats the first with coefficient 0.
    for (long r = 0; r < m; r += 4) {
        const long k = m - r < 4 ? m - r : 4;
        const double *p[4];
        double c[4];
        for (long u = 0; u < 4; u++) {
            const long row = u < k ? r + u : r;
            p[u] = a + (index ? index[row] : row) * ld;
            c[u] = u < k ? coef[r + u] : 0;
        }
        const v4d c0 = {c[0], c[0], c[0], c[0]}, c1 = {c[1], c[1], c[1], c[1]};
        const v4d c2 = {c[2], c[2], c[2], c[2]}, c3 = {c[3], c[3], c[3], c[3]};
        const v8d e0 = {c[0], c[0], c[0], c[0], c[0], c[0], c[0], c[0]}, e1 = {c[1], c[1], c[1], c[1], c[1], c[1], c[1], c[1]};
        const v8d e2 = {c[2], c[2], c[2], c[2], c[2], c[2], c[2], c[2]}, e3 = {c[3], c[3], c[3], c[3], c[3], c[3], c[3], c[3]};
        long i = 0;
        for (; i + 8 <= n; i += 8) {
            *(v8d *)(out + i) += (*(const v8d *)(p[0] + i) * e0 + *(const v8d *)(p[1] + i) * e1)
                               + (*(const v8d *)(p[2] + i) * e2 + *(const v8d *)(p[3] + i) * e3);
        }
        for (; i + 4 <= n; i += 4) {
            *(v4d *)(out + i) += (*(const v4d *)(p[0] + i) * c0 + *(const v4d *)(p[1] + i) * c1)
                               + (*(const v4d *)(p[2] + i) * c2 + *(const v4d *)(p[3] + i) * c3);
        }
        for (; i < n; i++) out[i] += (p[0][i] * c[0] + p[1][i] * c[1]) + (p[2][i] * c[2] + p[3][i] * c[3]);
    }
}

// One or two right-hand sides per pass over S (the symmetric product's scheme, widened):
// rows i..i+3 give dot products with x[0..<i] and one combined update of y[0..<i] per column.
static inline __attribute__((always_inline))
void multiply_pair(long m, const double *s, long ld, const double *xa, const double *xb, double *ya, double *yb) {
    const int two = xb != 0;
    for (long i = 0; i < m; i++) { ya[i] = 0; if (two) yb[i] = 0; }
    long i = 0;
    for (; i + 4 <= m; i += 4) {
        const double *r0 = s + i * ld, *r1 = r0 + ld, *r2 = r1 + ld, *r3 = r2 + ld;
        const v4d a0b = {xa[i], xa[i], xa[i], xa[i]}, a1b = {xa[i + 1], xa[i + 1], xa[i + 1], xa[i + 1]};
        const v4d a2b = {xa[i + 2], xa[i + 2], xa[i + 2], xa[i + 2]}, a3b = {xa[i + 3], xa[i + 3], xa[i + 3], xa[i + 3]};
        const double b0 = two ? xb[i] : 0, b1 = two ? xb[i + 1] : 0, b2 = two ? xb[i + 2] : 0, b3 = two ? xb[i + 3] : 0;
        const v4d b0b = {b0, b0, b0, b0}, b1b = {b1, b1, b1, b1}, b2b = {b2, b2, b2, b2}, b3b = {b3, b3, b3, b3};
        v4d da0 = {0, 0, 0, 0}, da1 = da0, da2 = da0, da3 = da0, db0 = da0, db1 = da0, db2 = da0, db3 = da0;
        if (two) {
            for (long t = 0; t < i; t += 4) {
                const v4d q0 = *(const v4d *)(r0 + t), q1 = *(const v4d *)(r1 + t);
                const v4d q2 = *(const v4d *)(r2 + t), q3 = *(const v4d *)(r3 + t);
                const v4d xat = *(const v4d *)(xa + t), xbt = *(const v4d *)(xb + t);
                da0 += q0 * xat; da1 += q1 * xat; da2 += q2 * xat; da3 += q3 * xat;
                db0 += q0 * xbt; db1 += q1 * xbt; db2 += q2 * xbt; db3 += q3 * xbt;
                *(v4d *)(ya + t) += (q0 * a0b + q1 * a1b) + (q2 * a2b + q3 * a3b);
                *(v4d *)(yb + t) += (q0 * b0b + q1 * b1b) + (q2 * b2b + q3 * b3b);
            }
        } else {
            for (long t = 0; t < i; t += 4) {
                const v4d q0 = *(const v4d *)(r0 + t), q1 = *(const v4d *)(r1 + t);
                const v4d q2 = *(const v4d *)(r2 + t), q3 = *(const v4d *)(r3 + t);
                const v4d xat = *(const v4d *)(xa + t);
                da0 += q0 * xat; da1 += q1 * xat; da2 += q2 * xat; da3 += q3 * xat;
                *(v4d *)(ya + t) += (q0 * a0b + q1 * a1b) + (q2 * a2b + q3 * a3b);
            }
        }
        // The 4 x 4 diagonal block, lower entries r_u[i + v] for v <= u.
        const double *x[2] = {xa, xb};
        double *y[2] = {ya, yb};
        const v4d d[2][4] = {{da0, da1, da2, da3}, {db0, db1, db2, db3}};
        for (int c = 0; c <= two; c++) {
            const double *xi = x[c] + i;
            y[c][i] += HSUM(d[c][0]) + r0[i] * xi[0] + r1[i] * xi[1] + r2[i] * xi[2] + r3[i] * xi[3];
            y[c][i + 1] += HSUM(d[c][1]) + r1[i] * xi[0] + r1[i + 1] * xi[1] + r2[i + 1] * xi[2] + r3[i + 1] * xi[3];
            y[c][i + 2] += HSUM(d[c][2]) + r2[i] * xi[0] + r2[i + 1] * xi[1] + r2[i + 2] * xi[2] + r3[i + 2] * xi[3];
            y[c][i + 3] += HSUM(d[c][3]) + r3[i] * xi[0] + r3[i + 1] * xi[1] + r3[i + 2] * xi[2] + r3[i + 3] * xi[3];
        }
    }
    for (; i < m; i++) {                                      // the last m mod 4 rows, one by one
        const double *row = s + i * ld;
        double ea = 0, eb = 0;
        for (long t = 0; t < i; t++) {
            ea += row[t] * xa[t];
            ya[t] += row[t] * xa[i];
            if (two) { eb += row[t] * xb[t]; yb[t] += row[t] * xb[i]; }
        }
        ya[i] += ea + row[i] * xa[i];
        if (two) yb[i] += eb + row[i] * xb[i];
    }
}

BODY
void sn_symmetric_multiply_body(long m, long k, const double *s, long ld, const double *u, long ldu, double *w, long ldw) {
    long c = 0;
    for (; c + 2 <= k; c += 2) multiply_pair(m, s, ld, u + c * ldu, u + (c + 1) * ldu, w + c * ldw, w + (c + 1) * ldw);
    if (c < k) multiply_pair(m, s, ld, u + c * ldu, 0, w + c * ldw, 0);
}

BODY
void sn_symmetric_rank_k_body(long m, long k, double alpha, const double *v, long ldv, double *s, long ld) {
    // Four columns of V per pass (a missing column repeats the first with coefficient 0);
    // row i of S gains sum_c alpha v[i, c] v[0..i, c]. Rows go four at a time, so each chunk
    // of V's four columns is loaded once for four rows of S (the chunks left of row i; the
    // rest of each row, at most 11 entries, one by one).
    for (long c = 0; c < k; c += 4) {
        const long n = k - c < 4 ? k - c : 4;
        const double *p[4];
        for (long u = 0; u < 4; u++) p[u] = v + (c + (u < n ? u : 0)) * ldv;
        const double *p0 = p[0], *p1 = p[1], *p2 = p[2], *p3 = p[3];
        long i = 0;
        for (; i + 4 <= m; i += 4) {
            double a[4][4];
            for (long r = 0; r < 4; r++) {
                for (long u = 0; u < 4; u++) a[r][u] = u < n ? alpha * p[u][i + r] : 0;
            }
            double *row0 = s + i * ld, *row1 = row0 + ld, *row2 = row1 + ld, *row3 = row2 + ld;
            const v8d a00 = SPREAD8(a[0][0]), a01 = SPREAD8(a[0][1]), a02 = SPREAD8(a[0][2]), a03 = SPREAD8(a[0][3]);
            const v8d a10 = SPREAD8(a[1][0]), a11 = SPREAD8(a[1][1]), a12 = SPREAD8(a[1][2]), a13 = SPREAD8(a[1][3]);
            const v8d a20 = SPREAD8(a[2][0]), a21 = SPREAD8(a[2][1]), a22 = SPREAD8(a[2][2]), a23 = SPREAD8(a[2][3]);
            const v8d a30 = SPREAD8(a[3][0]), a31 = SPREAD8(a[3][1]), a32 = SPREAD8(a[3][2]), a33 = SPREAD8(a[3][3]);
            long t = 0;
            for (; t + 8 <= i; t += 8) {
                const v8d v0 = *(const v8d *)(p0 + t), v1 = *(const v8d *)(p1 + t);
                const v8d v2 = *(const v8d *)(p2 + t), v3 = *(const v8d *)(p3 + t);
                *(v8d *)(row0 + t) += (v0 * a00 + v1 * a01) + (v2 * a02 + v3 * a03);
                *(v8d *)(row1 + t) += (v0 * a10 + v1 * a11) + (v2 * a12 + v3 * a13);
                *(v8d *)(row2 + t) += (v0 * a20 + v1 * a21) + (v2 * a22 + v3 * a23);
                *(v8d *)(row3 + t) += (v0 * a30 + v1 * a31) + (v2 * a32 + v3 * a33);
            }
            double *rows[4] = {row0, row1, row2, row3};
            for (long r = 0; r < 4; r++) {
                double *row = rows[r];
                for (long x = t; x <= i + r; x++) row[x] += (p0[x] * a[r][0] + p1[x] * a[r][1]) + (p2[x] * a[r][2] + p3[x] * a[r][3]);
            }
        }
        for (; i < m; i++) {                                  // the last m mod 4 rows, one by one
            double *row = s + i * ld;
            double a[4];
            for (long u = 0; u < 4; u++) a[u] = u < n ? alpha * p[u][i] : 0;
            for (long t = 0; t <= i; t++) row[t] += (p0[t] * a[0] + p1[t] * a[1]) + (p2[t] * a[2] + p3[t] * a[3]);
        }
    }
}

// c_k[0..<q] = sum_i u_k[i] a[i, 0..<q] for each target k: every element is one chain of
// additions over i = 0, 1, ..., n - 1 starting from 0, whatever p is, whichever block of rows
// or group of four targets it falls in. So a target's correlations do not depend on the other
// targets it is computed with (a batch), which a BLAS dgemm does not promise.
BODY
void sn_transpose_product_body(long n, long q, const double *a, long lda, long p, const double *u, long ldu, double *c, long ldc) {
    enum { ROWS = 64 };                                       // rows per block: 64 rows of a stay in cache for every target
    for (long k = 0; k < p; k++) memset(c + k * ldc, 0, (size_t)q * sizeof(double));
    for (long i0 = 0; i0 < n; i0 += ROWS) {
        const long i1 = n - i0 < ROWS ? n : i0 + ROWS;
        long k = 0;
        for (; k + 4 <= p; k += 4) {
            double *c0 = c + k * ldc, *c1 = c0 + ldc, *c2 = c1 + ldc, *c3 = c2 + ldc;
            for (long i = i0; i < i1; i++) {
                const double *row = a + i * lda;
                const double u0 = u[k * ldu + i], u1 = u[(k + 1) * ldu + i], u2 = u[(k + 2) * ldu + i], u3 = u[(k + 3) * ldu + i];
                const v4d b0 = {u0, u0, u0, u0}, b1 = {u1, u1, u1, u1}, b2 = {u2, u2, u2, u2}, b3 = {u3, u3, u3, u3};
                long j = 0;
                for (; j + 4 <= q; j += 4) {
                    const v4d r = *(const v4d *)(row + j);
                    *(v4d *)(c0 + j) += r * b0; *(v4d *)(c1 + j) += r * b1;
                    *(v4d *)(c2 + j) += r * b2; *(v4d *)(c3 + j) += r * b3;
                }
                for (; j < q; j++) { c0[j] += row[j] * u0; c1[j] += row[j] * u1; c2[j] += row[j] * u2; c3[j] += row[j] * u3; }
            }
        }
        for (; k < p; k++) {                                  // the last p mod 4 targets, one by one
            double *ck = c + k * ldc;
            for (long i = i0; i < i1; i++) {
                const double *row = a + i * lda;
                const double uk = u[k * ldu + i];
                const v4d b = {uk, uk, uk, uk};
                long j = 0;
                for (; j + 4 <= q; j += 4) *(v4d *)(ck + j) += *(const v4d *)(row + j) * b;
                for (; j < q; j++) ck[j] += row[j] * uk;
            }
        }
    }
}

// Four partial sums over blocks of 16, combined in a fixed order, then the tail in order:
// the same result for any alignment of x and y.
BODY
double sn_dot_body(long n, const double *x, const double *y) {
    v4d s0 = {0, 0, 0, 0}, s1 = s0, s2 = s0, s3 = s0;
    long i = 0;
    for (; i + 16 <= n; i += 16) {
        s0 += *(const v4d *)(x + i) * *(const v4d *)(y + i);
        s1 += *(const v4d *)(x + i + 4) * *(const v4d *)(y + i + 4);
        s2 += *(const v4d *)(x + i + 8) * *(const v4d *)(y + i + 8);
        s3 += *(const v4d *)(x + i + 12) * *(const v4d *)(y + i + 12);
    }
    const v4d s = (s0 + s1) + (s2 + s3);
    double total = HSUM(s);
    for (; i < n; i++) total += x[i] * y[i];
    return total;
}

// ---- Variants and dispatch ------------------------------------------------------------------
// Each variant is the same bodies compiled for one instruction set. The active one is chosen
// once, when the library loads: SAMPLENET_KERNELS if it names a variant this CPU can run, else
// the widest the CPU supports.

#define VARIANT(suffix, isa)                                                                                   \
    __attribute__((target(isa))) static void symmetric_product_##suffix(long m, double alpha, const double *s, long ld, const double *x, double beta, double *y) { sn_symmetric_product_body(m, alpha, s, ld, x, beta, y); } \
    __attribute__((target(isa))) static void symmetric_rank_one_##suffix(long m, double alpha, const double *w, double *s, long ld) { sn_symmetric_rank_one_body(m, alpha, w, s, ld); } \
    __attribute__((target(isa))) static void combine_##suffix(long n, long m, const double *a, long ld, const long *index, const double *coef, double beta, double *out) { sn_combine_body(n, m, a, ld, index, coef, beta, out); } \
    __attribute__((target(isa))) static void symmetric_multiply_##suffix(long m, long k, const double *s, long ld, const double *u, long ldu, double *w, long ldw) { sn_symmetric_multiply_body(m, k, s, ld, u, ldu, w, ldw); } \
    __attribute__((target(isa))) static void symmetric_rank_k_##suffix(long m, long k, double alpha, const double *v, long ldv, double *s, long ld) { sn_symmetric_rank_k_body(m, k, alpha, v, ldv, s, ld); } \
    __attribute__((target(isa))) static void transpose_product_##suffix(long n, long q, const double *a, long lda, long p, const double *u, long ldu, double *c, long ldc) { sn_transpose_product_body(n, q, a, lda, p, u, ldu, c, ldc); } \
    __attribute__((target(isa))) static double dot_##suffix(long n, const double *x, const double *y) { return sn_dot_body(n, x, y); } \
    static const sn_kernel_table table_##suffix = {                                                            \
        symmetric_product_##suffix, symmetric_rank_one_##suffix, combine_##suffix, symmetric_multiply_##suffix,  \
        symmetric_rank_k_##suffix, transpose_product_##suffix, dot_##suffix};

VARIANT(v1, "arch=x86-64")
VARIANT(v3, "arch=x86-64-v3")
VARIANT(v4, "arch=x86-64-v4")

static const sn_kernel_table *const tables[SN_KERNEL_VARIANTS] = {&table_v1, &table_v3, &table_v4};
static const char *const names[SN_KERNEL_VARIANTS] = {"x86-64", "x86-64-v3", "x86-64-v4"};

static const sn_kernel_table *active = &table_v1;
static int active_variant = SN_KERNELS_X86_64;
static int environment_status = 0;

int sn_kernels_supported(int variant) {
    __builtin_cpu_init();
    switch (variant) {
    case SN_KERNELS_X86_64: return 1;
    case SN_KERNELS_X86_64_V3: return __builtin_cpu_supports("x86-64-v3");
    case SN_KERNELS_X86_64_V4: return __builtin_cpu_supports("x86-64-v4");
    default: return 0;
    }
}

const char *sn_kernels_name(int variant) { return variant >= 0 && variant < SN_KERNEL_VARIANTS ? names[variant] : "unknown"; }

const sn_kernel_table *sn_kernels_table(int variant) {
    return variant >= 0 && variant < SN_KERNEL_VARIANTS && sn_kernels_supported(variant) ? tables[variant] : 0;
}

int sn_kernels_active(void) { return active_variant; }
int sn_kernels_environment_status(void) { return environment_status; }

__attribute__((constructor)) static void choose_variant(void) {
    int best = SN_KERNELS_X86_64;
    for (int v = SN_KERNEL_VARIANTS - 1; v > 0; v--) if (sn_kernels_supported(v)) { best = v; break; }
    const char *requested = getenv("SAMPLENET_KERNELS");
    int chosen = best;
    if (requested && *requested) {
        int named = -1;
        for (int v = 0; v < SN_KERNEL_VARIANTS; v++) if (strcmp(requested, names[v]) == 0) named = v;
        if (strcmp(requested, "baseline") == 0) named = SN_KERNELS_X86_64;
        if (named < 0) environment_status = -1;
        else if (!sn_kernels_supported(named)) environment_status = -2;
        else chosen = named;
    }
    active_variant = chosen;
    active = tables[chosen];
}

void sn_symmetric_product(long m, double alpha, const double *s, long ld, const double *x, double beta, double *y) { active->symmetric_product(m, alpha, s, ld, x, beta, y); }
void sn_symmetric_rank_one(long m, double alpha, const double *w, double *s, long ld) { active->symmetric_rank_one(m, alpha, w, s, ld); }
void sn_combine(long n, long m, const double *a, long ld, const long *index, const double *coef, double beta, double *out) { active->combine(n, m, a, ld, index, coef, beta, out); }
void sn_symmetric_multiply(long m, long k, const double *s, long ld, const double *u, long ldu, double *w, long ldw) { active->symmetric_multiply(m, k, s, ld, u, ldu, w, ldw); }
void sn_symmetric_rank_k(long m, long k, double alpha, const double *v, long ldv, double *s, long ld) { active->symmetric_rank_k(m, k, alpha, v, ldv, s, ld); }
void sn_transpose_product(long n, long q, const double *a, long lda, long p, const double *u, long ldu, double *c, long ldc) { active->transpose_product(n, q, a, lda, p, u, ldu, c, ldc); }
double sn_dot(long n, const double *x, const double *y) { return active->dot(n, x, y); }
