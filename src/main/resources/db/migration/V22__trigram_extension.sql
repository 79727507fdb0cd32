-- Trigram matching for the case search (V23). A trusted extension: the schema's owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
