"""The progress method (docs/method.md): targets and figures in, progress rows out. Pure: no I/O."""
