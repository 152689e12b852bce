// Co-sponsorship blocs of a GA session (graphmodel.cosponsorship, loaded by
// loader.load_cosponsor_blocs): each bloc's name, size and members, its agreement with the voting
// blocs of the session (adjusted Rand index, same for every bloc), and the number of the session's
// resolutions that at least two of its members sponsored.
// :params {session: "79"}
MATCH (c:Country)-[:IN_SPONSOR_BLOC]->(b:SponsorBloc {session: $session})
WITH b, collect(c.iso3) AS members
MATCH (m:Country)-[:SPONSORED]->(res:Resolution {session_no: toInteger($session)})
WHERE m.iso3 IN members
WITH b, members, res, count(m) AS inside
RETURN b.bloc AS bloc, b.name AS name, b.size AS size, members, b.ari AS ari,
       sum(CASE WHEN inside >= 2 THEN 1 ELSE 0 END) AS cosponsored_inside
ORDER BY bloc;
