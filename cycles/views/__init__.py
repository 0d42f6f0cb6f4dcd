"""Screens for commissioning cycles."""
