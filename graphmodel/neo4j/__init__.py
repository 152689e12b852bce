"""Neo4j: a local server started by the project, the schema and the loader (the only Bolt code)."""
