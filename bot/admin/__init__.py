"""Admin tools (domain): the live FAQ in the database, its revisions, imports and exports, the
admin team, the audit log and usage statistics. Knows nothing of Telegram."""
