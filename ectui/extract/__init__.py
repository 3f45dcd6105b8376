"""`ectui extract`: candidate targets and figures found in a plan's text (rules), printed to review (output)."""
