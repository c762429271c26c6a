"""Storage access, one module per group of tables: ``users`` (users and their conversation
state), ``identities`` (messenger accounts), ``usage`` (the question log, votes and pending
question texts). Every function takes a connection or session and never commits: the caller
owns the transaction, so a change that spans several tables is saved whole or not at all."""
