"""Getting data out: records as CSV and Parquet, a ledger journal, and a whole user's backup and restore."""
