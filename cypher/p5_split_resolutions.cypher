// Roll calls on which the five permanent members of the day did not all vote the same way
// (the Soviet seat is SUN until 24 Dec 1991; the China seat is TWN until 25 Oct 1971).
// Absences (X) do not count. Works for the Security Council ("SC") and the General Assembly ("GA").
// :params {body: "SC", from: "2022-01-01", to: "2025-12-31"}
MATCH (r:RollCall {body: $body})
WHERE r.date >= date($from) AND r.date <= date($to)
MATCH (c:Country)-[v:VOTED]->(r)
WHERE c.p5_from <= r.date AND (c.p5_to IS NULL OR r.date < c.p5_to) AND v.vote IN ["Y", "N", "A"]
WITH r, c.iso3 AS iso3, v.vote AS vote ORDER BY iso3
WITH r, collect(iso3 + ":" + vote) AS p5, collect(DISTINCT vote) AS choices
WHERE size(choices) > 1
RETURN r.id AS id, coalesce(r.symbol, r.draft) AS symbol, r.date AS date, r.outcome AS outcome, p5, r.title AS title
ORDER BY date, id;
