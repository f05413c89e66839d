"""The ``minwon`` command line."""
