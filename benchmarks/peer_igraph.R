# The R peer of the engine benchmark: what an R researcher would write with base-R matrices and
# igraph (Debian: apt-get install -y r-base-core r-cran-igraph).
#
# Usage: Rscript peer_igraph.R votes.csv out.bin timing.txt
#   votes.csv  window,iso3,rollcall,vote (vote codes 1=Y 2=N 3=A 4=X; rollcall numbered per window)
#   out.bin    the agree matrix of every window (doubles, countries in sorted order), for the
#              cross-check with the Python implementations; written after the clock stops
#   timing.txt "wall cpu" of the timed part (everything after reading the CSV)
#
# Per window: vote matrix, five agreement indices (agree, coincidence, Cohen's kappa, Scott's pi,
# S score; pairs with fewer than 10 co-votes undefined), Louvain on the agreement graph, modularity,
# k-nearest-neighbour backbone (k = 8), strength, eigenvector (eigen), PageRank, betweenness and
# closeness on the backbone (distance 1 - agreement), participation; then Jaccard bloc tracking.
suppressPackageStartupMessages(library(igraph))

args <- commandArgs(trailingOnly = TRUE)
votes <- read.csv(args[1], colClasses = c("character", "character", "integer", "integer"))
windows <- unique(votes$window)

indices <- function(codes) {
  Y <- (codes == 1) * 1
  N <- (codes == 2) * 1
  A <- (codes == 3) * 1
  voted <- Y + N + A
  n <- tcrossprod(voted)
  score <- tcrossprod(Y) + 0.5 * tcrossprod(Y, A) + tcrossprod(N) + 0.5 * tcrossprod(N, A) +
    0.5 * tcrossprod(A, Y) + 0.5 * tcrossprod(A, N) + tcrossprod(A)
  defined <- n >= 10
  agree <- ifelse(defined, score / n, NA)
  yn <- Y + N
  n_yn <- tcrossprod(yn)
  coincidence <- ifelse(n_yn >= 10, (tcrossprod(Y) + tcrossprod(N)) / n_yn, NA)
  observed <- score / n
  share <- list(Y = tcrossprod(Y, voted) / n, N = tcrossprod(N, voted) / n, A = tcrossprod(A, voted) / n)
  chance <- function(s, o) {
    s$Y * o$Y + 0.5 * s$Y * o$A + s$N * o$N + 0.5 * s$N * o$A + 0.5 * s$A * o$Y + 0.5 * s$A * o$N + s$A * o$A
  }
  corrected <- function(expected) {
    v <- (observed - expected) / (1 - expected)
    v[abs(1 - expected) <= 1e-8 & abs(observed - 1) <= 1e-8 + 1e-5] <- 1
    ifelse(defined, v, NA)
  }
  other <- lapply(share, t)
  pooled <- mapply(function(s, o) (s + o) / 2, share, other, SIMPLIFY = FALSE)
  list(
    agree = agree, coincidence = coincidence, kappa = corrected(chance(share, other)),
    pi = corrected(chance(pooled, pooled)), s_score = 2 * agree - 1
  )
}

knn_mask <- function(w, defined, k) {
  score <- ifelse(defined, w, -Inf)
  mask <- matrix(FALSE, nrow(w), ncol(w))
  for (i in seq_len(nrow(w))) {
    top <- order(-score[i, ])[seq_len(min(k, nrow(w) - 1))]
    mask[i, top] <- TRUE
  }
  mask <- mask & is.finite(score)
  mask | t(mask)
}

jaccard_track <- function(partitions) {
  ids <- list(seq_along(partitions[[1]]))
  next_id <- length(partitions[[1]]) + 1
  for (w in seq_along(partitions)[-1]) {
    before <- partitions[[w - 1]]
    after <- partitions[[w]]
    jac <- outer(seq_along(before), seq_along(after), Vectorize(function(a, b) {
      length(intersect(before[[a]], after[[b]])) / length(union(before[[a]], after[[b]]))
    }))
    current <- rep(NA_integer_, length(after))
    # greedy best match (base R has no Hungarian algorithm)
    while (length(jac) && max(jac) >= 0.3) {
      best <- which(jac == max(jac), arr.ind = TRUE)[1, ]
      current[best[2]] <- ids[[w - 1]][best[1]]
      jac[best[1], ] <- -1
      jac[, best[2]] <- -1
    }
    for (b in which(is.na(current))) {
      current[b] <- next_id
      next_id <- next_id + 1
    }
    ids[[w]] <- current
  }
  ids
}

started <- proc.time()
results <- list()
partitions <- list()
for (label in windows) {
  rows <- votes[votes$window == label, ]
  countries <- sort(unique(rows$iso3))
  codes <- matrix(0L, length(countries), max(rows$rollcall))
  codes[cbind(match(rows$iso3, countries), rows$rollcall)] <- rows$vote
  all <- indices(codes)
  agree <- all$agree
  diag(agree) <- NA
  keep <- rowSums(!is.na(agree)) > 0
  agree <- all$agree[keep, keep]
  countries <- countries[keep]
  if (length(countries) < 2) next
  w <- agree
  w[is.na(w)] <- 0
  diag(w) <- 0
  w <- pmax(w, 0)
  g <- graph_from_adjacency_matrix(w, mode = "upper", weighted = TRUE, diag = FALSE)
  blocs <- cluster_louvain(g, weights = E(g)$weight)
  q <- modularity(g, membership(blocs), weights = E(g)$weight)
  defined <- !is.na(agree)
  diag(defined) <- FALSE
  mask <- knn_mask(w, defined, 8)
  bb <- graph_from_adjacency_matrix(ifelse(mask & w > 0, w, 0), mode = "upper", weighted = TRUE, diag = FALSE)
  distance <- 1 - pmin(E(bb)$weight, 1) + 1e-9
  member <- outer(membership(blocs), sort(unique(membership(blocs))), "==") * 1
  towards <- w %*% member
  metrics <- data.frame(
    iso3 = countries,
    strength = rowSums(w),
    eigenvector = abs(eigen(w, symmetric = TRUE)$vectors[, 1]),
    pagerank = page_rank(g, weights = E(g)$weight)$vector,
    betweenness = betweenness(bb, weights = distance, directed = FALSE, normalized = TRUE),
    closeness = closeness(bb, weights = distance, normalized = TRUE),
    participation = 1 - rowSums((towards / rowSums(towards))^2)
  )
  results[[label]] <- list(countries = countries, agree = agree, metrics = metrics, modularity = q)
  partitions[[label]] <- split(countries, membership(blocs))
}
tracked <- jaccard_track(partitions)
elapsed <- proc.time() - started

cpu <- sum(elapsed[c("user.self", "sys.self", "user.child", "sys.child")], na.rm = TRUE)
writeLines(sprintf("%.6f %.6f", elapsed[["elapsed"]], cpu), args[3])
out <- file(args[2], "wb")
for (label in names(results)) {
  writeBin(results[[label]]$agree[upper.tri(results[[label]]$agree)], out, size = 8)
}
close(out)
