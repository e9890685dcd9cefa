#include "dense_kernels.h"

// Four doubles; aligned(8) so loads and stores may be unaligned.
typedef double v4d __attribute__((vector_size(32), aligned(8)));
// Eight doubles: one AVX-512 register, two AVX2 ones in the other clones.
typedef double v8d __attribute__((vector_size(64), aligned(8)));

#define CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))

#define HSUM(v) (((v)[0] + (v)[1]) + ((v)[2] + (v)[3]))

// y[0..<n] = beta y (beta 0 clears, so y may start as anything).
static inline __attribute__((always_inline)) void scale(long n, double beta, double *y) {
    if (beta == 0) {
        for (long i = 0; i < n; i++) y[i] = 0;
    } else if (beta != 1) {
        for (long i = 0; i < n; i++) y[i] *= beta;
    }
}

CLONES
void sn_symmetric_product(long m, double alpha, const double *s, long ld, const double *x, double beta, double *y) {
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

CLONES
void sn_symmetric_rank_one(long m, double alpha, const double *w, double *s, long ld) {
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

CLONES
void sn_combine(long n, long m, const double *a, long ld, const long *index, const double *coef, double beta, double *out) {
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
