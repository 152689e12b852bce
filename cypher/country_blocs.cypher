// A country's bloc in every window of an analysis, with its centrality there: how a state moved
// between blocs across the decades (e.g. POL: with the USSR until 1989, with the EU after).
// :params {analysis: "GA by session", index: "agree", iso3: "POL"}
MATCH (:Country {iso3: $iso3})-[m:MEMBER_OF]->(b:Bloc {analysis: $analysis, index: $index})
RETURN b.window AS window, b.bloc AS bloc, b.name AS bloc_name, b.size AS bloc_size,
       m.eigenvector AS eigenvector, m.participation AS participation
ORDER BY b.window_order;
