"""Citizens taking part: consent, profiles, panels, representative selection."""
