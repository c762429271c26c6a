"""Admin tools (domain): the live FAQ in the database, its revisions, imports and exports, the
admin directory, the audit log and usage statistics. Knows nothing of Telegram."""
