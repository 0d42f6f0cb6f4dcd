"""Surveys: built by commissioners, answered by citizens, counted as they arrive."""
