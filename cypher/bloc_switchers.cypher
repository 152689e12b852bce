// Countries that changed bloc between two windows (persistent bloc ids from the tracking step),
// e.g. between GA sessions 45 (1990) and 47 (1992), across the end of the Cold War.
// :params {analysis: "GA by session", index: "agree", from: "45", to: "47"}
MATCH (c:Country)-[:MEMBER_OF]->(before:Bloc {analysis: $analysis, index: $index, window: $from})
MATCH (c)-[:MEMBER_OF]->(after:Bloc {analysis: $analysis, index: $index, window: $to})
WHERE before.bloc <> after.bloc
RETURN c.iso3 AS iso3, c.name AS name, before.bloc AS from_bloc, before.name AS from_name,
       after.bloc AS to_bloc, after.name AS to_name
ORDER BY iso3;
