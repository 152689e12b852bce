// Alignment of two countries across every window of an analysis (e.g. USA and RUS by GA session).
// Continuing seats are merged in the alignment graph: the USSR's votes count for RUS. Read from
// the first country's CountryInWindow node in each window: the second's position in its partners.
// :params {analysis: "GA by session", index: "agree", a: "USA", b: "RUS"}
MATCH (w:CountryInWindow {analysis: $analysis, index: $index, iso3: $a})
WITH w, [k IN range(0, size(w.partners) - 1) WHERE w.partners[k] = $b] AS at
WHERE size(at) = 1
RETURN w.window AS window, w.agreement[at[0]] AS agreement, w.covotes[at[0]] AS covotes
ORDER BY w.window_order;
