// Lineage of the bloc holding a country in one window to the blocs it became in a later window,
// through CONTINUES_AS, SPLITS_INTO and MERGES_INTO steps (one path per line of descent).
// :params {analysis: "GA by session", index: "agree", iso3: "USA", from: "40", to: "80"}
MATCH (:Country {iso3: $iso3})-[:MEMBER_OF]->(origin:Bloc {analysis: $analysis, index: $index, window: $from})
MATCH path = (origin)-[:CONTINUES_AS|SPLITS_INTO|MERGES_INTO*]->(descendant:Bloc {window: $to})
WHERE descendant.analysis = $analysis AND descendant.index = $index
RETURN [b IN nodes(path) | b.window + ":" + b.name] AS lineage,
       [r IN relationships(path) | type(r)] AS steps, length(path) AS hops, descendant.name AS today
ORDER BY hops, today;
