"""System checks for the retention registry."""
