"""Disaster recovery: audit anchors outside the database, backups and point-in-time restore
(pgBackRest on PostgreSQL, the online backup API on SQLite), key escrow, the Patroni cluster
of the drill, and ``minwon dr drill``."""
