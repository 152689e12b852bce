// Constraints and indexes, created before any load (graphmodel neo4j load runs this file).
CREATE CONSTRAINT country_iso3 IF NOT EXISTS FOR (c:Country) REQUIRE c.iso3 IS UNIQUE;
CREATE CONSTRAINT rollcall_id IF NOT EXISTS FOR (r:RollCall) REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT session_key IF NOT EXISTS FOR (s:Session) REQUIRE (s.body, s.number) IS UNIQUE;
CREATE CONSTRAINT bloc_id IF NOT EXISTS FOR (b:Bloc) REQUIRE b.id IS UNIQUE;
CREATE INDEX rollcall_symbol IF NOT EXISTS FOR (r:RollCall) ON (r.symbol);
CREATE INDEX rollcall_date IF NOT EXISTS FOR (r:RollCall) ON (r.date);
CREATE INDEX bloc_run IF NOT EXISTS FOR (b:Bloc) ON (b.analysis, b.index, b.window);
CREATE CONSTRAINT country_window_id IF NOT EXISTS FOR (w:CountryInWindow) REQUIRE w.id IS UNIQUE;
CREATE INDEX country_window_run IF NOT EXISTS FOR (w:CountryInWindow) ON (w.analysis, w.index, w.window, w.iso3);
CREATE INDEX country_window_iso3 IF NOT EXISTS FOR (w:CountryInWindow) ON (w.iso3);
CREATE CONSTRAINT group_name IF NOT EXISTS FOR (g:Group) REQUIRE g.name IS UNIQUE;
CREATE CONSTRAINT resolution_symbol IF NOT EXISTS FOR (r:Resolution) REQUIRE r.symbol IS UNIQUE;
