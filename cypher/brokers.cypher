// Broker countries of a window: agreement spread most evenly across blocs (participation
// coefficient, Guimerà & Amaral 2005), with their betweenness on the backbone.
// :params {analysis: "GA by session", index: "agree", window: "80", limit: 10}
MATCH (c:Country)-[m:MEMBER_OF]->(b:Bloc {analysis: $analysis, index: $index, window: $window})
RETURN c.iso3 AS iso3, c.name AS name, b.name AS bloc, m.participation AS participation,
       m.betweenness AS betweenness
ORDER BY participation DESC, iso3
LIMIT $limit;
