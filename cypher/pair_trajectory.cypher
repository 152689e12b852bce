// Alignment of two countries across every window of an analysis (e.g. USA and RUS by GA session).
// Continuing seats are merged in the alignment graph: the USSR's votes count for RUS.
// :params {analysis: "GA by session", index: "agree", a: "USA", b: "RUS"}
MATCH (:Country {iso3: $a})-[r:ALIGNED_WITH {analysis: $analysis, index: $index}]-(:Country {iso3: $b})
RETURN r.window AS window, r.weight AS agreement, r.n AS covotes
ORDER BY r.window_order;
