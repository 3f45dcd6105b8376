"""Getting figures in: what a user typed or a CSV holds turned into revisions, the workspace that
holds them, and workspaces shared by an OS group."""
