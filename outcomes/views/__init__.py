"""Screens for outcomes frameworks and the public value scorecard."""
