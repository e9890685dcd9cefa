# The reference a user would otherwise write: glmnet called once per (target, cell) with
# observation weights = kernel weights, mapped to METHOD.md 1.1.
#   glmnet standardises y internally, so for our (lambda, gamma) on standardised coordinates:
#   glmnet lambda = sd_w(y) * (lambda + gamma), alpha = lambda / (lambda + gamma).
# Usage: Rscript glmnet_reference.R INPUTS.tsv H LAMBDA GAMMA CORES OUT.tsv
# INPUTS.tsv is `samplenet export inputs --run ID` (cells in run order, raw modulator).
args <- commandArgs(trailingOnly = TRUE)
inputs <- args[1]; h <- as.numeric(args[2]); lam <- as.numeric(args[3]); gam <- as.numeric(args[4])
cores <- as.integer(args[5]); out <- args[6]
suppressMessages({ library(glmnet); library(parallel) })
header <- strsplit(readLines(inputs, n = 2), "\t")
genes <- header[[1]][-(1:2)]
roles <- header[[2]][-(1:2)]
d <- read.delim(inputs, skip = 2, header = FALSE, colClasses = c("character", rep("numeric", length(genes) + 1)))
cells <- d[[1]]
m <- d[[2]]
X <- as.matrix(d[, -(1:2)])
colnames(X) <- genes
regulators <- genes[roles != "target"]
targets <- genes[roles != "regulator"]
ms <- (m - mean(m)) / sqrt(mean((m - mean(m))^2))     # population sd, as the run
fit_cell <- function(a) {
  K <- exp(-(ms - ms[a])^2 / h)
  w <- K / sum(K)
  rows <- list()
  for (t in targets) {
    R <- setdiff(regulators, t)                          # never its own regulator
    y <- X[, t]
    my <- sum(w * y)
    sdy <- sqrt(sum(w * (y - my)^2))
    failed <- FALSE
    f <- withCallingHandlers(
      glmnet(X[, R], y, weights = w, alpha = lam / (lam + gam), lambda = sdy * (lam + gam),
             standardize = TRUE, thresh = 1e-14),
      warning = function(cond) { failed <<- TRUE; invokeRestart("muffleWarning") })
    if (failed || f$jerr != 0) {
      # glmnet did not converge within maxit and returned an empty model: record it.
      rows[[length(rows) + 1]] <- data.frame(cell = cells[a], regulator = "#not-converged", target = t, beta = NA)
      next
    }
    b <- as.numeric(coef(f))[-1]
    nz <- which(b != 0)
    if (length(nz)) rows[[length(rows) + 1]] <- data.frame(cell = cells[a], regulator = R[nz], target = t, beta = b[nz])
  }
  do.call(rbind, rows)
}
res <- if (cores > 1) mclapply(seq_along(cells), fit_cell, mc.cores = cores) else lapply(seq_along(cells), fit_cell)
res <- do.call(rbind, res)
write.table(res, out, sep = "\t", quote = FALSE, row.names = FALSE)
