"""The retention registry: every category of personal data the policy names, its items, purposes,
retention and destruction, and the check that no field escapes it."""
