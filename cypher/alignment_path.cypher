// The shortest chain of close partners between two distant countries in one window: a path over
// backbone ALIGNED_WITH edges (each country's strongest ties), with the agreement of each step.
// :params {analysis: "GA by session", index: "agree", window: "80", a: "USA", b: "PRK"}
MATCH (x:Country {iso3: $a}), (y:Country {iso3: $b})
MATCH path = shortestPath((x)-[:ALIGNED_WITH*..12]-(y))
WHERE all(r IN relationships(path) WHERE r.analysis = $analysis AND r.index = $index
          AND r.window = $window AND r.backbone)
RETURN [n IN nodes(path) | n.iso3] AS countries, [r IN relationships(path) | r.weight] AS agreements,
       length(path) AS hops;
