"""targets.toml: read and validated into a Catalog (loader), cached per user (cache), searched by id or name (lookup)."""
