"""The partner registry (functional admin): organisations, their WGS participation and contacts, and
the role of an account. Writes here re-derive case access through the privacy kernel. No models of
its own: organisations, contacts and users belong to partners."""
