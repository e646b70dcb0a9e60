"""Pages of the knowledge base: thin adapters (parse, call one query or service, render)."""
