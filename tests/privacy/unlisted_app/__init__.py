"""A test-only app under the project's root that no setting or list names (test_discovery)."""
