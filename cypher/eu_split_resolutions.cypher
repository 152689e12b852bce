// Roll calls on which the EU members of the day (EEC before 1993) did not all vote the same way,
// with who voted what. Absences (X) do not count as a split. Membership dates are on Country
// (eu_joined, eu_left; West Germany's seat is FRG until 3 Oct 1990).
// :params {body: "GA", from: "2025-01-01", to: "2025-12-31"}
MATCH (r:RollCall {body: $body})
WHERE r.date >= date($from) AND r.date <= date($to)
MATCH (c:Country)-[v:VOTED]->(r)
WHERE c.eu_joined <= r.date AND (c.eu_left IS NULL OR r.date < c.eu_left) AND v.vote IN ["Y", "N", "A"]
WITH r, v.vote AS vote, c.iso3 AS iso3 ORDER BY iso3
WITH r, vote, collect(iso3) AS members
WITH r, collect({vote: vote, members: members}) AS votes
WHERE size(votes) > 1
RETURN r.id AS id, coalesce(r.symbol, r.draft) AS symbol, r.date AS date, r.title AS title, votes
ORDER BY date, id;
