CREATE TABLE probe (id bigint PRIMARY KEY, name text NOT NULL);
INSERT INTO probe SELECT g, 'name ' || g FROM generate_series(1, 1000) g;
