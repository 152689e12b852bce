// Voeten agreement of two countries computed straight from their votes between two dates
// (1 same vote, 0.5 when one abstains, 0 Yes against No; roll calls where either was absent are
// left out), with the number of roll calls and of identical votes. Uses the seats as recorded:
// ask for SUN, not RUS, before 1992.
// :params {a: "USA", b: "RUS", body: "GA", from: "2025-01-20", to: "2025-12-31"}
MATCH (:Country {iso3: $a})-[va:VOTED]->(r:RollCall {body: $body})<-[vb:VOTED]-(:Country {iso3: $b})
WHERE r.date >= date($from) AND r.date <= date($to)
  AND va.vote IN ["Y", "N", "A"] AND vb.vote IN ["Y", "N", "A"]
RETURN count(r) AS covotes,
       avg(CASE WHEN va.vote = vb.vote THEN 1.0 WHEN va.vote = "A" OR vb.vote = "A" THEN 0.5 ELSE 0.0 END) AS agree,
       sum(CASE WHEN va.vote = vb.vote THEN 1 ELSE 0 END) AS identical;
