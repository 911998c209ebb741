"""Least privilege in the database: the owner and app roles, and the deploy check that the app's
role cannot switch the access log's guards off."""
