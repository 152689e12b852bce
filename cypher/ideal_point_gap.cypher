// Ideal points of two countries per GA session and the distance between them, with the 90%
// parametric-bootstrap intervals (graphmodel.idealpoints; the USSR's sessions are under RUS).
// Needs the POSITION relationships: loader.load_idealpoints (or `graphmodel neo4j load --idealpoints`).
// :params {a: "USA", b: "RUS", first: 1946, last: 2025}
MATCH (:Country {iso3: $a})-[pa:POSITION]->(s:Session {body: "GA"})<-[pb:POSITION]-(:Country {iso3: $b})
WHERE $first <= pa.year <= $last
RETURN pa.year AS year, s.number AS session, pa.ideal AS ideal_a, pa.lo AS lo_a, pa.hi AS hi_a,
       pb.ideal AS ideal_b, pb.lo AS lo_b, pb.hi AS hi_b, pa.ideal - pb.ideal AS gap
ORDER BY year;
