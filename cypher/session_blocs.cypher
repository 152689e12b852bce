// The blocs of one window (a GA session by default) and their members, largest first.
// Needs `graphmodel neo4j load --alignment` (analysis "GA by session", index "agree").
// `bloc` is the persistent id that tracking keeps across windows; `name` comes from the anchors it holds.
// :params {analysis: "GA by session", index: "agree", window: "80"}
MATCH (c:Country)-[:MEMBER_OF]->(b:Bloc {analysis: $analysis, index: $index, window: $window})
WITH b, c ORDER BY c.iso3
RETURN b.bloc AS bloc, b.name AS name, b.size AS size, b.modularity AS modularity, collect(c.iso3) AS members
ORDER BY size DESC, bloc;
