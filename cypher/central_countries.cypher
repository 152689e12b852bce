// The most central countries of a window by one metric: strength, eigenvector, pagerank,
// closeness or betweenness (stored on MEMBER_OF when the analysis was loaded).
// :params {analysis: "GA by session", index: "agree", window: "80", metric: "eigenvector", limit: 10}
MATCH (c:Country)-[m:MEMBER_OF]->(b:Bloc {analysis: $analysis, index: $index, window: $window})
WHERE m[$metric] IS NOT NULL
RETURN c.iso3 AS iso3, c.name AS name, b.name AS bloc, m[$metric] AS value
ORDER BY value DESC, iso3
LIMIT $limit;
