"""Showing progress rows: the display text of each cell, the Rich tables, panels and chart, and
the machine formats (JSON, CSV). Reads no store: it is given rows."""
