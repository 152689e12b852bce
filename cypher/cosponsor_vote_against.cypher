// Who co-sponsors with a country but votes against it: members that co-sponsored at least
// $min_cosponsored resolutions of GA session $session with $country (named or through a group
// sponsor), ranked by how often they voted the opposite way (one Yes, the other No) on that
// session's recorded GA votes; covotes = votes where both voted Yes, No or Abstain. Seats as recorded.
// :params {country: "USA", session: 79, min_cosponsored: 10, top: 15}
MATCH (a:Country {iso3: $country})-[:SPONSORED]->(res:Resolution {session_no: $session})<-[:SPONSORED]-(b:Country)
WITH a, b, count(res) AS cosponsored
WHERE cosponsored >= $min_cosponsored
MATCH (a)-[va:VOTED]->(r:RollCall {body: "GA", session_no: $session})<-[vb:VOTED]-(b)
WHERE va.vote IN ["Y", "N", "A"] AND vb.vote IN ["Y", "N", "A"]
WITH b, cosponsored, count(r) AS covotes,
     sum(CASE WHEN (va.vote = "Y" AND vb.vote = "N") OR (va.vote = "N" AND vb.vote = "Y") THEN 1 ELSE 0 END) AS opposed
RETURN b.iso3 AS iso3, b.name AS name, cosponsored, covotes, opposed, toFloat(opposed) / covotes AS opposed_share
ORDER BY opposed DESC, iso3
LIMIT $top;
