"""The Textual dashboard (installed as ``ectui.screens``): presents progress rows, computes nothing."""
