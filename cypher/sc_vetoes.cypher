// Security Council vetoes by permanent member: drafts that failed because a permanent member
// voted No, with the first and latest vetoed draft in the period.
// :params {from: "1994-01-01", to: "2026-12-31"}
MATCH (c:Country)-[:VOTED {vote: "N"}]->(r:RollCall {body: "SC", outcome: "vetoed"})
WHERE c.p5_from <= r.date AND (c.p5_to IS NULL OR r.date < c.p5_to)
  AND r.date >= date($from) AND r.date <= date($to)
WITH c, r ORDER BY r.date
RETURN c.iso3 AS member, c.name AS name, count(r) AS vetoes,
       head(collect(r.draft)) AS first_draft, last(collect(r.draft)) AS latest_draft,
       max(r.date) AS latest_date
ORDER BY vetoes DESC, member;
