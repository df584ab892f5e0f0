"""The append-only audit trail every change writes to."""
