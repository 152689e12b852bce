// The shortest chain of close partners between two distant countries in one window: a path over
// the window's ALIGNED_WITH edges (only backbone edges, each country's strongest ties, are
// relationships), with the agreement of each step.
// :params {analysis: "GA by session", index: "agree", window: "80", a: "USA", b: "PRK"}
MATCH (x:CountryInWindow {analysis: $analysis, index: $index, window: $window, iso3: $a})
MATCH (y:CountryInWindow {analysis: $analysis, index: $index, window: $window, iso3: $b})
MATCH path = shortestPath((x)-[:ALIGNED_WITH*..12]-(y))
RETURN [n IN nodes(path) | n.iso3] AS countries, [r IN relationships(path) | r.weight] AS agreements,
       length(path) AS hops;
