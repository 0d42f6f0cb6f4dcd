"""An outside review of "Reach everyone" (issue #22): each test here probes a
claim the way someone breaking it would, and failed before the fix it names."""
