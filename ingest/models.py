"""Source documents: every input exactly as received, with its status and result."""
