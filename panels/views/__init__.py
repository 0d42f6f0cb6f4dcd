"""Views of panels (for commissioning teams) and of taking part (for citizens)."""
