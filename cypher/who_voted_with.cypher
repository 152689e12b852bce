// Who voted with the US and with Russia on one resolution (default: A/RES/ES-11/7, 24 Feb 2025).
// Returns each vote choice with the countries that cast it and whether it matches USA / RUS.
// :params {symbol: "A/RES/ES-11/7", a: "USA", b: "RUS"}
MATCH (r:RollCall {symbol: $symbol})
WHERE NOT r.amend AND NOT r.para
MATCH (ca:Country {iso3: $a})-[va:VOTED]->(r)
MATCH (cb:Country {iso3: $b})-[vb:VOTED]->(r)
MATCH (c:Country)-[v:VOTED]->(r)
RETURN v.vote AS vote, v.vote = va.vote AS with_a, v.vote = vb.vote AS with_b,
       count(c) AS countries, collect(c.iso3) AS members
ORDER BY vote;
