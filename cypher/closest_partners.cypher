// A country's closest and furthest partners in one window, by the agreement index loaded.
// `rank` 1 is the closest; the furthest are the last ranks. `covotes` is the number of roll calls
// both voted on, the denominator behind each agreement value.
// :params {analysis: "GA by session", index: "agree", window: "80", iso3: "USA", limit: 5}
MATCH (:Country {iso3: $iso3})-[a:ALIGNED_WITH {analysis: $analysis, index: $index, window: $window}]-(p:Country)
WITH p, a ORDER BY a.weight DESC, p.iso3
WITH collect({iso3: p.iso3, name: p.name, agreement: a.weight, covotes: a.n}) AS ranked
UNWIND range(0, size(ranked) - 1) AS i
WITH ranked[i] AS partner, i + 1 AS rank, size(ranked) AS total
WHERE rank <= $limit OR rank > total - $limit
RETURN CASE WHEN rank <= $limit THEN "closest" ELSE "furthest" END AS side, rank,
       partner.iso3 AS iso3, partner.name AS name, partner.agreement AS agreement, partner.covotes AS covotes
ORDER BY rank;
