"""Settings package: ``base`` holds what every environment shares.

``local`` is the zero-setup demo of ``make run`` (SQLite, tasks in-process), ``test``
runs the suite on PostgreSQL and Redis, ``production`` reads everything secret or
deployment-specific from the environment.
"""
