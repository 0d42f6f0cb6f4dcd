"""Survey screens: the builder and results for teams, answering for citizens."""
