// A country's closest and furthest partners in one window, by the agreement index loaded.
// `rank` 1 is the closest; the furthest are the last ranks. `covotes` is the number of roll calls
// both voted on, the denominator behind each agreement value. The whole agreement row of a country
// in a window sits on its CountryInWindow node as parallel lists (partners, agreement, covotes).
// :params {analysis: "GA by session", index: "agree", window: "80", iso3: "USA", limit: 5}
MATCH (w:CountryInWindow {analysis: $analysis, index: $index, window: $window, iso3: $iso3})
UNWIND range(0, size(w.partners) - 1) AS k
MATCH (p:Country {iso3: w.partners[k]})
WITH p, w.agreement[k] AS agreement, w.covotes[k] AS covotes ORDER BY agreement DESC, p.iso3
WITH collect({iso3: p.iso3, name: p.name, agreement: agreement, covotes: covotes}) AS ranked
UNWIND range(0, size(ranked) - 1) AS i
WITH ranked[i] AS partner, i + 1 AS rank, size(ranked) AS total
WHERE rank <= $limit OR rank > total - $limit
RETURN CASE WHEN rank <= $limit THEN "closest" ELSE "furthest" END AS side, rank,
       partner.iso3 AS iso3, partner.name AS name, partner.agreement AS agreement, partner.covotes AS covotes
ORDER BY rank;
