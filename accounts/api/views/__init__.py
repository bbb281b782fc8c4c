"""API views of accounts, one module per subject: auth, me (your own account), utils (reference
lists), staff (account management and the audit log)."""
