"""Tables, the statement runner and its drivers, shared queries, migrations."""
